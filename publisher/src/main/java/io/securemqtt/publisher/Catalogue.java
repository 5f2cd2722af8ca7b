package io.securemqtt.publisher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The articles the publisher cycles through: a JSON array of
 * {@code {"newspaper": "marca", "section": "futbol", "title": "…", "body": "…"}} objects.
 *
 * <p>Unlike the wire format, the catalogue refuses unknown fields: it is written by hand, and a
 * misspelt {@code "tittle"} should fail loudly at start-up rather than be skipped.
 */
public final class Catalogue {

    static final String BUNDLED_RESOURCE = "catalogue.json";
    private static final Set<String> FIELDS = Set.of("newspaper", "section", "title", "body");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final List<CatalogueEntry> entries;

    private Catalogue(List<CatalogueEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The catalogue shipped inside the jar. */
    public static Catalogue bundled() {
        try (InputStream in = Catalogue.class.getResourceAsStream("/" + BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new InvalidCatalogueException("the bundled " + BUNDLED_RESOURCE + " is missing from the jar; rebuild it", null);
            }
            return parse(in.readAllBytes(), "bundled " + BUNDLED_RESOURCE);
        } catch (IOException e) {
            throw new InvalidCatalogueException("cannot read the bundled " + BUNDLED_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** A catalogue file of the operator's, named by {@code CATALOGUE_FILE}. */
    public static Catalogue fromFile(Path file) {
        String source = "catalogue " + file + " (" + PublisherConfig.CATALOGUE_FILE + ")";
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidCatalogueException(source + " does not exist; fix the path or unset the variable to use the bundled one", e);
        } catch (IOException e) {
            throw new InvalidCatalogueException(source + " cannot be read: " + e, e);
        }
        return parse(content, source);
    }

    static Catalogue parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidCatalogueException(source + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new InvalidCatalogueException(source + " must be a JSON array of articles", null);
        }
        if (root.isEmpty()) {
            throw new InvalidCatalogueException(source + " has no entries; it needs at least one article", null);
        }
        List<CatalogueEntry> entries = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            entries.add(entry(root.get(i), source + ": entry " + (i + 1)));
        }
        return new Catalogue(entries);
    }

    private static CatalogueEntry entry(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new InvalidCatalogueException(where + " must be an object with newspaper, section, title and body", null);
        }
        String title = node.path("title").isTextual() ? " (\"" + node.get("title").textValue() + "\")" : "";
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidCatalogueException(where + title + " has an unknown field '" + name
                        + "'; the fields are newspaper, section, title and body", null);
            }
        }
        for (String field : List.of("newspaper", "section", "title", "body")) {
            JsonNode value = node.get(field);
            if (value == null) {
                throw new InvalidCatalogueException(where + title + " is missing field '" + field + "'", null);
            }
            if (!value.isTextual()) {
                throw new InvalidCatalogueException(where + title + ": field '" + field + "' must be a string, got "
                        + value.getNodeType().name().toLowerCase(Locale.ROOT), null);
            }
        }
        try {
            return new CatalogueEntry(node.get("newspaper").textValue(), node.get("section").textValue(),
                    node.get("title").textValue(), node.get("body").textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidCatalogueException(where + title + ": " + e.getMessage(), e);
        }
    }

    public List<CatalogueEntry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }
}
