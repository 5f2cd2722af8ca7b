package io.securemqtt.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;

import javax.net.ssl.SSLHandshakeException;

import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/** The failures are built as Paho builds them: a client-side reason code wrapping the JDK's exception. */
class ConnectFailuresTest {

    private static final MqttSettings SETTINGS = new MqttSettings("mosquitto", 8883, Path.of("/certs/ca.crt"),
            Path.of("/certs/publisher.crt"), Path.of("/certs/publisher.key"), "publisher");

    private static MqttException paho(Throwable cause) {
        return new MqttException(MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR, cause);
    }

    @Test
    void unknownHostIsRetryableAndNamesTheVariable() {
        MqttException failure = paho(new UnknownHostException("mosquitto"));
        BrokerConnectionException e = ConnectFailures.explain(SETTINGS, failure);
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().startsWith("cannot connect to ssl://mosquitto:8883 as client 'publisher': host 'mosquitto' is unknown"), e.getMessage());
        assertTrue(e.getMessage().contains("MQTT_HOST"), e.getMessage());
        assertSame(failure, e.getCause());
    }

    @Test
    void refusedIsRetryable() {
        BrokerConnectionException e = ConnectFailures.explain(SETTINGS, paho(new ConnectException("Connection refused")));
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("MQTT_PORT"), e.getMessage());
    }

    @Test
    void hostNameMismatchIsNotRetryable() {
        SSLHandshakeException cause = new SSLHandshakeException("No subject alternative DNS name matching broker found.");
        BrokerConnectionException e = ConnectFailures.explain(SETTINGS, new MqttException(MqttClientException.REASON_CODE_SSL_CONFIG_ERROR, cause));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("not valid for host name 'mosquitto'"), e.getMessage());
    }

    @Test
    void unknownServerCaNamesCaFile() {
        SSLHandshakeException cause = new SSLHandshakeException("PKIX path building failed");
        cause.initCause(new CertPathBuilderException("unable to find valid certification path to requested target"));
        BrokerConnectionException e = ConnectFailures.explain(SETTINGS, paho(cause));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("/certs/ca.crt (MQTT_CA_FILE)"), e.getMessage());
    }

    @Test
    void rejectedClientCertificateNamesCertFile() {
        BrokerConnectionException e = ConnectFailures.explain(SETTINGS,
                new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST, new SSLHandshakeException("Received fatal alert: unknown_ca")));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("alert 'unknown_ca'"), e.getMessage());
        assertTrue(e.getMessage().contains("/certs/publisher.crt (MQTT_CERT_FILE)"), e.getMessage());
    }

    @Test
    void connackNotAuthorized() {
        BrokerConnectionException e = ConnectFailures.explain(SETTINGS, new MqttException(0x87));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("0x87 (not authorized)"), e.getMessage());
    }

    @Test
    void connackBadClientId() {
        BrokerConnectionException e = ConnectFailures.explain(SETTINGS, new MqttException(0x85));
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("MQTT_CLIENT_ID"), e.getMessage());
    }

    @Test
    void serverUnavailableIsRetryable() {
        assertTrue(ConnectFailures.explain(SETTINGS, new MqttException(0x88)).isRetryable());
        assertTrue(ConnectFailures.explain(SETTINGS, new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT)).isRetryable());
    }
}
