package io.securemqtt.common.article;

import static io.securemqtt.testing.ArticleJson.payload;
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

    private static byte[] withId(String id) {
        return payload(id, "as", "futbol", "t", "", "2025-01-01T00:00:00Z");
    }

    private static byte[] publishedAt(String instant) {
        return payload("1", "as", "futbol", "t", "", instant);
    }

    @Test
    void idIsBoundedAndFromASafeAlphabet() throws Exception {
        assertEquals("a".repeat(64), codec.decode(withId("a".repeat(64))).id());
        assertEquals("Az09._:-", codec.decode(withId("Az09._:-")).id());
        assertEquals("id is 65 characters long, more than the limit of 64", reason(withId("a".repeat(65))));
        assertEquals("id is 60000 characters long, more than the limit of 64", reason(withId("a".repeat(60_000))));
        assertEquals("id must not be empty", reason(withId("")));
        assertEquals("id contains the character U+002F at position 3; only A-Z a-z 0-9 . _ : - are allowed",
                reason(withId("abc/def")));
        assertEquals("id contains the character U+001B at position 0; only A-Z a-z 0-9 . _ : - are allowed",
                reason(withId("\u001b[31mred")));
        assertEquals("id contains the character U+0020 at position 1; only A-Z a-z 0-9 . _ : - are allowed",
                reason(withId("a b")));
    }

    @Test
    void titleAndBodyAreBounded() throws Exception {
        String title = "t".repeat(Article.MAX_TITLE_LENGTH);
        String body = "b".repeat(Article.MAX_BODY_LENGTH);
        Article biggest = codec.decode(payload("1", "as", "futbol", title, body, "2025-01-01T00:00:00Z"));
        assertEquals(title, biggest.title());
        assertEquals(body, biggest.body());
        assertEquals("title is 301 characters long, more than the limit of 300",
                reason(payload("1", "as", "futbol", title + "t", "", "2025-01-01T00:00:00Z")));
        assertEquals("body is 10001 characters long, more than the limit of 10000",
                reason(payload("1", "as", "futbol", "t", body + "b", "2025-01-01T00:00:00Z")));
    }

    @Test
    void topicLevelsAreBoundedAndTheirEchoToo() {
        String reason = reason(payload("1", "n".repeat(60_000), "futbol", "t", "", "2025-01-01T00:00:00Z"));
        assertEquals("newspaper '" + "n".repeat(2 * Topics.MAX_LEVEL_LENGTH) + "...' is longer than 64 characters", reason);
        assertTrue(reason(payload("1", "as", "s".repeat(65), "t", "", "2025-01-01T00:00:00Z"))
                .endsWith("is longer than 64 characters"));
    }

    @Test
    void publishedAtIsWithinTheWindow() throws Exception {
        String window = "is outside the accepted window, from 1970-01-01T00:00:00Z (inclusive) to 2100-01-01T00:00:00Z (exclusive)";
        // The timestamp the issue reports overflowing the latency metric.
        assertEquals("publishedAt 0001-01-01T00:00:00Z " + window, reason(publishedAt("0001-01-01T00:00:00Z")));
        assertEquals("publishedAt 9999-12-31T23:59:59Z " + window, reason(publishedAt("9999-12-31T23:59:59Z")));
        assertEquals("publishedAt 1969-12-31T23:59:59.999Z " + window, reason(publishedAt("1969-12-31T23:59:59.999Z")));
        assertEquals("publishedAt 2100-01-01T00:00:00Z " + window, reason(publishedAt("2100-01-01T00:00:00Z")));
        assertTrue(reason(publishedAt("+1000000001-01-01T00:00:00Z")).startsWith("field 'publishedAt' is not an ISO-8601 instant"));
        assertEquals(Article.EARLIEST_PUBLISHED_AT, codec.decode(publishedAt("1970-01-01T00:00:00Z")).publishedAt());
        assertEquals(Instant.parse("2099-12-31T23:59:59.999999999Z"),
                codec.decode(publishedAt("2099-12-31T23:59:59.999999999Z")).publishedAt());
    }

    /**
     * The arithmetic behind "any valid article fits": JSON costs at most 6 bytes per UTF-16 character
     * (a control character is written as a six-byte backslash-u escape; Jackson writes each half of a
     * surrogate pair as such an escape too), a topic level of 64 code points is at most 128 characters,
     * and the longest instant in the window has nanoseconds.
     */
    @Test
    void anyValidArticleEncodesWithinThePayloadLimit() {
        int envelope = utf8("{\"id\":\"\",\"newspaper\":\"\",\"section\":\"\",\"title\":\"\",\"body\":\"\",\"publishedAt\":\"\"}").length;
        int longestInstant = Article.LATEST_PUBLISHED_AT.minusNanos(1).toString().length();
        int levelChars = 2 * Topics.MAX_LEVEL_LENGTH;
        int worstCase = envelope + Article.MAX_ID_LENGTH + 6 * (2 * levelChars + Article.MAX_TITLE_LENGTH + Article.MAX_BODY_LENGTH)
                + longestInstant;
        assertEquals(63_505, worstCase);
        assertTrue(worstCase <= ArticleCodec.MAX_PAYLOAD_BYTES, worstCase + " bytes");
    }

    /** And what the encoder really writes for the costliest characters, each filling every field. */
    @ParameterizedTest
    @CsvSource({"0001", "001b", "0085", "2028", "20ac", "d83d:de00", "d800"})
    void theCostliestValidArticlesEncodeWithinTheLimit(String codeUnits) throws Exception {
        StringBuilder unit = new StringBuilder();
        for (String hex : codeUnits.split(":")) {
            unit.append((char) Integer.parseInt(hex, 16));
        }
        // One letter first: some of these characters are white space, and a blank level or title is refused.
        String level = "a" + unit.toString().repeat(Topics.MAX_LEVEL_LENGTH - 1);
        Article worst = new Article("x".repeat(Article.MAX_ID_LENGTH), level, level,
                "t" + unit.toString().repeat((Article.MAX_TITLE_LENGTH - 1) / unit.length()),
                unit.toString().repeat(Article.MAX_BODY_LENGTH / unit.length()),
                Article.LATEST_PUBLISHED_AT.minusNanos(1));
        assertTrue(worst.body().length() == Article.MAX_BODY_LENGTH);
        byte[] payload = codec.encode(worst);
        assertTrue(payload.length <= 63_505, payload.length + " bytes, more than the arithmetic allows");
        assertEquals(worst, codec.decode(payload));
    }
}
