package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.subscriber.ArticleSubscriber;
import io.securemqtt.testing.Await;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.securemqtt.common.article.Article;

/**
 * 200 articles/s for 60 s through the broker, from the publisher's code to the subscriber's:
 * every acknowledged article arrives, and the clients' heap does not grow with the count of
 * articles (the subscriber remembers recent ids in a bounded set). The figures are printed; the
 * only bound asserted is on memory growth, not on time.
 */
class SustainedLoadTest {

    private static final int RATE_PER_SECOND = 200;
    private static final Duration DURATION = Duration.ofSeconds(60);
    private static final long MAX_HEAP_GROWTH_BYTES = 32L * 1024 * 1024;

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void twoHundredArticlesPerSecondForAMinuteLoseNothingAndLeakNothing() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
        int total = RATE_PER_SECOND * (int) DURATION.toSeconds();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

        try (ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"),
                        List.of("articulos/+/futbol"), (topic, article) -> received.add(article.id()));
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            AtomicInteger published = new AtomicInteger();
            long[] heapAfterWarmUp = new long[1];
            long start = System.nanoTime();
            ticker.scheduleAtFixedRate(() -> {
                int n = published.incrementAndGet();
                if (n > total) {
                    return;
                }
                if (n == total / 6) { // after 10 s: classes loaded, TLS sessions and buffers in place
                    heapAfterWarmUp[0] = heapAfterGc();
                }
                Article article = Articles.football("marca");
                try {
                    publisher.publish(article);
                    acknowledged.add(article.id());
                } catch (RuntimeException e) {
                    // Counted, never thrown: an exception would silently cancel the schedule.
                    if (failed.getAndIncrement() == 0) {
                        firstFailure.set(e);
                    }
                }
            }, 0, 1_000_000 / RATE_PER_SECOND, TimeUnit.MICROSECONDS);

            Await.until(() -> published.get() > total, DURATION.plusSeconds(60),
                    () -> "not reached within " + DURATION.plusSeconds(60).toSeconds() + " s: " + published.get() + " of " + total + " sent; first failure: " + firstFailure.get());
            ticker.shutdown();
            assertTrue(ticker.awaitTermination(15, TimeUnit.SECONDS));
            double seconds = (System.nanoTime() - start) / 1e9;
            Await.until(() -> received.containsAll(acknowledged), Duration.ofSeconds(30),
                    () -> "not reached within 30 s: " + received.size() + " of " + acknowledged.size() + " acknowledged articles received");
            long heapAtEnd = heapAfterGc();

            System.out.printf("sustained load: %d sent in %.1f s (%.0f/s), %d acknowledged, %d failed, %d received;"
                    + " heap after GC %.1f MB at 10 s, %.1f MB at the end%n", total, seconds, total / seconds,
                    acknowledged.size(), failed.get(), received.size(), heapAfterWarmUp[0] / 1e6, heapAtEnd / 1e6);
            assertEquals(0, failed.get(), () -> "publishes failed under a sustained 200/s, first: " + firstFailure.get());
            assertEquals(total, acknowledged.size());
            assertEquals(acknowledged, received, "every acknowledged article, and nothing else, arrives");
            assertTrue(heapAtEnd - heapAfterWarmUp[0] < MAX_HEAP_GROWTH_BYTES,
                    "the clients' heap grew by " + (heapAtEnd - heapAfterWarmUp[0]) / 1e6 + " MB");
            assertTrue(subscriber.isConnected() && publisher.isConnected());
        } finally {
            ticker.shutdownNow();
        }
    }

    /** Heap in use after a full collection: what the clients really hold on to. */
    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
