package io.securemqtt.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.testing.RecordedLog;

/** Drives the callback as Paho's threads would, and reads what it logged. */
class ConnectionCallbackTest {

    private final RecordedLog log = new RecordedLog("ArticlePublisher");
    private final ConnectionCallback callback = new ConnectionCallback(log.logger(), ConnectionCallback.NO_MESSAGES, List.of());

    @Test
    void lostConnectionAndErrorsAreWarnings() {
        MqttDisconnectResponse shuttingDown = new MqttDisconnectResponse(0x8B, null, null, null);
        MqttException error = new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION);
        callback.disconnected(shuttingDown);
        callback.mqttErrorOccurred(error);
        assertEquals(List.of(
                "WARN connection to broker lost, reconnecting automatically: " + MqttConnections.describe(shuttingDown),
                "WARN MQTT error: " + error.getMessage()), log.lines());
    }

    @Test
    void aSessionTakenOverIsAnErrorAndCounted() {
        MeterRegistry registry = new SimpleMeterRegistry();
        SessionTakeovers takeovers = new SessionTakeovers(registry);
        ConnectionCallback counting = new ConnectionCallback(log.logger(), ConnectionCallback.NO_MESSAGES, List.of(takeovers));
        MqttDisconnectResponse takenOver = new MqttDisconnectResponse(ReasonCodes.SESSION_TAKEN_OVER, null, null, null);
        counting.disconnected(takenOver);
        counting.disconnected(new MqttDisconnectResponse(0x8B, null, null, null));
        counting.disconnected(new MqttDisconnectResponse(new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST)));
        counting.disconnected(takenOver);

        assertEquals(2.0, takeovers.count());
        assertEquals(2.0, registry.get("mqtt.session.takeovers").counter().count());
        assertEquals("ERROR session taken over, reconnecting automatically: broker sent DISCONNECT 0x8E (session taken over);"
                + " another client connected with the same client id (MQTT_CLIENT_ID)", log.lines().get(0));
        assertEquals(List.of("ERROR", "WARN", "WARN", "ERROR"), log.lines().stream().map(line -> line.split(" ")[0]).toList());
    }

    @Test
    void prometheusNamesTheTakeoverCounterAsTheDocsDo() {
        Monitoring monitoring = new Monitoring();
        new SessionTakeovers(monitoring.registry()).sessionTakenOver();
        assertTrue(monitoring.scrape().lines().anyMatch(line -> line.equals("mqtt_session_takeovers_total 1.0")), monitoring.scrape());
    }

    @Test
    void onlyAReconnectionIsLogged() {
        callback.connectComplete(false, "ssl://mosquitto:8883");
        callback.connectComplete(true, "ssl://mosquitto:8883");
        assertEquals(List.of("INFO reconnected: broker=ssl://mosquitto:8883"), log.lines());
    }

    @Test
    void listenersHearOfEveryConnectionAndLossBeforeTheLogLine() {
        List<String> heard = new ArrayList<>();
        ConnectionListener listener = new ConnectionListener() {
            @Override
            public void connected(boolean reconnect, String serverUri) {
                heard.add((reconnect ? "reconnected " : "connected ") + serverUri + " after " + log.lines().size() + " lines");
            }

            @Override
            public void lost(String reason) {
                heard.add("lost: " + reason + " after " + log.lines().size() + " lines");
            }
        };
        ConnectionCallback withListeners = new ConnectionCallback(log.logger(), ConnectionCallback.NO_MESSAGES, List.of(listener, listener));
        MqttDisconnectResponse lost = new MqttDisconnectResponse(new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST));
        withListeners.connectComplete(false, "ssl://mosquitto:8883");
        withListeners.disconnected(lost);
        withListeners.connectComplete(true, "ssl://mosquitto:8883");
        String reason = MqttConnections.describe(lost);
        assertEquals(List.of(
                "connected ssl://mosquitto:8883 after 0 lines", "connected ssl://mosquitto:8883 after 0 lines",
                "lost: " + reason + " after 0 lines", "lost: " + reason + " after 0 lines",
                "reconnected ssl://mosquitto:8883 after 1 lines", "reconnected ssl://mosquitto:8883 after 1 lines"), heard);
        assertEquals(List.of(
                "WARN connection to broker lost, reconnecting automatically: " + reason,
                "INFO reconnected: broker=ssl://mosquitto:8883"), log.lines());
    }

    @Test
    void messagesGoToTheHandlerInTheOrderTheyArrive() throws Exception {
        List<String> received = new ArrayList<>();
        ConnectionCallback receiving = new ConnectionCallback(log.logger(),
                (topic, message) -> received.add(topic + " " + message.getPayload().length), List.of());
        receiving.messageArrived("articulos/marca/futbol", new MqttMessage(new byte[] {1}));
        receiving.messageArrived("articulos/as/tenis", new MqttMessage(new byte[] {1, 2}));
        assertEquals(List.of("articulos/marca/futbol 1", "articulos/as/tenis 2"), received);
        assertEquals(List.of(), log.lines());
    }

    @Test
    void deliveriesAndAuthPacketsAreIgnored() throws Exception {
        callback.messageArrived("articulos/marca/futbol", new MqttMessage(new byte[] {1}));
        callback.deliveryComplete(null);
        callback.authPacketArrived(0x18, new MqttProperties());
        assertEquals(List.of(), log.lines());
    }
}
