package io.securemqtt.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArticleCodecTest {

    private final ArticleCodec codec = new ArticleCodec();

    private static final Article ARTICLE = new Article("3f1c2a4e-0000-4000-8000-000000000001", "marca", "futbol",
            "El Madrid gana el clásico con un gol en el último minuto", "Crónica del partido: «¡qué final!»",
            Instant.parse("2025-05-04T18:30:00.123Z"));

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String reason(byte[] payload) {
        return assertThrows(InvalidArticleException.class, () -> codec.decode(payload)).getMessage();
    }

    @Test
    void roundTrips() throws Exception {
        assertEquals(ARTICLE, codec.decode(codec.encode(ARTICLE)));
    }

    @Test
    void wireFormatIsTheDocumentedOne() {
        String json = new String(codec.encode(ARTICLE), StandardCharsets.UTF_8);
        assertEquals("{\"id\":\"3f1c2a4e-0000-4000-8000-000000000001\",\"newspaper\":\"marca\",\"section\":\"futbol\","
                + "\"title\":\"El Madrid gana el clásico con un gol en el último minuto\","
                + "\"body\":\"Crónica del partido: «¡qué final!»\",\"publishedAt\":\"2025-05-04T18:30:00.123Z\"}", json);
    }

    @Test
    void ignoresUnknownFields() throws Exception {
        Article article = codec.decode(utf8("{\"id\":\"1\",\"newspaper\":\"as\",\"section\":\"futbol\",\"title\":\"t\","
                + "\"body\":\"\",\"publishedAt\":\"2025-01-01T00:00:00Z\",\"author\":{\"name\":\"x\"},\"tags\":[1,2]}"));
        assertEquals("as", article.newspaper());
        assertEquals("", article.body());
    }

    @Test
    void acceptsOffsetTimestamps() throws Exception {
        Article article = codec.decode(utf8("{\"id\":\"1\",\"newspaper\":\"as\",\"section\":\"futbol\",\"title\":\"t\","
                + "\"body\":\"\",\"publishedAt\":\"2025-01-01T02:00:00+02:00\"}"));
        assertEquals(Instant.parse("2025-01-01T00:00:00Z"), article.publishedAt());
    }

    @Test
    void emptyPayload() {
        assertEquals("payload is empty", reason(new byte[0]));
        assertEquals("payload is empty", reason(null));
        assertEquals("payload contains no JSON value (only whitespace)", reason(utf8("  \n")));
    }

    @Test
    void notJson() {
        assertTrue(reason(utf8("hola, esto no es JSON")).startsWith("not valid JSON: "));
        assertTrue(reason(utf8("{\"id\":\"1\"")).startsWith("not valid JSON: "));
        assertTrue(reason(utf8("{\"id\":\"1\"} trailing")).startsWith("not valid JSON: "));
    }

    @Test
    void binaryGarbage() {
        byte[] garbage = new byte[512];
        new Random(42).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        String reason = reason(garbage);
        assertTrue(reason.startsWith("not valid JSON: "), reason);
        assertTrue(reason.length() < 200, "a reason is short enough for one log line: " + reason);
    }

    @Test
    void notAnObject() {
        assertEquals("expected a JSON object, got array", reason(utf8("[1,2]")));
        assertEquals("expected a JSON object, got string", reason(utf8("\"hola\"")));
    }

    @ParameterizedTest
    @CsvSource({"id", "newspaper", "section", "title", "body", "publishedAt"})
    void missingField(String field) {
        String json = new String(codec.encode(ARTICLE), StandardCharsets.UTF_8)
                .replaceFirst("\"" + field + "\":\"[^\"]*\",?", "")
                .replace(",}", "}");
        assertEquals("missing field '" + field + "'", reason(utf8(json)));
    }

    @Test
    void wrongTypes() {
        assertEquals("field 'title' must be a string, got number", reason(utf8(
                "{\"id\":\"1\",\"newspaper\":\"as\",\"section\":\"futbol\",\"title\":5,\"body\":\"\",\"publishedAt\":\"2025-01-01T00:00:00Z\"}")));
        assertEquals("field 'id' must be a string, got null", reason(utf8(
                "{\"id\":null,\"newspaper\":\"as\",\"section\":\"futbol\",\"title\":\"t\",\"body\":\"\",\"publishedAt\":\"2025-01-01T00:00:00Z\"}")));
        assertEquals("field 'publishedAt' must be a string, got number", reason(utf8(
                "{\"id\":\"1\",\"newspaper\":\"as\",\"section\":\"futbol\",\"title\":\"t\",\"body\":\"\",\"publishedAt\":1746383400}")));
        assertEquals("field 'body' must be a string, got object", reason(utf8(
                "{\"id\":\"1\",\"newspaper\":\"as\",\"section\":\"futbol\",\"title\":\"t\",\"body\":{},\"publishedAt\":\"2025-01-01T00:00:00Z\"}")));
    }

    @Test
    void badTimestamp() {
        assertTrue(reason(utf8("{\"id\":\"1\",\"newspaper\":\"as\",\"section\":\"futbol\",\"title\":\"t\",\"body\":\"\",\"publishedAt\":\"ayer\"}"))
                .startsWith("field 'publishedAt' is not an ISO-8601 instant"));
    }

    @Test
    void invalidValues() {
        assertEquals("title must not be empty", reason(utf8(
                "{\"id\":\"1\",\"newspaper\":\"as\",\"section\":\"futbol\",\"title\":\" \",\"body\":\"\",\"publishedAt\":\"2025-01-01T00:00:00Z\"}")));
        assertTrue(reason(utf8(
                "{\"id\":\"1\",\"newspaper\":\"as/b\",\"section\":\"futbol\",\"title\":\"t\",\"body\":\"\",\"publishedAt\":\"2025-01-01T00:00:00Z\"}"))
                .startsWith("newspaper 'as/b' contains '/'"));
    }

    @Test
    void duplicateKeysAreRefused() {
        assertTrue(reason(utf8("{\"id\":\"1\",\"id\":\"2\",\"newspaper\":\"as\",\"section\":\"futbol\",\"title\":\"t\",\"body\":\"\","
                + "\"publishedAt\":\"2025-01-01T00:00:00Z\"}")).startsWith("not valid JSON: Duplicate field 'id'"));
    }

    @Test
    void tooLarge() {
        byte[] payload = new byte[ArticleCodec.MAX_PAYLOAD_BYTES + 1];
        assertEquals("payload is 65537 bytes, more than the limit of 65536", reason(payload));
    }

    @Test
    void encodeRefusesWhatDecodeWouldRefuse() {
        Article huge = new Article("1", "as", "futbol", "t", "x".repeat(ArticleCodec.MAX_PAYLOAD_BYTES), Instant.EPOCH);
        assertThrows(IllegalArgumentException.class, () -> codec.encode(huge));
    }

    @Test
    void largestAcceptedPayloadRoundTrips() throws Exception {
        Article article = new Article("1", "as", "futbol", "t", "", Instant.EPOCH);
        int overhead = codec.encode(article).length;
        Article biggest = new Article("1", "as", "futbol", "t", "x".repeat(ArticleCodec.MAX_PAYLOAD_BYTES - overhead), Instant.EPOCH);
        byte[] payload = codec.encode(biggest);
        assertEquals(ArticleCodec.MAX_PAYLOAD_BYTES, payload.length);
        assertArrayEquals(payload, codec.encode(codec.decode(payload)));
    }
}
