package io.securemqtt.subscriber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.article.ArticleCodec;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ConnectionCallback;
import io.securemqtt.common.mqtt.ConnectionListener;
import io.securemqtt.common.program.LogFormat;
import io.securemqtt.testing.CapturedStdout;

/** Drives the handler with real {@link MqttMessage}s, as the connection's callback on Paho's thread would. */
class IncomingArticlesTest {

    private static final String TOPIC = "articulos/marca/futbol";

    private final ArticleCodec codec = new ArticleCodec();
    private final List<String> handled = new ArrayList<>();
    private final List<Boolean> connections = new ArrayList<>();
    private final Monitoring monitoring = new Monitoring();
    private final IncomingArticles callback = new IncomingArticles(
            (topic, article) -> handled.add(topic + " " + article.id()), new RecentIds(100), connections::add, metrics(monitoring));

    private static SubscriberMetrics metrics(Monitoring monitoring) {
        return new SubscriberMetrics(monitoring.registry(), monitoring.clock());
    }

    /** A counter as {@code /metrics} shows it, e.g. {@code articles_invalid_total}. */
    private static double counter(Monitoring monitoring, String name) {
        String prefix = name + " ";
        return monitoring.scrape().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + monitoring.scrape()));
    }

    private static Article article(String id) {
        return new Article(id, "marca", "futbol", "Título " + id, "Cuerpo", Instant.parse("2025-05-04T18:30:00Z"));
    }

    private MqttMessage message(Article article) {
        return message(codec.encode(article));
    }

    private static MqttMessage message(byte[] payload) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        return message;
    }

    @Test
    void handsValidArticlesToTheHandler() {
        callback.messageArrived(TOPIC, message(article("a1")));
        callback.messageArrived(TOPIC, message(article("a2")));
        assertEquals(List.of(TOPIC + " a1", TOPIC + " a2"), handled);
    }

    @Test
    void invalidPayloadsAreSkippedAndTheNextArticleStillHandled() {
        callback.messageArrived(TOPIC, message("no soy JSON".getBytes(StandardCharsets.UTF_8)));
        callback.messageArrived(TOPIC, message(new byte[0]));
        callback.messageArrived(TOPIC, message(new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF}));
        callback.messageArrived(TOPIC, message("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        callback.messageArrived(TOPIC, message(article("good")));
        assertEquals(4, counter(monitoring, "articles_invalid_total"));
        assertEquals(List.of(TOPIC + " good"), handled);
    }

    @Test
    void invalidPayloadIsOneWarningLineWithTopicSizeAndReason() {
        String log = capturingStdout(() -> callback.messageArrived(TOPIC, message("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8))));
        List<String> lines = log.lines().toList();
        assertEquals(1, lines.size(), log);
        assertTrue(lines.get(0).matches(".* WARN IncomingArticles - invalid article ignored: topic=articulos/marca/futbol bytes=10 "
                + "reason=missing field 'newspaper'"), lines.get(0));
    }

    @Test
    void redeliveredArticleIsHandledOnce() {
        Article article = article("dup");
        callback.messageArrived(TOPIC, message(article));
        MqttMessage redelivery = message(article);
        redelivery.setDuplicate(true);
        callback.messageArrived(TOPIC, redelivery);
        callback.messageArrived(TOPIC, message(article));
        assertEquals(List.of(TOPIC + " dup"), handled);
        assertEquals(2, counter(monitoring, "articles_duplicate_total"));
    }

    @Test
    void handlerFailureIsContained() {
        List<String> seen = new ArrayList<>();
        IncomingArticles failing = new IncomingArticles((topic, article) -> {
            seen.add(article.id());
            if (article.id().equals("boom")) {
                throw new IllegalStateException("handler bug");
            }
        }, new RecentIds(100), reconnect -> { }, metrics(monitoring));
        failing.messageArrived(TOPIC, message(article("boom")));
        failing.messageArrived(TOPIC, message(article("next")));
        assertEquals(List.of("boom", "next"), seen);
    }

    @Test
    void articleOnAnotherArticlesTopicIsRefused() {
        callback.messageArrived("articulos/marca/politica", message(article("misfiled")));
        assertEquals(List.of(), handled);
        assertEquals(1, counter(monitoring, "articles_invalid_total"));
    }

    @Test
    void everyConnectionTriggersSubscribing() {
        callback.connected(false, "ssl://mosquitto:8883");
        callback.connected(true, "ssl://mosquitto:8883");
        assertEquals(List.of(false, true), connections);
    }

    @Test
    void subscribeFailureInConnectCompleteIsContained() {
        IncomingArticles failing = new IncomingArticles((topic, article) -> { }, new RecentIds(10), reconnect -> {
            throw new IllegalStateException("cannot subscribe");
        }, metrics(monitoring));
        failing.connected(true, "ssl://mosquitto:8883");
    }

    @Test
    void countsWhatArrivesAndHowLateInPrometheusTerms() throws Exception {
        // The broker hands the article over 1.2 s after its publishedAt.
        Monitoring monitoring = new Monitoring(Clock.fixed(Instant.parse("2025-05-04T18:30:01.200Z"), ZoneOffset.UTC));
        List<String> heard = new ArrayList<>();
        ConnectionListener listener = new ConnectionListener() {
            @Override
            public void connected(boolean reconnect, String serverUri) {
                heard.add("connected " + reconnect);
            }

            @Override
            public void lost(String reason) {
                heard.add("lost");
            }
        };
        IncomingArticles counted = new IncomingArticles((topic, article) -> { }, new RecentIds(100), connections::add, metrics(monitoring));
        // Composed as MqttClientConnection composes it: the health and other listeners first, then the subscriber's.
        ConnectionCallback composed = new ConnectionCallback(IncomingArticles.log, counted, List.of(monitoring.connection(), listener, counted));

        composed.connectComplete(false, "ssl://mosquitto:8883");
        composed.messageArrived(TOPIC, message(article("a1")));
        composed.messageArrived(TOPIC, message(article("a1")));
        composed.messageArrived(TOPIC, message(article("a2")));
        composed.messageArrived(TOPIC, message("no soy JSON".getBytes(StandardCharsets.UTF_8)));

        String metrics = monitoring.scrape();
        assertTrue(metrics.contains("\narticles_received_total 2.0\n"), metrics);
        assertTrue(metrics.contains("\narticles_invalid_total 1.0\n"), metrics);
        assertTrue(metrics.contains("\narticles_duplicate_total 1.0\n"), metrics);
        assertTrue(metrics.contains("\narticles_latency_seconds_count 2\n"), metrics);
        assertTrue(metrics.contains("\narticles_latency_seconds_sum 2.4\n"), metrics);
        assertTrue(metrics.contains("\narticles_latency_seconds_bucket{le=\"1.0\"} 0\n"), metrics);
        assertTrue(metrics.contains("\narticles_latency_seconds_bucket{le=\"2.5\"} 2\n"), metrics);
        assertTrue(metrics.contains("\narticles_latency_seconds_bucket{le=\"+Inf\"} 2\n"), metrics);
        assertTrue(metrics.contains("\nmqtt_connected 1.0\n"), metrics);
        assertEquals(List.of("connected false"), heard);
        assertEquals(List.of(false), connections, "subscribing still follows every connection");
    }

    @Test
    void anArticleFromAClockAheadOfOursCountsAsNoLatency() {
        Monitoring monitoring = new Monitoring(Clock.fixed(Instant.parse("2025-05-04T18:29:59Z"), ZoneOffset.UTC));
        IncomingArticles counted = new IncomingArticles((topic, article) -> { }, new RecentIds(100), connections::add,
                new SubscriberMetrics(monitoring.registry(), monitoring.clock()));
        counted.messageArrived(TOPIC, message(article("early")));
        String metrics = monitoring.scrape();
        assertTrue(metrics.contains("\narticles_latency_seconds_count 1\n"), metrics);
        assertTrue(metrics.contains("\narticles_latency_seconds_sum 0.0\n"), metrics);
    }

    private static String capturingStdout(Runnable action) {
        LogFormat.TEXT.install(); // as the program does: log lines go to standard output
        return CapturedStdout.during(action);
    }

    @Test
    void anAbsurdTimestampIsOneWarningAndTheNextArticleIsHandled() {
        String log = capturingStdout(() -> {
            callback.messageArrived(TOPIC, message(("{\"id\":\"old\",\"newspaper\":\"marca\",\"section\":\"futbol\",\"title\":\"t\","
                    + "\"body\":\"\",\"publishedAt\":\"0001-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8)));
            callback.messageArrived(TOPIC, message(article("next")));
        });
        assertEquals(1, counter(monitoring, "articles_invalid_total"));
        assertEquals(List.of(TOPIC + " next"), handled);
        List<String> lines = log.lines().toList();
        assertEquals(1, lines.size(), log);
        assertTrue(lines.get(0).contains("invalid article ignored: topic=articulos/marca/futbol bytes=110 reason=publishedAt "
                + "0001-01-01T00:00:00Z is outside the accepted window"), lines.get(0));
    }

    @Test
    void aLatencyBeyondWhatTheTimerHoldsIsRecordedAsTheLongest() {
        // 330 years after the earliest valid publishedAt: more nanoseconds than a long holds.
        Monitoring monitoring = new Monitoring(Clock.fixed(Instant.parse("2300-01-01T00:00:00Z"), ZoneOffset.UTC));
        IncomingArticles counted = new IncomingArticles((topic, article) -> handled.add(article.id()), new RecentIds(100),
                connections::add, new SubscriberMetrics(monitoring.registry(), monitoring.clock()));
        counted.messageArrived(TOPIC, message(new Article("epoch", "marca", "futbol", "t", "", Article.EARLIEST_PUBLISHED_AT)));
        assertEquals(List.of("epoch"), handled);
        assertEquals(0, counter(monitoring, "articles_failed_total"));
        String metrics = monitoring.scrape();
        assertTrue(metrics.contains("\narticles_latency_seconds_count 1\n"), metrics);
        assertTrue(metrics.contains("\narticles_latency_seconds_sum 3.15576E9\n"), "a century, 3,155,760,000 s: " + metrics);
    }

    @Test
    void anythingThrownAfterDecodingIsLoggedWithTopicAndIdCountedAndSwallowed() {
        Monitoring monitoring = new Monitoring();
        List<String> seen = new ArrayList<>();
        IncomingArticles failing = new IncomingArticles((topic, article) -> {
            seen.add(article.id());
            switch (article.id()) {
                case "runtime" -> throw new IllegalStateException("handler bug\n\u001b[2Jforged");
                case "checked" -> sneakyThrow(new java.io.IOException("disk full"));
                case "deep" -> throw new StackOverflowError();
                default -> { }
            }
        }, new RecentIds(100), reconnect -> { }, new SubscriberMetrics(monitoring.registry(), monitoring.clock()));

        String log = capturingStdout(() -> {
            for (String id : List.of("runtime", "checked", "deep", "fine")) {
                failing.messageArrived(TOPIC, message(article(id)));
            }
        });
        assertEquals(List.of("runtime", "checked", "deep", "fine"), seen);
        assertEquals(3, counter(monitoring, "articles_failed_total"));
        assertTrue(monitoring.scrape().contains("\narticles_failed_total 3.0\n"), monitoring.scrape());
        for (String id : List.of("runtime", "checked", "deep")) {
            assertEquals(1, log.lines().filter(line -> line.contains(" ERROR IncomingArticles - article handling failed: topic="
                    + TOPIC + " id=" + id)).count(), log);
        }
        assertTrue(log.contains("java.lang.IllegalStateException: handler bug\\n\\u001b[2Jforged"), log);
        assertTrue(log.lines().noneMatch(line -> line.startsWith("forged") || line.contains("\u001b")), log);
    }

    @Test
    void networkValuesReachTheLogAsOneEscapedLine() {
        Monitoring monitoring = new Monitoring();
        IncomingArticles logged = new IncomingArticles(new ArticleLogger(), new RecentIds(100), reconnect -> { },
                new SubscriberMetrics(monitoring.registry(), monitoring.clock()));
        String hostileTitle = "Gol\u001b[31m rojo\u0085\u009b2J\u2028\u2029\r\nfin\u007f";
        String hostileNewspaper = "m\u001b]0;owned\u0007";
        String log = capturingStdout(() -> {
            logged.messageArrived(TOPIC, message(new Article("esc", "marca", "futbol", hostileTitle, "", Instant.parse("2025-05-04T18:30:00Z"))));
            // Mislabelled: its newspaper, not the topic, carries the escape sequence.
            logged.messageArrived(TOPIC, message(new Article("mis", hostileNewspaper, "futbol", "t", "", Instant.parse("2025-05-04T18:30:00Z"))));
            // A topic as long as the broker allows, matching articulos/+/futbol.
            logged.messageArrived("articulos/" + "x".repeat(60_000) + "/futbol", message(article("long")));
        });
        List<String> lines = log.lines().toList();
        assertEquals(3, lines.size(), log);
        assertTrue(lines.get(0).endsWith("football article received: topic=articulos/marca/futbol id=esc newspaper=marca section=futbol "
                + "title=\"Gol\\u001b[31m rojo\\u0085\\u009b2J\\u2028\\u2029\\r\\nfin\\u007f\""), lines.get(0));
        assertTrue(lines.get(1).endsWith("invalid article ignored: topic=articulos/marca/futbol id=mis reason=it says it belongs to "
                + "articulos/m\\u001b]0;owned\\u0007/futbol"), lines.get(1));
        assertTrue(lines.get(2).contains("invalid article ignored: topic=articulos/xxx"), lines.get(2));
        assertTrue(lines.get(2).contains("...(60017 characters) id=long reason=it says it belongs to articulos/marca/futbol"), lines.get(2));
        assertTrue(lines.get(2).length() < 500, "the topic is cut short: " + lines.get(2).length() + " characters");
        assertTrue(log.chars().noneMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029), log);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
        throw (E) e;
    }
}
