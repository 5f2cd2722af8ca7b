package io.securemqtt.bench;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * Paho settings the product does not set, to try whether they help; the defaults leave the
 * product's options exactly as {@link io.securemqtt.common.mqtt.MqttConnections} makes them.
 *
 * @param receiveMaximum    the Receive Maximum our subscriber announces in CONNECT (how many QoS 1
 *                          messages the broker may have unacknowledged to it), or 0 to send none,
 *                          as the product does (MQTT then means 65,535)
 * @param socketBufferBytes SO_SNDBUF and SO_RCVBUF of our sockets, or 0 for the kernel's
 *                          auto-tuning, as the product does
 * @param tcpNoDelay        TCP_NODELAY on our sockets; Paho leaves Nagle's algorithm on
 */
record ClientTuning(int receiveMaximum, int socketBufferBytes, boolean tcpNoDelay) {

    static final ClientTuning PRODUCT = new ClientTuning(0, 0, false);

    /** Applies the settings to options made by MqttConnections (whose socket factory it wraps). */
    MqttConnectionOptions apply(MqttConnectionOptions options) {
        if (receiveMaximum > 0) {
            options.setReceiveMaximum(receiveMaximum);
        }
        if (socketBufferBytes > 0 || tcpNoDelay) {
            options.setSocketFactory(new TunedSocketFactory(options.getSocketFactory(), socketBufferBytes, tcpNoDelay));
        }
        return options;
    }

    boolean isProduct() {
        return equals(PRODUCT);
    }

    String describe() {
        return isProduct() ? "as the product (Paho defaults)"
                : "subscriber receive maximum " + (receiveMaximum > 0 ? receiveMaximum : "unset")
                + ", socket buffers " + (socketBufferBytes > 0 ? socketBufferBytes + " B" : "auto")
                + ", TCP_NODELAY " + (tcpNoDelay ? "on" : "off");
    }
}
