package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.testing.MosquittoContainer;
import io.securemqtt.testing.TestPki;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.mqtt.BrokerConnectionException;
import io.securemqtt.common.mqtt.MqttSettings;

/**
 * Mutual TLS works both ways: our client refuses a broker whose certificate does not name the
 * host it dialled, or was not issued by the CA it trusts, before sending any MQTT.
 */
class ClientVerifiesBrokerTest {

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void brokerCertificateForAnotherHostNameIsRefused(@TempDir Path dir) throws Exception {
        // Same kind of PKI, but the broker's certificate names only a host the client does not use.
        TestPki pki = TestPki.generate(dir, "--server-name", "elsewhere.example");
        try (MosquittoContainer impostor = new MosquittoContainer(dir)) {
            impostor.start();
            MqttSettings settings = SecureBroker.settings(impostor, pki, "publisher", "publisher-hostname-check");

            BrokerConnectionException refused = assertThrows(BrokerConnectionException.class,
                    () -> ArticlePublisher.connect(settings).close());

            assertTrue(refused.getMessage().contains("not valid for host name 'localhost'"), refused.getMessage());
            assertFalse(refused.isRetryable(), "waiting will not fix a certificate");
            assertFalse(impostor.getLogs().contains("New client connected"), impostor.getLogs());
        }
    }

    @Test
    void brokerCertificateFromAnotherCaIsRefused(@TempDir Path dir) throws Exception {
        // A complete identity of another PKI: its CA did not issue our broker's certificate.
        TestPki other = TestPki.generate(dir);
        MqttSettings settings = SecureBroker.settings(broker.container(), other, "publisher", "publisher-ca-check");
        long before = broker.container().getLogs().lines().count();

        BrokerConnectionException refused = assertThrows(BrokerConnectionException.class,
                () -> ArticlePublisher.connect(settings).close());

        assertTrue(refused.getMessage().contains("not signed by the CA in " + other.ca()), refused.getMessage());
        assertFalse(refused.isRetryable(), "waiting will not fix a certificate");
        // Our client ended the handshake with an alert; the broker saw no MQTT client at all.
        broker.awaitLogAfter(before, "alert certificate unknown");
        assertFalse(broker.container().getLogs().lines().skip(before).anyMatch(l -> l.contains("New client connected")));
    }
}
