package io.securemqtt.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

/** Drives the callback as Paho's threads would, and reads what it logged. */
class ConnectionEventsLoggerTest {

    private final RecordedLog log = new RecordedLog("ArticlePublisher");
    private final ConnectionEventsLogger callback = new ConnectionEventsLogger(log.logger());

    @Test
    void lostConnectionAndErrorsAreWarnings() {
        MqttDisconnectResponse takenOver = new MqttDisconnectResponse(0x8E, null, null, null);
        MqttException error = new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION);
        callback.disconnected(takenOver);
        callback.mqttErrorOccurred(error);
        assertEquals(List.of(
                "WARN connection to broker lost, reconnecting automatically: " + MqttConnections.describe(takenOver),
                "WARN MQTT error: " + error.getMessage()), log.lines());
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
        ConnectionEventsLogger withListeners = new ConnectionEventsLogger(log.logger(), listener, listener);
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
    void messagesDeliveriesAndAuthPacketsAreIgnored() {
        callback.messageArrived("articulos/marca/futbol", new MqttMessage(new byte[] {1}));
        callback.deliveryComplete(null);
        callback.authPacketArrived(0x18, new MqttProperties());
        assertEquals(List.of(), log.lines());
    }
}
