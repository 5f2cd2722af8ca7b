package io.securemqtt.bench;

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import io.securemqtt.common.mqtt.MqttConnections;

/**
 * A bench client's callback: counts its lost connections, which automatic reconnect would otherwise
 * hide in the figures, and says each on stderr (the bench logs nothing per message). Messages that
 * arrive are ignored unless a subclass takes them.
 */
class ConnectionLosses implements MqttCallback {

    private final String client;
    private final AtomicInteger count = new AtomicInteger();

    /** @param client who it is, for stderr, e.g. {@code bench publisher} */
    ConnectionLosses(String client) {
        this.client = client;
    }

    int count() {
        return count.get();
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        count.incrementAndGet();
        System.err.println(client + " lost its connection: " + MqttConnections.describe(response));
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        System.err.println(client + ": MQTT error: " + exception.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
