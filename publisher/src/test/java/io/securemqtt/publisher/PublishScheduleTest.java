package io.securemqtt.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.securemqtt.common.article.Article;

class PublishScheduleTest {

    @Test
    void keepsPublishingAfterFailures() throws Exception {
        List<String> published = new CopyOnWriteArrayList<>();
        CountDownLatch sevenAttempts = new CountDownLatch(7);
        ArticleFeed feed = ArticleFeed.of(Catalogue.bundled());
        try (PublishSchedule schedule = new PublishSchedule(feed, article -> {
            sevenAttempts.countDown();
            long attempt = 7 - sevenAttempts.getCount();
            if (attempt == 2) {
                throw new PublishException(article.topic(), article.id(), "not connected to the broker", null);
            }
            if (attempt == 4) {
                throw new IllegalStateException("a bug");
            }
            if (attempt == 5) {
                throw new NoClassDefFoundError("a class that failed to load");
            }
            published.add(article.id());
        }, Duration.ofMillis(5))) {
            schedule.start();
            assertTrue(sevenAttempts.await(10, TimeUnit.SECONDS), "the schedule survived the three failures");
        }
        assertTrue(published.size() >= 4, published.toString());
    }

    @Test
    void closeStopsPublishing() throws Exception {
        List<Article> published = new CopyOnWriteArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        PublishSchedule schedule = new PublishSchedule(ArticleFeed.of(Catalogue.bundled()), article -> {
            published.add(article);
            first.countDown();
        }, Duration.ofMillis(20));
        schedule.start();
        assertTrue(first.await(10, TimeUnit.SECONDS));
        schedule.close();
        int afterClose = published.size();
        Thread.sleep(100);
        assertEquals(afterClose, published.size());
    }
}
