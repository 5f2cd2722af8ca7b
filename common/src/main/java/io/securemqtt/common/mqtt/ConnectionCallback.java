package io.securemqtt.common.mqtt;

import java.util.List;
import java.util.Objects;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;

/**
 * The one Paho callback of a client: it tells its {@link ConnectionListener}s when the connection
 * comes and goes, logs it, one line each (lost, Paho reconnects by itself; reconnected; an MQTT
 * error), and hands every message that arrives to the client's message handler.
 *
 * <p>A loss because another connection took our session (DISCONNECT 0x8E) is an ERROR, not a
 * warning: someone else holds our client id, and while it does the two connections take the session
 * from each other and messages go to whichever holds it.
 *
 * <p>The listeners are how {@code /health} ({@code ConnectionHealth}), {@code clients/<identity>/<client-id>/status}
 * ({@link ClientStatus}) and the takeover count ({@link SessionTakeovers}) follow the connection;
 * a client adds its own, e.g. a subscriber subscribing again after each connection.
 *
 * <p>The first connection is not logged here: whoever calls connect says so, with the client id.
 */
public final class ConnectionCallback implements MqttCallback {

    /** For a client that subscribes to nothing: no message ever arrives. */
    public static final IMqttMessageListener NO_MESSAGES = (topic, message) -> { };

    private final Logger log;
    private final IMqttMessageListener messages;
    private final List<ConnectionListener> listeners;

    /**
     * @param log       the client's own logger, so that these lines name the client they are about
     * @param messages  every message that arrives, on Paho's callback thread; Paho drops the
     *                  connection if it throws, so a handler of network input must not
     * @param listeners told of every connection and every loss, in this order, before the log line
     */
    public ConnectionCallback(Logger log, IMqttMessageListener messages, List<ConnectionListener> listeners) {
        this.log = Objects.requireNonNull(log, "log");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        String reason = MqttConnections.describe(response);
        boolean takenOver = isTakeover(response);
        for (ConnectionListener listener : listeners) {
            guarded(listener, "lost", () -> {
                listener.lost(reason);
                if (takenOver) {
                    listener.sessionTakenOver();
                }
            });
        }
        if (takenOver) {
            log.error("session taken over, reconnecting automatically: {}", reason);
        } else {
            log.warn("connection to broker lost, reconnecting automatically: {}", reason);
        }
    }

    /**
     * Each listener on its own: Paho swallows whatever escapes {@link #disconnected}, silently and
     * with its automatic reconnect skipped, so one failing listener would leave the client
     * disconnected for good; from {@link #connectComplete} it would drop the connection just made.
     */
    private void guarded(ConnectionListener listener, String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            log.error("connection listener failed: listener={} event={}", listener.getClass().getName(), event, e);
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

    /** Tells the listeners, then logs a reconnection (the first connection is the caller's to log). */
    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        for (ConnectionListener listener : listeners) {
            guarded(listener, "connected", () -> listener.connected(reconnect, serverUri));
        }
        if (reconnect) {
            log.info("reconnected: broker={}", serverUri);
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        messages.messageArrived(topic, message);
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
