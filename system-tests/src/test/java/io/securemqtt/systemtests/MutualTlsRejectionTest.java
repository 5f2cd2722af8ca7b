package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's only listener admits a client only with a certificate from our CA. Each refusal
 * is checked on both sides: the client cannot connect, and the broker logs why it refused.
 */
class MutualTlsRejectionTest {

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void clientWithOurCertificateIsAccepted() throws Exception {
        MqttClient client = RawTlsClient.connect(broker.tlsUri(),
                RawTlsClient.context(pki().ca(), pki().cert("publisher"), pki().key("publisher")));
        try {
            assertTrue(client.isConnected());
            broker.awaitLog("as " + client.getClientId() + " (p5, c1, k60, u'publisher')");
        } finally {
            client.disconnect();
            client.close();
        }
    }

    @Test
    void clientWithoutCertificateIsRefusedAtHandshake() throws Exception {
        SSLContext noCertificate = RawTlsClient.context(pki().ca(), null, null);
        assertThrows(MqttException.class, () -> RawTlsClient.connect(broker.tlsUri(), noCertificate));
        broker.awaitLog("peer did not return a certificate");
    }

    @Test
    void clientWithCertificateFromAnotherCaIsRefusedAtHandshake(@TempDir Path otherPkiDir) throws Exception {
        // Trusts our broker, but presents an identity our CA never signed.
        TestPki otherPki = TestPki.generate(otherPkiDir);
        SSLContext foreign = RawTlsClient.context(pki().ca(), otherPki.cert("publisher"), otherPki.key("publisher"));
        assertThrows(MqttException.class, () -> RawTlsClient.connect(broker.tlsUri(), foreign));
        broker.awaitLog("certificate verify failed");
    }

    @Test
    void plainMqttToTheTlsPortIsRefused() throws Exception {
        String plainUri = "tcp://" + broker.container().getHost() + ":" + broker.container().mqttsPort();
        assertThrows(MqttException.class, () -> RawTlsClient.connect(plainUri, null));
        // The broker takes the plain CONNECT for a broken TLS record and drops the connection.
        broker.awaitLog("wrong version number");
    }

    private static TestPki pki() {
        return broker.pki();
    }
}
