package io.securemqtt.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.securemqtt.common.article.Article;

class ArticleFeedTest {

    private static final Catalogue THREE = Catalogue.parse((
            "[{\"newspaper\":\"marca\",\"section\":\"futbol\",\"title\":\"A\",\"body\":\"a\"},"
            + "{\"newspaper\":\"elpais\",\"section\":\"politica\",\"title\":\"B\",\"body\":\"b\"},"
            + "{\"newspaper\":\"as\",\"section\":\"futbol\",\"title\":\"C\",\"body\":\"c\"}]").getBytes(StandardCharsets.UTF_8), "test");

    @Test
    void cyclesThroughTheCatalogueStampingIdAndTime() {
        Instant now = Instant.parse("2025-05-04T18:30:00Z");
        AtomicInteger counter = new AtomicInteger();
        ArticleFeed feed = new ArticleFeed(THREE, Clock.fixed(now, ZoneOffset.UTC), () -> "id-" + counter.incrementAndGet());

        assertEquals(new Article("id-1", "marca", "futbol", "A", "a", now), feed.next());
        assertEquals("B", feed.next().title());
        assertEquals("C", feed.next().title());
        Article again = feed.next();
        assertEquals("A", again.title());
        assertEquals("id-4", again.id());
    }

    @Test
    void defaultIdsAreFreshUuids() {
        ArticleFeed feed = ArticleFeed.of(THREE);
        String first = feed.next().id();
        assertEquals(36, first.length());
        assertNotEquals(first, feed.next().id());
    }
}
