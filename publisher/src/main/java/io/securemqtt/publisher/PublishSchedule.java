package io.securemqtt.publisher;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.article.Article;

/**
 * Publishes the next article of the feed at a fixed pace.
 *
 * <p>While the connection is down the publish fails at once and the article is skipped with a
 * warning naming its topic and id, rather than buffered: news published "now" is stale after an
 * outage, a buffer would arrive as a burst when the broker returns, and the catalogue repeats anyway.
 */
final class PublishSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PublishSchedule.class);

    private final ArticleFeed feed;
    private final Consumer<Article> publish;
    private final Duration interval;
    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "publish-schedule"));

    /**
     * @param publish blocks until the article is accepted, or throws
     */
    PublishSchedule(ArticleFeed feed, Consumer<Article> publish, Duration interval) {
        this.feed = feed;
        this.publish = publish;
        this.interval = interval;
    }

    void start() {
        // Fixed delay, not fixed rate: a publish that waits for its PUBACK never overlaps the next one.
        executor.scheduleWithFixedDelay(this::publishNext, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("publishing one article every {} ms", interval.toMillis());
    }

    void publishNext() {
        Article article = feed.next();
        try {
            publish.accept(article);
        } catch (PublishException e) {
            log.warn("{}", e.getMessage());
        } catch (RuntimeException | Error e) {
            // Anything escaping a scheduled task, an Error too, silently cancels all later runs.
            log.error("article not published: topic={} id={}: unexpected error", article.topic(), article.id(), e);
        }
    }

    /** Stops scheduling; an article being published gets the time it needs for its PUBACK. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(ArticlePublisher.PUBACK_TIMEOUT.toMillis() / 2, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
