package io.securemqtt.common.article;

import java.time.Instant;
import java.util.Objects;

/**
 * A newspaper article as it travels over MQTT.
 *
 * <p>Every field is bounded here, where an article is made, so that the publisher cannot build an
 * article the subscriber would refuse and the subscriber never holds a field larger than these
 * limits, whoever published it. Lengths are in UTF-16 characters ({@link String#length()}): a
 * character outside the Basic Multilingual Plane (an emoji) counts as two. The limits are chosen
 * so that any valid article encodes within {@link ArticleCodec#MAX_PAYLOAD_BYTES}, even when every
 * character is one that JSON writes as a six-byte backslash-u escape.
 *
 * @param id          unique id, used by subscribers to drop QoS 1 redeliveries: 1 to {@value #MAX_ID_LENGTH}
 *                    characters from {@value #ID_ALPHABET}, e.g. a UUID
 * @param newspaper   newspaper slug, e.g. {@code marca}; a topic level ({@link Topics#checkLevel})
 * @param section     section slug, e.g. {@code futbol}; a topic level ({@link Topics#checkLevel})
 * @param title       headline, not blank, at most {@value #MAX_TITLE_LENGTH} characters
 * @param body        text, may be empty, at most {@value #MAX_BODY_LENGTH} characters
 * @param publishedAt when it was published, from {@link #EARLIEST_PUBLISHED_AT} (inclusive) to
 *                    {@link #LATEST_PUBLISHED_AT} (exclusive)
 */
public record Article(String id, String newspaper, String section, String title, String body, Instant publishedAt) {

    public static final int MAX_ID_LENGTH = 64;
    /** The characters an id may use: they need no escaping in a log line, a topic or a URL. */
    public static final String ID_ALPHABET = "A-Z a-z 0-9 . _ : -";
    public static final int MAX_TITLE_LENGTH = 300;
    public static final int MAX_BODY_LENGTH = 10_000;
    /**
     * The window of {@code publishedAt}. Fixed rather than relative to a clock, so that an article
     * valid when published stays valid when it is read a day later from a queue; wide enough for any
     * real article (the Unix epoch to the end of the century), narrow enough that its distance to any
     * clock of this century fits the latency metric's nanoseconds (about 292 years) many times over.
     */
    public static final Instant EARLIEST_PUBLISHED_AT = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST_PUBLISHED_AT = Instant.parse("2100-01-01T00:00:00Z");

    public Article {
        checkId(id);
        Topics.checkLevel("newspaper", newspaper);
        Topics.checkLevel("section", section);
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title must not be empty");
        }
        checkLength("title", title, MAX_TITLE_LENGTH);
        Objects.requireNonNull(body, "body must not be null (use an empty string)");
        checkLength("body", body, MAX_BODY_LENGTH);
        Objects.requireNonNull(publishedAt, "publishedAt must not be null");
        if (publishedAt.isBefore(EARLIEST_PUBLISHED_AT) || !publishedAt.isBefore(LATEST_PUBLISHED_AT)) {
            throw new IllegalArgumentException("publishedAt " + publishedAt + " is outside the accepted window, from "
                    + EARLIEST_PUBLISHED_AT + " (inclusive) to " + LATEST_PUBLISHED_AT + " (exclusive)");
        }
    }

    /** The topic it is published to, e.g. {@code articulos/marca/futbol}. */
    public String topic() {
        return Topics.forArticle(newspaper, section);
    }

    /** True if {@code id} would be accepted as an article id; for callers that log ids not yet validated. */
    public static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!isIdCharacter(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void checkId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("id is " + id.length() + " characters long, more than the limit of " + MAX_ID_LENGTH);
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!isIdCharacter(c)) {
                // The character's code, not the character: it may be a control character or a quote.
                throw new IllegalArgumentException(String.format("id contains the character U+%04X at position %d; "
                        + "only %s are allowed", (int) c, i, ID_ALPHABET));
            }
        }
    }

    private static boolean isIdCharacter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == ':' || c == '-';
    }

    private static void checkLength(String field, String value, int limit) {
        if (value.length() > limit) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters long, more than the limit of " + limit);
        }
    }
}
