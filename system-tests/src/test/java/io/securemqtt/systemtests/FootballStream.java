package io.securemqtt.systemtests;

import io.securemqtt.common.article.Article;
import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.publisher.PublishException;
import io.securemqtt.testing.Await;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A publisher's stream of football articles on a thread of its own, until closed: what the broker
 * acknowledged is kept in order (what must then arrive); a publish that failed is counted, not
 * thrown, since a test may break the connection on purpose.
 */
final class FootballStream implements AutoCloseable {

    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    /** Starts publishing to {@code articulos/<newspaper>/futbol}, {@code pauseMillis} apart. */
    FootballStream(ArticlePublisher publisher, String newspaper, long pauseMillis) {
        thread = new Thread(() -> {
            while (running.get()) {
                Article article = Articles.football(newspaper);
                try {
                    publisher.publish(article);
                    acknowledged.add(article.id());
                } catch (PublishException notAcknowledged) {
                    failed.incrementAndGet();
                }
                Await.pause(pauseMillis);
            }
        }, "article-stream");
        thread.start();
    }

    /** The ids of the articles acknowledged so far, in order. */
    List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    int failed() {
        return failed.get();
    }

    /** Stops after the publish under way. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
    }
}
