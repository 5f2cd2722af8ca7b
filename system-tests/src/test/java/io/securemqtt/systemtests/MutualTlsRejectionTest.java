package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's only listener admits a client only with a certificate from our CA. Each refusal
 * is checked on both sides: the client cannot connect, and the broker logs why it refused.
 */
class MutualTlsRejectionTest {

    @TempDir
    static Path pkiDir;
    @TempDir
    static Path otherPkiDir;
    static TestPki pki;
    static TestPki otherPki;
    static MosquittoContainer broker;

    @BeforeAll
    static void startBroker() {
        pki = TestPki.generate(pkiDir);
        otherPki = TestPki.generate(otherPkiDir);
        broker = new MosquittoContainer(pkiDir);
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void clientWithOurCertificateIsAccepted() throws Exception {
        MqttClient client = RawTlsClient.connect(tlsUri(),
                RawTlsClient.context(pki.ca(), pki.cert("publisher"), pki.key("publisher")));
        try {
            assertTrue(client.isConnected());
            awaitBrokerLog("as " + client.getClientId() + " (p5, c1, k60, u'publisher')");
        } finally {
            client.disconnect();
            client.close();
        }
    }

    @Test
    void clientWithoutCertificateIsRefusedAtHandshake() throws Exception {
        SSLContext noCertificate = RawTlsClient.context(pki.ca(), null, null);
        assertThrows(MqttException.class, () -> RawTlsClient.connect(tlsUri(), noCertificate));
        awaitBrokerLog("peer did not return a certificate");
    }

    @Test
    void clientWithCertificateFromAnotherCaIsRefusedAtHandshake() throws Exception {
        // Trusts our broker, but presents an identity our CA never signed.
        SSLContext foreign = RawTlsClient.context(pki.ca(), otherPki.cert("publisher"), otherPki.key("publisher"));
        assertThrows(MqttException.class, () -> RawTlsClient.connect(tlsUri(), foreign));
        awaitBrokerLog("certificate verify failed");
    }

    @Test
    void plainMqttToTheTlsPortIsRefused() throws Exception {
        String plainUri = "tcp://" + broker.getHost() + ":" + broker.mqttsPort();
        assertThrows(MqttException.class, () -> RawTlsClient.connect(plainUri, null));
        // The broker takes the plain CONNECT for a broken TLS record and drops the connection.
        awaitBrokerLog("wrong version number");
    }

    private static String tlsUri() {
        return "ssl://" + broker.getHost() + ":" + broker.mqttsPort();
    }

    private static void awaitBrokerLog(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (broker.getLogs().contains(fragment)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the broker never logged \"" + fragment + "\"; its log:\n" + broker.getLogs());
    }
}
