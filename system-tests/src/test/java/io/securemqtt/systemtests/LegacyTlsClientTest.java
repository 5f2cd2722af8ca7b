package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.testing.TestPki;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tls_version tlsv1.2} is a minimum: the broker refuses TLS 1.0 and 1.1 and accepts 1.2
 * and 1.3. Runs in a JVM of its own whose client may offer the old versions
 * (src/test/resources/legacy-tls-client.security), so the refusal is the broker's.
 */
class LegacyTlsClientTest {

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    static SSLContext publisher;

    @BeforeAll
    static void publisherIdentity() throws Exception {
        TestPki pki = broker.pki();
        publisher = RawTlsClient.context(pki.ca(), pki.cert("publisher"), pki.key("publisher"));
    }

    @Test
    void thisJvmReallyOffersTheOldVersions() throws Exception {
        // Without this, the refusals below could come from our own JVM rather than the broker.
        var supported = java.util.List.of(publisher.getSupportedSSLParameters().getProtocols());
        assertTrue(supported.contains("TLSv1.1") && supported.contains("TLSv1"), supported.toString());
        var enabled = java.util.List.of(publisher.getDefaultSSLParameters().getProtocols());
        assertTrue(enabled.contains("TLSv1.1") && enabled.contains("TLSv1"),
                "TLS 1.0/1.1 are still disabled in this JVM: " + enabled);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1", "TLSv1.1"})
    void oldTlsVersionsAreRefused(String version) throws Exception {
        long before = broker.container().getLogs().lines().count();
        assertThrows(MqttException.class,
                () -> RawTlsClient.connect(broker.tlsUri(), publisher, new String[] {version}));
        broker.awaitLogAfter(before, "unsupported protocol");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void currentTlsVersionsAreAccepted(String version) throws Exception {
        MqttClient client = RawTlsClient.connect(broker.tlsUri(), publisher, new String[] {version});
        try {
            assertTrue(client.isConnected());
        } finally {
            client.disconnect();
            client.close();
        }
    }
}
