package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.publisher.WindowedPublisher;
import io.securemqtt.subscriber.ArticleSubscriber;
import io.securemqtt.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.client.MqttClientConnection;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ConnectionCallback;
import io.securemqtt.common.mqtt.ConnectionListener;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.MqttSettings;

/**
 * A burst of asynchronous publishes far beyond the broker's Receive Maximum (Mosquitto's
 * max_inflight_messages): Paho alone would refuse the 21st with "too many publishes in progress";
 * the publisher waits for room instead, and every article is acknowledged and delivered.
 */
class PublishWindowTest {

    private static final int BURST = 5_000;
    private static final String TOPIC = "articulos/marca/futbol";

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void burstBeyondTheReceiveMaximumIsAllAcknowledgedAndDelivered() throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        try (ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"),
                List.of("articulos/+/futbol"), (topic, article) -> received.add(article.id()));
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            List<String> sent = new ArrayList<>();
            List<CompletableFuture<Void>> acknowledgements = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                Article article = Articles.football("marca");
                sent.add(article.id());
                acknowledgements.add(publisher.publishAsync(article));
            }
            CompletableFuture.allOf(acknowledgements.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            Await.until(() -> received.containsAll(sent), Duration.ofSeconds(60),
                    (BURST - received.size()) + " of " + BURST + " acknowledged articles did not arrive");
            assertEquals(BURST, received.size());
        }
    }

    /**
     * Paho calls a publish's listener on its own thread: an Error escaping there (a class that
     * failed to load, say) would drop the connection, or, during Paho's shutdown of a lost one, stop
     * every reconnect for good. The window logs it, and the connection carries on.
     */
    @Test
    void aListenerThatFailsCostsALogLineNotTheConnection() throws Exception {
        List<String> losses = new CopyOnWriteArrayList<>();
        MqttSettings settings = broker.settings("publisher");
        MqttClientConnection connection = MqttClientConnection.create(settings, MqttConnections.cleanSession(settings), new Monitoring(),
                LoggerFactory.getLogger(PublishWindowTest.class));
        connection.connect(ConnectionCallback.NO_MESSAGES, new ConnectionListener() {
            @Override
            public void connected(boolean reconnect, String serverUri) {
            }

            @Override
            public void lost(String reason) {
                losses.add(reason);
            }
        });
        WindowedPublisher window = new WindowedPublisher(connection.client());
        try (ConsoleCapture console = ConsoleCapture.start()) {
            CountDownLatch called = new CountDownLatch(1);
            window.publish(TOPIC, new MqttMessage("first".getBytes(StandardCharsets.UTF_8), 1, false, null), new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    called.countDown();
                    throw new NoClassDefFoundError("planted by the test");
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    called.countDown();
                }
            });
            assertTrue(called.await(10, TimeUnit.SECONDS));
            // Two more round trips: by the second, a connection dropped for the Error would have shown.
            for (String payload : List.of("second", "third")) {
                CompletableFuture<Void> acknowledged = new CompletableFuture<>();
                window.publish(TOPIC, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, null), new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        acknowledged.complete(null);
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable exception) {
                        acknowledged.completeExceptionally(exception);
                    }
                });
                acknowledged.get(10, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), losses);
            assertTrue(connection.client().isConnected());
            assertTrue(console.lines().stream().anyMatch(line -> line.contains("ERROR WindowedPublisher - publish outcome not handled: topic=" + TOPIC)),
                    String.join("\n", console.lines()));
        } finally {
            MqttConnections.close(connection.client(), LoggerFactory.getLogger(PublishWindowTest.class));
        }
    }
}
