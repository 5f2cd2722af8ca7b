package io.securemqtt.common;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;

/**
 * A Paho callback that logs what happens to the connection, one line each: lost (Paho reconnects
 * by itself), reconnected, or an MQTT error. It ignores messages: a client that subscribes extends
 * it and overrides {@link #messageArrived}.
 *
 * <p>The first connection is not logged here: whoever calls connect says so, with the client id.
 */
public class ConnectionEventsLogger implements MqttCallback {

    private final Logger log;

    /**
     * @param log the client's own logger, so that these lines name the client they are about
     */
    public ConnectionEventsLogger(Logger log) {
        this.log = log;
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        log.warn("connection to broker lost, reconnecting automatically: {}", MqttConnections.describe(response));
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        log.warn("MQTT error: {}", exception.getMessage());
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        if (reconnect) {
            log.info("reconnected: broker={}", serverUri);
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        // Only a client that subscribes receives messages, and it overrides this.
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // Each publish is reported through its own token, by whoever published.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // No enhanced authentication: the client certificate is the credential.
    }
}
