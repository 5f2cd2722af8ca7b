package io.securemqtt.bench;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;

import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.MqttSettings;

/**
 * The broker's CONNACK, to report the Receive Maximum it announces (Mosquitto's
 * max_inflight_messages, the window our publisher works within), and the time of this JVM's very
 * first connection: TLS and Paho classes loaded and compiled cold, as a freshly started client has them.
 */
record ConnackProbe(int receiveMaximum, double coldConnectMs) {

    static ConnackProbe of(Broker broker, String runId) throws Exception {
        MqttSettings settings = broker.settings(Broker.PUBLISHER, "bench-probe-" + runId);
        var options = MqttConnections.cleanSession(settings);
        MqttAsyncClient client = MqttConnections.newClient(settings);
        try {
            // What MqttConnections.connect does, keeping the token to read the CONNACK's properties.
            long t0 = System.nanoTime();
            IMqttToken token = client.connect(options);
            token.waitForCompletion(15_000);
            long nanos = System.nanoTime() - t0;
            Integer receiveMaximum = token.getResponseProperties() == null ? null : token.getResponseProperties().getReceiveMaximum();
            // Absent from the CONNACK means the MQTT default, 65,535.
            return new ConnackProbe(receiveMaximum == null ? 65_535 : receiveMaximum, nanos / 1e6);
        } finally {
            MqttConnections.disconnectQuietly(client);
        }
    }
}
