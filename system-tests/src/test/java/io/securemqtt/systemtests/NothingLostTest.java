package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.publisher.PublishException;
import io.securemqtt.subscriber.ArticleSubscriber;
import io.securemqtt.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.MqttSettings;

/**
 * QoS 1 and the subscriber's persistent session: what the publisher saw acknowledged reaches the
 * subscriber, whether it was away, the broker restarted meanwhile, or the broker was killed
 * (mosquitto.conf: persist-sqlite, flush_period 0).
 */
class NothingLostTest {

    private static final List<String> FOOTBALL = List.of("articulos/+/futbol");
    private static final int ARTICLES = 1_000;
    /** Articles in a kill test's stream: 5 ms apart, about 10 s, so that the 90% point is mid-stream. */
    private static final int STREAM = 1_500;
    /** Articles before the kill point at which the young session subscribes: a second at most at 5 ms apart. */
    private static final int YOUNG_SESSION_LEAD = 150;

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void subscriberAwayGetsEveryArticleWhenItReturns() throws Exception {
        MqttSettings subscriber = broker.settings("subscriber");
        Received received = new Received();
        leaveWithSession(subscriber, received);

        List<String> sent = publishFootball(ARTICLES);

        try (ArticleSubscriber back = ArticleSubscriber.start(subscriber, FOOTBALL, received::add)) {
            received.awaitAll(sent, Duration.ofSeconds(30));
        }
        assertEquals(ARTICLES, received.distinct().size());
        assertEquals(0, received.handledTwice(), "the subscriber handed a duplicate to its handler");
    }

    @Test
    void subscriberAwayGetsEveryArticleAfterABrokerRestart() throws Exception {
        MqttSettings subscriber = broker.settings("subscriber");
        Received received = new Received();
        leaveWithSession(subscriber, received);

        List<String> sent = publishFootball(ARTICLES);
        broker.container().restart(); // mosquitto.db (SQLite) keeps the session and its 1,000 queued articles

        try (ArticleSubscriber back = ArticleSubscriber.start(subscriber, FOOTBALL, received::add)) {
            received.awaitAll(sent, Duration.ofSeconds(30));
        }
        assertEquals(ARTICLES, received.distinct().size());
    }

    /**
     * The broker is killed (SIGKILL, no chance to save anything) while a stream runs, at about
     * {@code percent} of it. Mosquitto 2.1's persist-sqlite plugin commits every change on each pass
     * of the broker's loop (plugin_opt_flush_period 0), so nothing waits for a snapshot:
     * <ul>
     *   <li>a subscriber connected throughout gets every article the publisher saw acknowledged;</li>
     *   <li>a subscriber whose session was created one second before the kill, and which is away
     *       across it, gets every acknowledged article published after it subscribed: its session
     *       and its queue were on disk, and what the broker acknowledged but had not yet committed
     *       the publisher sends again after its reconnect.</li>
     * </ul>
     */
    @ParameterizedTest(name = "killed at about {0}% of the stream")
    @ValueSource(ints = {10, 50, 90})
    void everyAcknowledgedArticleArrivesAcrossABrokerKill(int percent) throws Exception {
        Received live = new Received();
        Received young = new Received();
        MqttSettings youngSettings = broker.settings("subscriber");
        ArticleStream stream = new ArticleStream();
        int killAt = STREAM * percent / 100;

        int youngFrom;
        int killOrdered;
        int[] killed = {0};
        Monitoring publisherFigures = new Monitoring();
        try (ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"), FOOTBALL, live::add);
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"), publisherFigures)) {
            Thread publishing = new Thread(() -> stream.run(publisher), "article-stream");
            publishing.start();
            try {
                Await.until(() -> stream.acknowledged().size() >= killAt - YOUNG_SESSION_LEAD, Duration.ofSeconds(60),
                        "the stream did not reach " + (killAt - YOUNG_SESSION_LEAD) + " acknowledged articles");
                leaveWithSession(youngSettings, young);
                // Every article whose publish starts from here on was sent after the young session subscribed.
                youngFrom = stream.started();
                Await.pause(1_000); // setup, not an assertion: the session is one second old at the kill
                Await.until(() -> stream.acknowledged().size() >= killAt, Duration.ofSeconds(60),
                        "the stream did not reach " + killAt + " acknowledged articles");
                killOrdered = stream.acknowledged().size();
                broker.container().killAndStart(() -> {
                    // Paho reads its socket in order: once it has seen the connection end, it has seen
                    // every PUBACK the killed broker sent.
                    Await.until(() -> !publisher.isConnected(), Duration.ofSeconds(30), "the publisher never saw the broker die");
                    killed[0] = stream.acknowledged().size();
                });
                System.out.printf("broker killed after %d of %d articles acknowledged (%d%% point, %d more in the instant of the kill);"
                        + " young session from #%d%n", killOrdered, STREAM, percent, killed[0] - killOrdered, youngFrom);
                assertTrue(stream.acknowledgedFrom(youngFrom, killOrdered).size() > 0,
                        "no article was acknowledged between the young session and the kill: the case tests nothing");
                publishing.join(Duration.ofSeconds(120).toMillis());
                assertTrue(stream.finished(), "the publisher did not get through the stream after the kill");
            } finally {
                stream.stop();
                publishing.join();
            }
            List<String> acknowledged = stream.acknowledged();
            Await.until(subscriber::isConnected, Duration.ofSeconds(60), "the live subscriber did not reconnect by itself");
            live.awaitAll(acknowledged, Duration.ofSeconds(30));
            // Mosquitto 2.1.2 sends a PUBACK as soon as it has handled the PUBLISH and commits to SQLite at
            // the end of that pass of its loop: an article acknowledged in the instant of the kill may be
            // missing from the broker's store (seen once: 1 of 821). The publisher publishes the last
            // seconds of acknowledged articles again after its reconnect, so every one is required.
            List<String> inTheKillsInstant = acknowledged.subList(killOrdered, killed[0]);
            List<String> sinceYoung = stream.acknowledgedFrom(youngFrom, acknowledged.size());
            try (ArticleSubscriber back = ArticleSubscriber.start(youngSettings, FOOTBALL, young::add)) {
                young.awaitAll(sinceYoung, Duration.ofSeconds(30));
            }
            double republished = publisherFigures.registry().counter("articles.republished").count();
            System.out.printf("broker kill at %d%%: %d acknowledged (%d in the instant of the kill, %.0f published again"
                            + " after the reconnect), %d received live, %d of %d by the young session, %d not acknowledged"
                            + " (reported as failed)%n", percent, acknowledged.size(), inTheKillsInstant.size(), republished,
                    live.distinct().size(), sinceYoung.size(), sinceYoung.size(), stream.failed());
            assertTrue(republished > 0, "the publisher did not publish again what was acknowledged just before the kill");
        }
    }

    /** Subscribes once, creating the persistent session, then disconnects. */
    private static void leaveWithSession(MqttSettings subscriber, Received received) {
        ArticleSubscriber.start(subscriber, FOOTBALL, received::add).close();
    }

    private static List<String> publishFootball(int count) {
        List<String> ids = new ArrayList<>(count);
        try (ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            for (int i = 0; i < count; i++) {
                Article article = Articles.football("eldiario");
                publisher.publish(article);
                ids.add(article.id());
            }
        }
        return ids;
    }

    /** The publisher's side of a kill test: {@link #STREAM} articles in order, 5 ms apart, until stopped. */
    private static final class ArticleStream {
        private final List<String> acknowledged = new CopyOnWriteArrayList<>();
        private final Map<String, Integer> positions = new ConcurrentHashMap<>();
        private final AtomicInteger started = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);

        void run(ArticlePublisher publisher) {
            while (running.get() && started.get() < STREAM) {
                // While the broker is away, wait for the publisher's own reconnection rather than fail
                // the rest of the stream at once: the kill then falls in the middle of the stream.
                if (!publisher.isConnected()) {
                    Await.pause(50);
                    continue;
                }
                Article article = Articles.football("marca");
                positions.put(article.id(), started.getAndIncrement());
                try {
                    publisher.publish(article);
                    acknowledged.add(article.id());
                } catch (PublishException notAcknowledged) {
                    failed.incrementAndGet(); // reported to the caller as not published
                }
                Await.pause(5);
            }
        }

        void stop() {
            running.set(false);
        }

        boolean finished() {
            return started.get() >= STREAM;
        }

        /** How many publishes have started: the position of the next article. */
        int started() {
            return started.get();
        }

        int failed() {
            return failed.get();
        }

        List<String> acknowledged() {
            return List.copyOf(acknowledged);
        }

        /** Of the first {@code firstAcknowledged} acknowledged articles, those at {@code fromPosition} or later. */
        List<String> acknowledgedFrom(int fromPosition, int firstAcknowledged) {
            return acknowledged.stream().limit(firstAcknowledged).filter(id -> positions.get(id) >= fromPosition).toList();
        }
    }

    /** What the subscriber's handler was given, in order, counting anything handed over twice. */
    private static final class Received {
        private final Set<String> ids = ConcurrentHashMap.newKeySet();
        private final AtomicInteger duplicates = new AtomicInteger();

        void add(String topic, Article article) {
            if (!ids.add(article.id())) {
                duplicates.incrementAndGet();
            }
        }

        Set<String> distinct() {
            return Set.copyOf(ids);
        }

        int handledTwice() {
            return duplicates.get();
        }

        void awaitAll(List<String> expected, Duration timeout) {
            Await.until(() -> ids.containsAll(expected), timeout, () -> {
                Set<String> missing = new HashSet<>(expected);
                missing.removeAll(ids);
                List<Integer> positions = missing.stream().map(expected::indexOf).sorted().toList();
                return missing.size() + " of " + expected.size()
                        + " acknowledged articles never arrived; their positions in the stream: " + positions;
            });
        }
    }
}
