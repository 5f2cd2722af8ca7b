package io.securemqtt.common.mqtt;

import java.util.List;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;

/**
 * A Paho callback that logs what happens to the connection, one line each: lost (Paho reconnects
 * by itself), reconnected, or an MQTT error. A loss because another connection took our session
 * (DISCONNECT 0x8E) is an ERROR, not a warning: someone else holds our client id, and while it does
 * the two connections take the session from each other and messages go to whichever holds it. It ignores messages: a client that subscribes extends
 * it and overrides {@link #messageArrived}.
 *
 * <p>It also tells its {@link ConnectionListener}s, e.g. the program's
 * {@link io.securemqtt.common.monitoring.ConnectionHealth} and the client's {@link ClientStatus}, which is how {@code /health} and {@code clients/<identity>/<client-id>/status}
 * follow the connection.
 *
 * <p>The first connection is not logged here: whoever calls connect says so, with the client id.
 */
public class ConnectionEventsLogger implements MqttCallback {

    private final Logger log;
    private final List<ConnectionListener> listeners;

    /**
     * @param log       the client's own logger, so that these lines name the client they are about
     * @param listeners told of every connection and every loss, in this order, before the log line
     */
    public ConnectionEventsLogger(Logger log, ConnectionListener... listeners) {
        this.log = log;
        this.listeners = List.of(listeners);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        String reason = MqttConnections.describe(response);
        boolean takenOver = isTakeover(response);
        for (ConnectionListener listener : listeners) {
            listener.lost(reason);
            if (takenOver) {
                listener.sessionTakenOver();
            }
        }
        if (takenOver) {
            log.error("session taken over, reconnecting automatically: {}", reason);
        } else {
            log.warn("connection to broker lost, reconnecting automatically: {}", reason);
        }
    }

    /** The broker's own DISCONNECT with 0x8E; a connection Paho saw fail has an exception instead. */
    private static boolean isTakeover(MqttDisconnectResponse response) {
        return response != null && response.getException() == null
                && response.getReturnCode() == ReasonCodes.SESSION_TAKEN_OVER;
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        log.warn("MQTT error: {}", exception.getMessage());
    }

    /** Tells the listeners, then {@link #onConnected}: a subclass extends that, not this. */
    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        for (ConnectionListener listener : listeners) {
            listener.connected(reconnect, serverUri);
        }
        onConnected(reconnect, serverUri);
    }

    /**
     * What the client does after each successful connection, on Paho's callback thread. Here: log a
     * reconnection. A subscriber overrides it to subscribe again.
     */
    protected void onConnected(boolean reconnect, String serverUri) {
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
