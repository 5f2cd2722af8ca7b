package io.securemqtt.bench;

import java.nio.file.Path;
import java.util.List;

import io.securemqtt.common.mqtt.MqttSettings;

/**
 * A broker under test and the PKI (written by certgen) that its clients use. Both kinds of client,
 * ours and Mosquitto's, are handed the very same files, so they authenticate as the same identities
 * and go through the same ACL checks.
 *
 * @param keyType what kind of keys the PKI has, for the table ({@code ec-p256}, {@code rsa-2048})
 */
record Broker(String host, int port, Path pki, String keyType) {

    /** Allowed by mosquitto/acl to write {@code articulos/#}. */
    static final String PUBLISHER = "publisher";
    /** Allowed by mosquitto/acl to read {@code articulos/#}. */
    static final String SUBSCRIBER = "subscriber";

    /** Settings for our Java clients, exactly as the product's programs build them from MQTT_* variables. */
    MqttSettings settings(String identity, String clientId) {
        return new MqttSettings(host, port, pki.resolve("ca.crt"), pki.resolve(identity + ".crt"),
                pki.resolve(identity + ".key"), clientId);
    }

    /** The connection arguments of mosquitto_pub and mosquitto_sub for the same identity and broker. */
    List<String> cArguments(String identity) {
        return List.of("--cafile", pki.resolve("ca.crt").toString(),
                "--cert", pki.resolve(identity + ".crt").toString(),
                "--key", pki.resolve(identity + ".key").toString(),
                "-h", host, "-p", Integer.toString(port));
    }
}
