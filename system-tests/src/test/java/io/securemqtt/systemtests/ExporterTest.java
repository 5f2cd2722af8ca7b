package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.mqtt.ConnectionCallback;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.publisher.PublishException;
import io.securemqtt.subscriber.ArticleSubscriber;
import io.securemqtt.testing.Await;
import io.securemqtt.testing.LoopbackPort;
import io.securemqtt.x509.Pem;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The real exporter jar against the real broker, with certgen's certificates: its {@code /metrics}
 * carry the broker's {@code $SYS} figures and the days left on the broker's certificate and CRL
 * files; and the ACL gives the {@code exporter} identity {@code $SYS} and nothing else, while no
 * other identity gets {@code $SYS} at all.
 */
class ExporterTest {

    /** Mosquitto publishes $SYS every sys_interval (10 s): three of them, at most, for a figure to move. */
    private static final Duration SYS_WAIT = Duration.ofSeconds(35);

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @TempDir
    static Path workDir;

    private static int port;
    private static ShadedProgram.Running exporter;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startExporter() {
        port = LoopbackPort.free();
        Map<String, String> environment = broker.programEnvironment("exporter");
        environment.put("HTTP_PORT", Integer.toString(port));
        environment.put("BROKER_CERT_FILE", broker.pki().cert("server").toString());
        environment.put("CRL_FILE", crlFile().toString());
        exporter = ShadedProgram.EXPORTER.start(environment, workDir);
        exporter.awaitStdout("subscribed: filter=$SYS/# qos=0", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopExporter() throws InterruptedException {
        if (exporter != null) {
            exporter.close();
        }
    }

    private static Path crlFile() {
        return broker.pki().dir().resolve("crl.pem");
    }

    @Test
    void metricsCarryTheBrokersFiguresAsItsSysTopicsGiveThem() throws Exception {
        Await.until(() -> sample("mosquitto_up").orElse(0.0) == 1.0, SYS_WAIT,
                () -> "mosquitto_up never became 1; /metrics:\n" + metrics() + "\n" + exporter.stdout());
        assertEquals(1.0, value("mqtt_connected"));
        assertTrue(value("mosquitto_clients_connected") >= 1, "the exporter itself is connected");
        assertTrue(value("mosquitto_uptime_seconds") >= 0);
        assertTrue(value("mosquitto_subscriptions") >= 1, "the exporter's own subscription");
        assertEquals(1.0, value("mosquitto_info{version=\"" + broker.container().version() + "\"}"));
        assertEquals(0.0, value("mosquitto_sys_values_ignored_total"), exporter.stdout());
        for (String figure : List.of("mosquitto_messages_sent_total", "mosquitto_messages_dropped_total",
                "mosquitto_messages_stored", "mosquitto_messages_stored_bytes")) {
            assertTrue(value(figure) >= 0, figure + " is a number once the broker said it");
        }

        double received = value("mosquitto_messages_received_total");
        try (ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            for (int i = 0; i < 5; i++) {
                publisher.publish(Articles.football("marca"));
            }
        }
        Await.until(() -> value("mosquitto_messages_received_total") >= received + 5, SYS_WAIT,
                () -> "mosquitto_messages_received_total stayed at " + value("mosquitto_messages_received_total")
                        + " after 5 articles, from " + received);
        assertFalse(exporter.stdout().contains(" WARN "), "the real broker's values are all taken: " + exporter.stdout());
    }

    @Test
    void daysLeftAreThoseOfTheBrokersCertificateAndCrlFiles() throws Exception {
        Instant notAfter = date(broker.pki().cert("server"), false);
        Instant nextUpdate = date(crlFile(), true);
        Instant before = Instant.now();
        double certificate = value("mosquitto_broker_certificate_days_left");
        double crl = value("mosquitto_crl_next_update_days_left");
        Instant after = Instant.now();

        assertBetween(daysBetween(after, notAfter), certificate, daysBetween(before, notAfter));
        assertBetween(daysBetween(after, nextUpdate), crl, daysBetween(before, nextUpdate));
        assertTrue(certificate > 364 && certificate <= 365.01, "certgen's 365 days: " + certificate);
        assertTrue(crl > 89 && crl <= 90.01, "certgen's CRL of 90 days: " + crl);
    }

    @Test
    void exporterReadsSysAndNoOtherIdentityDoes() throws Exception {
        BlockingQueue<String> denied = new LinkedBlockingQueue<>();
        BlockingQueue<String> granted = new LinkedBlockingQueue<>();
        // The identity without the grant subscribes first: whatever reaches the exporter's identity
        // after that would have reached it too, if the ACL let it.
        try (SysWatcher subscriber = new SysWatcher(broker.settings("subscriber"), denied);
                SysWatcher publisher = new SysWatcher(broker.settings("publisher"), denied);
                SysWatcher watcher = new SysWatcher(broker.settings("exporter"), granted)) {
            // Retained values come at once; the uptime comes again, live, within one sys_interval.
            Await.until(() -> granted.stream().filter("$SYS/broker/uptime"::equals).count() >= 2, SYS_WAIT,
                    () -> "the exporter identity never got a live $SYS update; it got " + granted);
            assertTrue(granted.contains("$SYS/broker/version"), granted.toString());
            assertEquals(List.of(), List.copyOf(denied), "identities without 'topic read $SYS/#' got $SYS");
        }
    }

    @Test
    void exporterMayNotReadArticles() throws Exception {
        BlockingQueue<Article> eavesdropped = new LinkedBlockingQueue<>();
        BlockingQueue<Article> delivered = new LinkedBlockingQueue<>();
        try (ArticleSubscriber spy = ArticleSubscriber.start(broker.settings("exporter"), List.of("articulos/#"),
                        (topic, article) -> eavesdropped.add(article));
                ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"), List.of("articulos/#"),
                        (topic, article) -> delivered.add(article));
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            Article article = Articles.football("marca");
            publisher.publish(article);
            assertEquals(article, delivered.poll(10, TimeUnit.SECONDS));
            assertNull(eavesdropped.poll(500, TimeUnit.MILLISECONDS), "the exporter identity read an article");
        }
    }

    @Test
    void exporterMayNotWrite() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"), List.of("articulos/#"),
                        (topic, article) -> received.add(article.id()));
                ArticlePublisher forger = ArticlePublisher.connect(broker.settings("exporter"));
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            for (Article forged : List.of(Articles.football("marca"), Articles.football("pruebas"))) {
                PublishException refused = assertThrows(PublishException.class, () -> forger.publish(forged), forged.topic());
                assertTrue(refused.getMessage().contains("0x87"), refused.getMessage());
            }
            Article control = Articles.football("marca");
            publisher.publish(control);
            assertEquals(control.id(), received.poll(10, TimeUnit.SECONDS), "the control article, and nothing refused before it");
        }
    }

    /** A plain client subscribed to $SYS/#, putting each topic it receives in a queue. */
    private static final class SysWatcher implements AutoCloseable {

        private final MqttAsyncClient client;

        SysWatcher(MqttSettings settings, BlockingQueue<String> topics) throws Exception {
            client = MqttConnections.newClient(settings);
            client.setCallback(new ConnectionCallback(LoggerFactory.getLogger(ExporterTest.class),
                    (topic, message) -> topics.add(topic), List.of()));
            MqttConnections.connect(client, MqttConnections.cleanSession(settings), settings);
            client.subscribe(new MqttSubscription[] {new MqttSubscription("$SYS/#", 0)}, null, null, null).waitForCompletion(10_000);
        }

        @Override
        public void close() {
            MqttConnections.disconnectQuietly(client);
        }
    }

    private static void assertBetween(double low, double actual, double high) {
        assertTrue(actual >= low - 1e-6 && actual <= high + 1e-6, actual + " is not within [" + low + ", " + high + "]");
    }

    private static double daysBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 86_400_000.0;
    }

    /** The certificate's notAfter, or the CRL's nextUpdate, read here with the same x509 module. */
    private static Instant date(Path file, boolean crl) throws Exception {
        for (Object block : Pem.parse(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            if (crl && Pem.crl(block).isPresent()) {
                return Pem.crl(block).get().getNextUpdate().toInstant();
            }
            if (!crl && Pem.certificate(block).isPresent()) {
                return Pem.certificate(block).get().getNotAfter().toInstant();
            }
        }
        throw new AssertionError("nothing dated in " + file);
    }

    private String metrics() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET /metrics failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** One sample of {@code /metrics}, by its name and labels as Prometheus writes them. */
    private Optional<Double> sample(String sample) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics());
        return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.empty();
    }

    private double value(String sample) {
        return sample(sample).orElseThrow(() -> new AssertionError("no sample " + sample + " in /metrics:\n" + metrics()));
    }
}
