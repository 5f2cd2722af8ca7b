package io.securemqtt.subscriber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

import io.securemqtt.common.LogFormat;
import io.securemqtt.common.Article;
import io.securemqtt.common.ArticleCodec;
import io.securemqtt.common.ConnectionListener;
import io.securemqtt.common.Monitoring;

/** Drives the real Paho callback with real {@link MqttMessage}s, as Paho's callback thread would. */
class IncomingArticlesTest {

    private static final String TOPIC = "articulos/marca/futbol";

    private final ArticleCodec codec = new ArticleCodec();
    private final List<String> handled = new ArrayList<>();
    private final List<Boolean> connections = new ArrayList<>();
    private final IncomingArticles callback = new IncomingArticles(
            (topic, article) -> handled.add(topic + " " + article.id()), new RecentIds(100), connections::add);

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
        assertEquals(4, callback.invalidCount());
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
        assertEquals(2, callback.duplicateCount());
    }

    @Test
    void handlerFailureIsContained() {
        List<String> seen = new ArrayList<>();
        IncomingArticles failing = new IncomingArticles((topic, article) -> {
            seen.add(article.id());
            if (article.id().equals("boom")) {
                throw new IllegalStateException("handler bug");
            }
        }, new RecentIds(100), reconnect -> { });
        failing.messageArrived(TOPIC, message(article("boom")));
        failing.messageArrived(TOPIC, message(article("next")));
        assertEquals(List.of("boom", "next"), seen);
    }

    @Test
    void articleOnAnotherArticlesTopicIsRefused() {
        callback.messageArrived("articulos/marca/politica", message(article("misfiled")));
        assertEquals(List.of(), handled);
        assertEquals(1, callback.invalidCount());
    }

    @Test
    void everyConnectionTriggersSubscribing() {
        callback.connectComplete(false, "ssl://mosquitto:8883");
        callback.connectComplete(true, "ssl://mosquitto:8883");
        assertEquals(List.of(false, true), connections);
    }

    @Test
    void subscribeFailureInConnectCompleteIsContained() {
        IncomingArticles failing = new IncomingArticles((topic, article) -> { }, new RecentIds(10), reconnect -> {
            throw new IllegalStateException("cannot subscribe");
        });
        failing.connectComplete(true, "ssl://mosquitto:8883");
    }

    @Test
    void countsWhatArrivesAndHowLateInPrometheusTerms() {
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
        IncomingArticles counted = new IncomingArticles((topic, article) -> { }, new RecentIds(100), connections::add,
                new SubscriberMetrics(monitoring.registry(), monitoring.clock()), monitoring.connection(), listener);

        counted.connectComplete(false, "ssl://mosquitto:8883");
        counted.messageArrived(TOPIC, message(article("a1")));
        counted.messageArrived(TOPIC, message(article("a1")));
        counted.messageArrived(TOPIC, message(article("a2")));
        counted.messageArrived(TOPIC, message("no soy JSON".getBytes(StandardCharsets.UTF_8)));

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
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
