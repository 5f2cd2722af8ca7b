package io.securemqtt.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.article.ArticleCodec;

class CatalogueTest {

    @TempDir
    Path dir;

    private static Catalogue parse(String json) {
        return Catalogue.parse(json.getBytes(StandardCharsets.UTF_8), "test catalogue");
    }

    private static String error(String json) {
        return assertThrows(InvalidCatalogueException.class, () -> parse(json)).getMessage();
    }

    @Test
    void bundledCatalogueIsValidAndVaried() throws Exception {
        Catalogue catalogue = Catalogue.bundled();
        assertTrue(catalogue.size() >= 20, "about twenty entries, got " + catalogue.size());

        long football = catalogue.entries().stream().filter(e -> e.section().equals("futbol")).count();
        assertTrue(football * 3 >= catalogue.size(), "at least a third football, got " + football);

        Set<String> newspapers = new HashSet<>();
        Set<String> sections = new HashSet<>();
        ArticleCodec codec = new ArticleCodec();
        for (CatalogueEntry entry : catalogue.entries()) {
            Article article = entry.toArticle("id", Instant.EPOCH);
            assertEquals(article, codec.decode(codec.encode(article)), "round-trips on the wire: " + entry.title());
            assertTrue(article.topic().matches("articulos/[a-z]+/[a-z]+"), article.topic());
            newspapers.add(entry.newspaper());
            sections.add(entry.section());
        }
        assertTrue(newspapers.containsAll(Set.of("elpais", "marca", "as", "eldiario", "abc")), newspapers.toString());
        assertTrue(sections.containsAll(Set.of("futbol", "politica", "economia", "cultura", "tecnologia")), sections.toString());
    }

    @Test
    void readsAnOperatorsFile() throws Exception {
        Path file = Files.writeString(dir.resolve("mine.json"),
                "[{\"newspaper\":\"lavanguardia\",\"section\":\"futbol\",\"title\":\"Gol\",\"body\":\"\"}]");
        Catalogue catalogue = Catalogue.fromFile(file);
        assertEquals(1, catalogue.size());
        assertEquals("lavanguardia", catalogue.entries().get(0).newspaper());
    }

    @Test
    void missingFileNamesTheVariable() {
        Path file = dir.resolve("missing.json");
        InvalidCatalogueException e = assertThrows(InvalidCatalogueException.class, () -> Catalogue.fromFile(file));
        assertTrue(e.getMessage().startsWith("catalogue " + file + " (CATALOGUE_FILE) does not exist"), e.getMessage());
    }

    @Test
    void badNewspaperNamesTheEntry() {
        String message = error("[{\"newspaper\":\"as\",\"section\":\"futbol\",\"title\":\"Uno\",\"body\":\"\"},"
                + "{\"newspaper\":\"el/pais\",\"section\":\"politica\",\"title\":\"Dos\",\"body\":\"\"}]");
        assertEquals("test catalogue: entry 2 (\"Dos\"): newspaper 'el/pais' contains '/', which would split it into two topic levels", message);
    }

    @Test
    void badSectionNamesTheEntry() {
        String message = error("[{\"newspaper\":\"as\",\"section\":\"#\",\"title\":\"Uno\",\"body\":\"\"}]");
        assertTrue(message.startsWith("test catalogue: entry 1 (\"Uno\"): section '#' contains a wildcard"), message);
    }

    @Test
    void unknownFieldIsATypo() {
        assertEquals("test catalogue: entry 1 has an unknown field 'tittle'; the fields are newspaper, section, title and body",
                error("[{\"newspaper\":\"as\",\"section\":\"futbol\",\"tittle\":\"Uno\",\"body\":\"\"}]"));
    }

    @Test
    void missingAndMistypedFields() {
        assertEquals("test catalogue: entry 1 (\"Uno\") is missing field 'body'",
                error("[{\"newspaper\":\"as\",\"section\":\"futbol\",\"title\":\"Uno\"}]"));
        assertEquals("test catalogue: entry 1 (\"Uno\"): field 'section' must be a string, got number",
                error("[{\"newspaper\":\"as\",\"section\":7,\"title\":\"Uno\",\"body\":\"\"}]"));
        assertEquals("test catalogue: entry 1 (\" \"): title is empty",
                error("[{\"newspaper\":\"as\",\"section\":\"futbol\",\"title\":\" \",\"body\":\"\"}]"));
    }

    @Test
    void wrongShapes() {
        assertTrue(error("not json").startsWith("test catalogue is not valid JSON"));
        assertEquals("test catalogue must be a JSON array of articles", error("{\"articles\":[]}"));
        assertEquals("test catalogue has no entries; it needs at least one article", error("[]"));
        assertTrue(error("[\"just a title\"]").startsWith("test catalogue: entry 1 must be an object"));
    }
}
