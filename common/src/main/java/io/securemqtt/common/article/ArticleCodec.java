package io.securemqtt.common.article;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.DateTimeException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The wire format of an {@link Article}: a UTF-8 JSON object
 *
 * <pre>{@code
 * {"id":"8c0f…","newspaper":"marca","section":"futbol","title":"…","body":"…","publishedAt":"2025-05-04T18:30:00Z"}
 * }</pre>
 *
 * <p>All six fields are required strings; {@code publishedAt} is an ISO-8601 instant. Unknown
 * fields are ignored, so a newer publisher can add fields without breaking older subscribers.
 * Each field must be within the limits of {@link Article} (id alphabet and length, title and body
 * length, topic levels, the {@code publishedAt} window), which decoding reports as an
 * {@link InvalidArticleException} naming the field and the limit.
 *
 * <p>Payloads above {@value #MAX_PAYLOAD_BYTES} bytes are refused both ways: an article is a few kB,
 * and a subscriber should not parse whatever size someone publishes. It is the one size limit of the
 * stack (the MQTT clients derive the packet size they announce from it), and {@link Article}'s
 * field limits are chosen so that every valid article encodes within it.
 *
 * <p>Thread-safe.
 */
public final class ArticleCodec {

    public static final String CONTENT_TYPE = "application/json";
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private static final String[] TEXT_FIELDS = {"id", "newspaper", "section", "title", "body", "publishedAt"};

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * Never fails for an article within {@link Article}'s limits (ArticleCodecTest proves the worst
     * case fits); the size check stays as the last guard should those limits ever be raised.
     *
     * @throws IllegalArgumentException if the encoded article is larger than {@value #MAX_PAYLOAD_BYTES} bytes
     */
    public byte[] encode(Article article) {
        byte[] payload;
        try {
            payload = mapper.writeValueAsBytes(article);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode article " + article.id(), e);
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("article " + article.id() + " encodes to " + payload.length
                    + " bytes, more than the " + MAX_PAYLOAD_BYTES + " subscribers accept; shorten its body");
        }
        return payload;
    }

    /**
     * @throws InvalidArticleException with a short reason, e.g. {@code payload is empty},
     *         {@code not valid JSON: …}, {@code missing field 'title'}, {@code field 'id' must be a string, got number}
     */
    public Article decode(byte[] payload) throws InvalidArticleException {
        if (payload == null || payload.length == 0) {
            throw new InvalidArticleException("payload is empty");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new InvalidArticleException("payload is " + payload.length + " bytes, more than the limit of " + MAX_PAYLOAD_BYTES);
        }
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new InvalidArticleException("not valid JSON: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidArticleException("not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidArticleException("payload contains no JSON value (only whitespace)");
        }
        if (!root.isObject()) {
            throw new InvalidArticleException("expected a JSON object, got " + typeOf(root));
        }
        for (String field : TEXT_FIELDS) {
            JsonNode value = root.get(field);
            if (value == null) {
                throw new InvalidArticleException("missing field '" + field + "'");
            }
            if (!value.isTextual()) {
                throw new InvalidArticleException("field '" + field + "' must be a string, got " + typeOf(value));
            }
        }
        Instant publishedAt;
        try {
            publishedAt = Instant.parse(root.get("publishedAt").textValue());
        } catch (DateTimeException e) { // unparseable, or a year beyond what Instant holds
            throw new InvalidArticleException("field 'publishedAt' is not an ISO-8601 instant such as 2025-05-04T18:30:00Z", e);
        }
        try {
            return new Article(text(root, "id"), text(root, "newspaper"), text(root, "section"),
                    text(root, "title"), text(root, "body"), publishedAt);
        } catch (IllegalArgumentException e) {
            throw new InvalidArticleException(e.getMessage(), e);
        }
    }

    private static String text(JsonNode root, String field) {
        return root.get(field).textValue();
    }

    private static String typeOf(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
