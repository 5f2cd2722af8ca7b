package io.securemqtt.systemtests;

import static io.securemqtt.testing.ArticleJson.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.article.ArticleCodec;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.subscriber.ArticleLogger;
import io.securemqtt.subscriber.ArticleSubscriber;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hostile holder of a valid identity (the publisher's certificate, through a bare Paho client)
 * publishes well-formed JSON whose fields break the article model's limits: each costs the real
 * subscriber one warning naming the field and the limit and one count in {@code articles_invalid_total},
 * and the good article published after it is still handled. A valid article full of terminal
 * control characters is logged as one line with every one of them escaped.
 */
class HostileArticlesTest {

    private static final String TOPIC = "articulos/x/futbol";

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    /** A payload the subscriber must refuse, the topic it goes to, and the start of the reason it must give. */
    record Hostile(String name, String topic, byte[] payload, String reason) {

        @Override
        public String toString() {
            return name + " (" + payload.length + " bytes)";
        }
    }

    private static final String NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    private static final String WINDOW = "is outside the accepted window, from 1970-01-01T00:00:00Z (inclusive) to 2100-01-01T00:00:00Z (exclusive)";

    private static final List<Hostile> HOSTILE = List.of(
            // The silent loss: it overflowed the latency metric after its id was recorded.
            new Hostile("year 1", TOPIC, payload("year-1", "x", "futbol", "t", "", "0001-01-01T00:00:00Z"),
                    "publishedAt 0001-01-01T00:00:00Z " + WINDOW),
            new Hostile("year 9999", TOPIC, payload("year-9999", "x", "futbol", "t", "", "9999-12-31T23:59:59Z"),
                    "publishedAt 9999-12-31T23:59:59Z " + WINDOW),
            new Hostile("65-character id", TOPIC, payload("i".repeat(65), "x", "futbol", "t", "", NOW),
                    "id is 65 characters long, more than the limit of 64"),
            new Hostile("id with a slash", TOPIC, payload("../../etc", "x", "futbol", "t", "", NOW),
                    "id contains the character U+002F at position 2; only A-Z a-z 0-9 . _ : - are allowed"),
            new Hostile("id with an escape sequence", TOPIC, payload("a\u001b[2J", "x", "futbol", "t", "", NOW),
                    "id contains the character U+001B at position 1"),
            new Hostile("60,000-character title", TOPIC, payload("big-title", "x", "futbol", "t".repeat(60_000), "", NOW),
                    "title is 60000 characters long, more than the limit of 300"),
            new Hostile("10,001-character body", TOPIC, payload("big-body", "x", "futbol", "t", "b".repeat(10_001), NOW),
                    "body is 10001 characters long, more than the limit of 10000"),
            new Hostile("65-character newspaper", "articulos/" + "n".repeat(65) + "/futbol",
                    payload("long-paper", "n".repeat(65), "futbol", "t", "", NOW), "newspaper '" + "n".repeat(65) + "' is longer than 64 characters"));

    @Test
    void eachHostileArticleCostsOneWarningAndTheNextGoodOneIsLogged() throws Exception {
        Monitoring monitoring = new Monitoring();
        BlockingQueue<Article> handled = new LinkedBlockingQueue<>();
        ArticleLogger logger = new ArticleLogger();
        // A title a terminal would obey: colour, clear screen (C0 ESC and C1 CSI), a window title, and line breaks.
        Article controlled = new Article(UUID.randomUUID().toString(), "x", "futbol",
                "Gol\u001b[31m rojo\u009b2J\u001b]0;owned\u0007\u0085\u2028\u2029\r\nINFO forged line\u007f", "",
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        List<Article> good = new ArrayList<>();
        try (ConsoleCapture console = ConsoleCapture.start();
                ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"), List.of("articulos/+/futbol"),
                        (topic, article) -> {
                            logger.onArticle(topic, article);
                            handled.add(article);
                        }, monitoring)) {
            MqttClient hostile = RawTlsClient.connect(broker.tlsUri(),
                    RawTlsClient.context(broker.pki().ca(), broker.pki().cert("publisher"), broker.pki().key("publisher")));
            try {
                ArticleCodec codec = new ArticleCodec();
                for (Hostile bad : HOSTILE) {
                    hostile.publish(bad.topic(), bad.payload(), 1, false); // returns once the broker's PUBACK is in
                    Article next = Articles.football("x");
                    hostile.publish(next.topic(), codec.encode(next), 1, false);
                    good.add(next);
                }
                hostile.publish(controlled.topic(), codec.encode(controlled), 1, false);
                good.add(controlled);
                hostile.disconnect();
            } finally {
                hostile.close(true);
            }

            // One topic, QoS 1: the broker keeps the order, so each good article proves the bad one before it was dealt with.
            List<String> received = new ArrayList<>();
            for (int i = 0; i < good.size(); i++) {
                Article article = handled.poll(10, TimeUnit.SECONDS);
                assertNotNull(article, "only " + received.size() + " of the " + good.size() + " good articles arrived");
                received.add(article.id());
            }
            assertEquals(good.stream().map(Article::id).toList(), received, "the good articles, in order, and nothing else");
            assertNull(handled.poll(300, TimeUnit.MILLISECONDS), "a hostile article reached the handler");
            assertTrue(subscriber.isConnected(), "the subscriber lost its connection");

            List<String> lines = console.lines();
            assertTrue(lines.stream().noneMatch(line -> line.contains("connection to broker lost")), "the connection dropped on the way");
            assertOneWarningEach(lines);
            String metrics = monitoring.scrape();
            assertTrue(metrics.contains("\narticles_invalid_total " + (double) HOSTILE.size() + "\n"), metrics);
            assertTrue(metrics.contains("\narticles_received_total " + (double) good.size() + "\n"), metrics);
            assertTrue(metrics.contains("\narticles_failed_total 0.0\n"), metrics);
            assertControlledTitleIsOneEscapedLine(lines, controlled);
        }
    }

    private static void assertOneWarningEach(List<String> console) {
        List<String> warnings = console.stream().filter(line -> line.contains("invalid article ignored")).toList();
        for (Hostile bad : HOSTILE) {
            String expected = "topic=" + bad.topic() + " bytes=" + bad.payload().length + " reason=" + bad.reason();
            assertEquals(1, warnings.stream().filter(line -> line.contains(expected)).count(),
                    "one warning with \"" + expected + "\" for the " + bad + "; warnings: " + warnings);
        }
        assertEquals(HOSTILE.size(), warnings.size(), "one warning per hostile article, no more: " + warnings);
        // The id with an escape sequence is named by its code, never written raw.
        assertTrue(console.stream().noneMatch(line -> line.contains("\u001b")), "a raw ESC reached the log");
    }

    private static void assertControlledTitleIsOneEscapedLine(List<String> console, Article controlled) {
        List<String> lines = console.stream().filter(line -> line.contains("id=" + controlled.id())).toList();
        assertEquals(1, lines.size(), "one line for the article: " + lines);
        assertTrue(lines.get(0).endsWith("title=\"Gol\\u001b[31m rojo\\u009b2J\\u001b]0;owned\\u0007\\u0085\\u2028\\u2029\\r\\n"
                + "INFO forged line\\u007f\""), lines.get(0));
        assertTrue(console.stream().noneMatch(line -> line.startsWith("INFO forged line")), "the title forged a line");
        for (String line : console) {
            assertTrue(line.chars().noneMatch(c -> c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f || c == 0x2028 || c == 0x2029),
                    "a control character reached the log: " + line);
        }
    }
}
