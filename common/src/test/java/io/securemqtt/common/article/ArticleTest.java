package io.securemqtt.common.article;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ArticleTest {

    @Test
    void knowsItsTopic() {
        assertEquals("articulos/as/futbol", new Article("1", "as", "futbol", "t", "", Instant.EPOCH).topic());
    }

    @Test
    void validates() {
        assertThrows(IllegalArgumentException.class, () -> new Article(" ", "as", "futbol", "t", "", Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> new Article(null, "as", "futbol", "t", "", Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> new Article("1", "as", "futbol", "", "", Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> new Article("1", "a+s", "futbol", "t", "", Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> new Article("1", "as", "fut/bol", "t", "", Instant.EPOCH));
        assertThrows(NullPointerException.class, () -> new Article("1", "as", "futbol", "t", null, Instant.EPOCH));
        assertThrows(NullPointerException.class, () -> new Article("1", "as", "futbol", "t", "", null));
    }

    @Test
    void theLimitsAreOneInclusiveStepFromRefusal() {
        Instant now = Instant.parse("2025-05-04T18:30:00Z");
        new Article("i".repeat(Article.MAX_ID_LENGTH), "as", "futbol", "t".repeat(Article.MAX_TITLE_LENGTH),
                "b".repeat(Article.MAX_BODY_LENGTH), now);
        new Article("1", "as", "futbol", "t", "", Article.EARLIEST_PUBLISHED_AT);
        new Article("1", "as", "futbol", "t", "", Article.LATEST_PUBLISHED_AT.minusNanos(1));
        assertThrows(IllegalArgumentException.class, () -> new Article("i".repeat(Article.MAX_ID_LENGTH + 1), "as", "futbol", "t", "", now));
        assertThrows(IllegalArgumentException.class, () -> new Article("1", "as", "futbol", "t".repeat(Article.MAX_TITLE_LENGTH + 1), "", now));
        assertThrows(IllegalArgumentException.class, () -> new Article("1", "as", "futbol", "t", "b".repeat(Article.MAX_BODY_LENGTH + 1), now));
        assertThrows(IllegalArgumentException.class, () -> new Article("1", "as", "futbol", "t", "", Article.EARLIEST_PUBLISHED_AT.minusNanos(1)));
        assertThrows(IllegalArgumentException.class, () -> new Article("1", "as", "futbol", "t", "", Article.LATEST_PUBLISHED_AT));
    }

    @Test
    void theIdsThePublisherMakesAreValid() {
        // ArticleFeed's ids: random UUIDs.
        String id = java.util.UUID.randomUUID().toString();
        assertTrue(Article.isValidId(id));
        assertEquals(id, new Article(id, "as", "futbol", "t", "", Instant.now()).id());
        assertFalse(Article.isValidId("a/b"));
        assertFalse(Article.isValidId(""));
        assertFalse(Article.isValidId(null));
        assertFalse(Article.isValidId("x".repeat(Article.MAX_ID_LENGTH + 1)));
    }
}
