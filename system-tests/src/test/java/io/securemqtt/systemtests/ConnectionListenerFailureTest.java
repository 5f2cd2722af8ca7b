package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.testing.TestPki;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.client.MqttClientConnection;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ConnectionCallback;
import io.securemqtt.common.mqtt.ConnectionListener;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.MqttSettings;

/**
 * Paho swallows whatever escapes its {@code disconnected} callback, and then skips its automatic
 * reconnect: one failing listener would leave a client disconnected for good, without a line. The
 * callback keeps each listener to itself: the failure is logged, and the client comes back.
 */
class ConnectionListenerFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void aListenerThatFailsOnALossCostsALogLineNotTheReconnect() throws Exception {
        MqttSettings settings = broker.settings("publisher");
        CompletableFuture<Void> reconnected = new CompletableFuture<>();
        MqttClientConnection connection = MqttClientConnection.create(settings, MqttConnections.cleanSession(settings), new Monitoring(),
                LoggerFactory.getLogger(ConnectionListenerFailureTest.class));
        try (ConsoleCapture console = ConsoleCapture.start()) {
            connection.connect(ConnectionCallback.NO_MESSAGES, new ConnectionListener() {
                @Override
                public void connected(boolean reconnect, String serverUri) {
                    if (reconnect) {
                        reconnected.complete(null);
                    }
                }

                @Override
                public void lost(String reason) {
                    throw new NoClassDefFoundError("planted by the test");
                }
            });
            takeOverOnce(settings.clientId());

            reconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(connection.client().isConnected());
            String lines = String.join("\n", console.lines());
            assertTrue(lines.contains("ERROR ConnectionListenerFailureTest - connection listener failed: listener="
                    + ConnectionListenerFailureTest.class.getName() + "$1 event=lost"), lines);
            // The callback's own line still comes after the listeners.
            assertTrue(lines.contains("session taken over, reconnecting automatically"), lines);
        } finally {
            MqttConnections.close(connection.client(), LoggerFactory.getLogger(ConnectionListenerFailureTest.class));
        }
        assertEquals(false, connection.client().isConnected());
    }

    /** Another connection with the same identity and client id: the broker ends ours with DISCONNECT 0x8E. */
    private static void takeOverOnce(String clientId) throws Exception {
        TestPki pki = broker.pki();
        MqttClient twin = new MqttClient(broker.tlsUri(), clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(RawTlsClient.context(pki.ca(), pki.cert("publisher"), pki.key("publisher")).getSocketFactory());
        try {
            twin.connect(options);
        } finally {
            // Gone before our client's automatic reconnect takes the id back: one takeover, no back and forth.
            if (twin.isConnected()) {
                twin.disconnect();
            }
            twin.close(true);
        }
    }
}
