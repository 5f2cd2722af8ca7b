package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.publisher.PublishException;
import io.securemqtt.testing.Await;
import io.securemqtt.testing.LoopbackPort;
import io.securemqtt.testing.MosquittoContainer;
import io.securemqtt.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ReasonCodes;

/**
 * What the publisher does when the broker refuses an article: one warning naming the topic, the id
 * and the reason, a count in {@code articles_refused_total{reason=...}}, and on to the next article.
 */
class PublisherRefusalTest {

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LONG_TOPIC = "articulos/largo/futbol";
    private static final String SHORT_TOPIC = "articulos/corto/futbol";

    @TempDir
    Path work;

    /** The ACL refuses the identity the topic: PUBACK 0x87, which Paho reads, and the connection stays. */
    @Test
    void aPubackFailureIsReportedWithItsReasonCodeAndCounted() {
        Monitoring monitoring = new Monitoring();
        // The subscriber's identity may not write articulos/#.
        try (ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("subscriber"), monitoring)) {
            Article article = Articles.football("x");
            PublishException refused = assertThrows(PublishException.class, () -> publisher.publish(article));
            assertEquals("article refused by broker: topic=" + article.topic() + " id=" + article.id() + " reason=0x87 (not authorized);"
                    + " the broker's ACL must grant this certificate's CN write access to the topic", refused.getMessage());
            assertEquals(OptionalInt.of(ReasonCodes.NOT_AUTHORIZED), refused.reasonCode());
            assertThrows(PublishException.class, () -> publisher.publish(Articles.football("x")));
            assertTrue(publisher.isConnected());
        }
        assertTrue(monitoring.scrape().lines().anyMatch(line -> line.equals("articles_refused_total{reason=\"0x87\"} 2.0")), monitoring.scrape());
        assertTrue(monitoring.scrape().lines().anyMatch(line -> line.equals("articles_failed_total 2.0")), monitoring.scrape());
    }

    /**
     * The real publisher jar against a broker with a {@code message_size_limit} below its articles (an
     * operator added one): Mosquitto 2.0 answers the long article with PUBACK 0x95, which MQTT 5 does not
     * allow in a PUBACK, so Paho 1.2.5 cannot read it and drops the connection. The publisher still says
     * the broker refused the article, counts it, reconnects and goes on with the articles that fit.
     */
    @Test
    void aRefusalPahoCannotReadIsLoggedCountedAndThePublisherGoesOn() throws Exception {
        // The short article's JSON takes ~250 bytes, the long one's ~3,250. One long in four: with two
        // alternating, a reconnect taking an even number of ticks (about 14 here) came back to the long
        // one every time, and no short one was ever published while connected.
        Path catalogue = Files.writeString(work.resolve("catalogue.json"), """
                [
                  {"newspaper": "largo", "section": "futbol", "title": "Largo", "body": "%s"},
                  {"newspaper": "corto", "section": "futbol", "title": "Corto", "body": "Breve."},
                  {"newspaper": "corto", "section": "futbol", "title": "Corto 2", "body": "Breve."},
                  {"newspaper": "corto", "section": "futbol", "title": "Corto 3", "body": "Breve."}
                ]
                """.formatted("a".repeat(3000)));
        TestPki pki = broker.pki();
        try (MosquittoContainer strict = EditedBrokerConfig.apply(new MosquittoContainer(pki.dir()), line -> line,
                "message_size_limit 1000")) {
            strict.start();
            int httpPort = LoopbackPort.free();
            Map<String, String> environment = SecureBroker.programEnvironment(strict, pki, "publisher");
            environment.put("MQTT_CLIENT_ID", "publisher-refused");
            environment.put("CATALOGUE_FILE", catalogue.toString());
            environment.put("PUBLISH_INTERVAL", "100ms");
            environment.put("HTTP_PORT", Integer.toString(httpPort));
            try (ShadedProgram.Running publisher = ShadedProgram.PUBLISHER.start(environment, work)) {
                publisher.awaitStdout("article refused by broker: topic=" + LONG_TOPIC + " id=", WAIT);
                String refusal = publisher.stdout().lines().filter(line -> line.contains("article refused by broker")).findFirst().orElseThrow();
                assertTrue(refusal.contains(" WARN "), refusal);
                assertTrue(refusal.contains("reason=a PUBACK reason code MQTT 5 does not allow (Mosquitto sends 0x95 packet too large"), refusal);

                // Goes on: a short article is acknowledged after a refusal.
                Await.until(() -> afterFirstRefusal(publisher.stdout()).contains("article published: topic=" + SHORT_TOPIC),
                        WAIT, () -> "the publisher did not go on after the refusal:\n" + publisher.stdout()
                                + "\n--- its stderr (an Error that ended a thread is printed there):\n" + publisher.stderr()
                                + "\n--- its threads:\n" + publisher.threadDump());
                assertTrue(publisher.isAlive(), publisher.stderr());

                String metrics = get(httpPort, "/metrics");
                assertTrue(metrics.lines().anyMatch(line -> line.matches("articles_refused_total\\{reason=\"unreadable\"} [1-9][0-9]*\\.0")), metrics);
                assertTrue(metrics.lines().anyMatch(line -> line.matches("articles_acknowledged_total [1-9][0-9]*\\.0")), metrics);
            }
        }
    }

    private static String afterFirstRefusal(String stdout) {
        return stdout.substring(stdout.indexOf("article refused by broker"));
    }

    private static String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

}
