package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.testing.LoopbackPort;
import io.securemqtt.testing.TestPki;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.article.Article;

/**
 * Mosquitto skips authentication plugins with {@code use_identity_as_username}, so nothing on the
 * broker ties a client id to a certificate: whoever connects with the subscriber's client id takes its
 * session, and the articles delivered meanwhile. With certgen's PKI the subscriber's default client id
 * is {@code subscriber-<secret suffix>}, read from {@code subscriber.clientid}, which only the
 * subscriber's container receives.
 *
 * <p>The real subscriber jar, configured as its container is: no {@code MQTT_CLIENT_ID}.
 */
class SessionTakeoverTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int ARTICLES = 20;
    private static final Pattern CLIENT_ID = Pattern.compile("subscriber starting: .* clientId=(\\S+)");

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @TempDir
    Path work;

    /**
     * Another valid identity ({@code operator}) connects again and again with the old default client id
     * {@code subscriber}, as the issue measured it (6 of 20 articles lost): nothing is taken from the
     * real subscriber, and all the articles published meanwhile reach it.
     */
    @Test
    void anotherIdentityCannotStealTheSubscribersArticles() throws Exception {
        TestPki pki = broker.pki();
        try (ShadedProgram.Running subscriber = startSubscriber(0)) {
            String clientId = clientId(subscriber);
            String suffix = Files.readString(pki.clientIdSuffix("subscriber")).strip();
            assertEquals("subscriber-" + suffix, clientId);

            List<Article> published = new ArrayList<>();
            var operator = RawTlsClient.context(pki.ca(), pki.cert("operator"), pki.key("operator"));
            try (ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
                for (int i = 0; i < ARTICLES; i++) {
                    // The old default, with a persistent session as the subscriber's was.
                    MqttClient thief = new MqttClient(broker.tlsUri(), "subscriber", new MemoryPersistence());
                    MqttConnectionOptions options = new MqttConnectionOptions();
                    options.setSocketFactory(operator.getSocketFactory());
                    options.setCleanStart(false);
                    options.setSessionExpiryInterval(86_400L);
                    thief.connect(options);
                    Article article = Articles.football("x");
                    publisher.publish(article);
                    published.add(article);
                    thief.disconnect();
                    thief.close();
                }
            }
            broker.awaitLog(" as subscriber (p5, c0, k60, u'operator')");

            for (Article article : published) {
                subscriber.awaitStdout("received: topic=" + article.topic() + " id=" + article.id(), WAIT);
            }
            assertFalse(subscriber.stdout().contains("session taken over"), subscriber.stdout());
            assertFalse(subscriber.stdout().contains("connection to broker lost"), subscriber.stdout());
        }
    }

    /**
     * The subscriber's own client id, from its own key (as a second replica configured alike would
     * connect): the broker ends the subscriber's connection with DISCONNECT 0x8E, which it logs as an
     * ERROR and counts in {@code mqtt_session_takeovers_total}; then it takes its session back.
     */
    @Test
    void aTakeoverIsLoggedAsAnErrorAndCounted() throws Exception {
        TestPki pki = broker.pki();
        int httpPort = LoopbackPort.free();
        try (ShadedProgram.Running subscriber = startSubscriber(httpPort)) {
            assertEquals("mqtt_session_takeovers_total 0.0", metric(httpPort, "mqtt_session_takeovers_total"));

            MqttClient twin = new MqttClient(broker.tlsUri(), clientId(subscriber), new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setSocketFactory(RawTlsClient.context(pki.ca(), pki.cert("subscriber"), pki.key("subscriber")).getSocketFactory());
            options.setCleanStart(false);
            options.setSessionExpiryInterval(86_400L);
            try {
                twin.connect(options);
                subscriber.awaitStdout("session taken over, reconnecting automatically: broker sent DISCONNECT 0x8E (session taken over);"
                        + " another client connected with the same client id (MQTT_CLIENT_ID)", WAIT);
            } finally {
                // Gone before the subscriber's automatic reconnect could take it back: one takeover, no back and forth.
                if (twin.isConnected()) {
                    twin.disconnect();
                }
                twin.close(true);
            }
            String line = subscriber.stdout().lines().filter(l -> l.contains("session taken over")).findFirst().orElseThrow();
            assertTrue(line.contains(" ERROR "), line);

            subscriber.awaitStdout("reconnected: broker=", WAIT);
            assertEquals("mqtt_session_takeovers_total 1.0", metric(httpPort, "mqtt_session_takeovers_total"));
            // Its session and subscription are its own again.
            Article article = Articles.football("x");
            try (ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
                publisher.publish(article);
            }
            subscriber.awaitStdout("received: topic=" + article.topic() + " id=" + article.id(), WAIT);
        }
    }

    /** The shaded subscriber with the {@code subscriber} identity's files, as its container gets them, and no MQTT_CLIENT_ID. */
    private ShadedProgram.Running startSubscriber(int httpPort) throws InterruptedException {
        Map<String, String> environment = broker.programEnvironment("subscriber");
        environment.put("HTTP_PORT", Integer.toString(httpPort));
        ShadedProgram.Running subscriber = ShadedProgram.SUBSCRIBER.start(environment, work);
        subscriber.awaitStdout("subscribed: ", WAIT);
        return subscriber;
    }

    private static String clientId(ShadedProgram.Running subscriber) {
        Matcher matcher = CLIENT_ID.matcher(subscriber.stdout());
        assertTrue(matcher.find(), subscriber.stdout());
        return matcher.group(1);
    }

    private static String metric(int port, String name) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return response.body().lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in\n" + response.body()));
    }

}
