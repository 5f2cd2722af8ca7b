package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.pki.KeyPurpose;
import io.securemqtt.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The broker's only listener admits a client only with a valid certificate from our CA. Each
 * refusal is checked on both sides: the client gets no session, and the broker logs why the TLS
 * handshake failed. The first test is the control: the same client with good material gets in.
 */
class MutualTlsRejectionTest {

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void clientWithOurCertificateIsAccepted() throws Exception {
        assertAccepted(RawTlsClient.context(pki().ca(), pki().cert("publisher"), pki().key("publisher")), "publisher");
    }

    @Test
    void clientWithoutCertificateIsRefusedAtHandshake() throws Exception {
        assertRefused(RawTlsClient.context(pki().ca(), null, null), "peer did not return a certificate");
    }

    @Test
    void clientWithCertificateFromAnotherCaIsRefusedAtHandshake(@TempDir Path otherPkiDir) throws Exception {
        // Trusts our broker, but presents an identity our CA never signed.
        TestPki otherPki = TestPki.generate(otherPkiDir);
        assertRefused(RawTlsClient.context(pki().ca(), otherPki.cert("publisher"), otherPki.key("publisher")),
                "certificate verify failed");
    }

    @Test
    void clientFromLookAlikeCaIsRefusedAtHandshake() throws Exception {
        // Same issuer name as our CA, different key: only the signature gives it away.
        pki().issueFromLookAlikeCa("lookalike", "publisher");
        assertRefused(RawTlsClient.context(pki().ca(), pki().cert("lookalike"), pki().key("lookalike")),
                "certificate verify failed");
    }

    @Test
    void expiredClientCertificateIsRefusedAtHandshake() throws Exception {
        Instant now = Instant.now();
        pki().issueClient("expired", "publisher", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)),
                Set.of(KeyPurpose.CLIENT_AUTH));
        assertRefused(RawTlsClient.context(pki().ca(), pki().cert("expired"), pki().key("expired")),
                "certificate verify failed");
    }

    @Test
    void notYetValidClientCertificateIsRefusedAtHandshake() throws Exception {
        Instant now = Instant.now();
        pki().issueClient("future", "publisher", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
                Set.of(KeyPurpose.CLIENT_AUTH));
        assertRefused(RawTlsClient.context(pki().ca(), pki().cert("future"), pki().key("future")),
                "certificate verify failed");
    }

    @Test
    void clientCertificateForServersOnlyIsRefusedAtHandshake() throws Exception {
        // OpenSSL checks a client certificate for the "SSL client" purpose: an EKU without
        // clientAuth fails it.
        Instant now = Instant.now();
        pki().issueClient("serveronly", "publisher", now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)),
                Set.of(KeyPurpose.SERVER_AUTH));
        assertRefused(RawTlsClient.context(pki().ca(), pki().cert("serveronly"), pki().key("serveronly")),
                "certificate verify failed");
    }

    @Test
    void clientCertificateWithoutAnyExtendedKeyUsageIsAccepted() throws Exception {
        // Pinned, documented behaviour (docs/SECURITY.md): RFC 5280 4.2.1.12 reads a certificate
        // without the EKU extension as usable for any purpose, and Mosquitto (OpenSSL) accepts it.
        // certgen always writes clientAuth, so only a hand-made certificate can be like this.
        Instant now = Instant.now();
        pki().issueClient("noeku", "publisher", now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), Set.of());
        assertAccepted(RawTlsClient.context(pki().ca(), pki().cert("noeku"), pki().key("noeku")), "publisher");
    }

    @Test
    void plainMqttToTheTlsPortIsRefused() throws Exception {
        String plainUri = "tcp://" + broker.container().mqttsHost() + ":" + broker.container().mqttsPort();
        assertThrows(MqttException.class, () -> RawTlsClient.connect(plainUri, null));
        // The broker takes the plain CONNECT for a broken TLS record and drops the connection.
        broker.awaitLog("wrong version number");
    }

    @Test
    void nothingListensOnThePlainMqttPort() throws Exception {
        // Not exposed, and not listening even inside the broker's own container.
        assertFalse(broker.container().getExposedPorts().contains(1883));
        ExecResult attempt = broker.container().execInContainer(
                "mosquitto_sub", "-h", "127.0.0.1", "-p", "1883", "-t", "#", "-C", "1", "-W", "3");
        assertNotEquals(0, attempt.getExitCode(), "a plain MQTT client got in on 1883");
        // The kernel's own list of listening sockets (state 0A), rather than the client's wording
        // ("Connection refused" up to 2.0, "Bad file descriptor" from 2.1.2's mosquitto_sub).
        List<String> listening = broker.container().execInContainer("cat", "/proc/net/tcp", "/proc/net/tcp6").getStdout()
                .lines().map(line -> line.trim().split("\\s+")).filter(fields -> fields.length > 3 && fields[3].equals("0A"))
                .map(fields -> fields[1].substring(fields[1].lastIndexOf(':') + 1)).toList();
        assertTrue(listening.contains("22B3"), "the control: 8883 is listening " + listening);
        assertFalse(listening.contains("075B"), "something listens on 1883: " + listening);
    }

    private static void assertAccepted(SSLContext tls, String expectedUser) throws Exception {
        MqttClient client = RawTlsClient.connect(broker.tlsUri(), tls);
        try {
            assertTrue(client.isConnected());
            broker.awaitLog("as " + client.getClientId() + " (p5, c1, k60, u'" + expectedUser + "')");
        } finally {
            client.disconnect();
            client.close();
        }
    }

    private static void assertRefused(SSLContext tls, String brokerReason) throws Exception {
        long before = broker.container().getLogs().lines().count();
        assertThrows(MqttException.class, () -> RawTlsClient.connect(broker.tlsUri(), tls));
        broker.awaitLogAfter(before, brokerReason);
    }

    private static TestPki pki() {
        return broker.pki();
    }
}
