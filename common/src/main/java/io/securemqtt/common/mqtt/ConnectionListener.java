package io.securemqtt.common.mqtt;

/**
 * Told by {@link ConnectionCallback} when the connection to the broker comes and goes. Called on
 * Paho's callback thread: an implementation must return quickly and never throw, or Paho drops the
 * connection.
 */
public interface ConnectionListener {

    /**
     * @param reconnect true after one of Paho's automatic reconnects, false after the first connect
     * @param serverUri the broker, e.g. {@code ssl://mosquitto:8883}
     */
    void connected(boolean reconnect, String serverUri);

    /** @param reason one line on why, as {@link MqttConnections#describe} says it */
    void lost(String reason);

    /**
     * The loss just reported was the broker's DISCONNECT 0x8E: another connection came with our
     * client id and took our session. Nothing to do by default.
     */
    default void sessionTakenOver() {
    }
}
