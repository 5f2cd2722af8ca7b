package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.testing.TestPki;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Under TLS 1.2 the broker negotiates only ECDHE key exchange with AES-GCM or ChaCha20-Poly1305
 * ({@code ciphers} in mosquitto.conf), whether its key is EC (certgen's default) or RSA; TLS 1.3 keeps
 * OpenSSL's suites. Each case is one handshake from a client offering exactly one suite. Without the
 * {@code ciphers} line every refused suite here is accepted: OpenSSL's default list has them all. A
 * refusal is checked on the broker's side too ("no shared cipher"), so that it cannot be our JVM's.
 */
class BrokerCipherTest {

    @RegisterExtension
    static final SecureBroker ecBroker = new SecureBroker();

    @RegisterExtension
    static final SecureBroker rsaBroker = new SecureBroker("--key-type", "rsa-2048");

    @ParameterizedTest
    @ValueSource(strings = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"})
    void ecBrokerAcceptsEcdheWithAeadUnderTls12(String suite) throws Exception {
        assertNegotiated(ecBroker, "TLSv1.2", suite);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"})
    void rsaBrokerAcceptsEcdheWithAeadUnderTls12(String suite) throws Exception {
        assertNegotiated(rsaBroker, "TLSv1.2", suite);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"})
    void ecBrokerRefusesCbcUnderTls12(String suite) throws Exception {
        assertRefused(ecBroker, suite);
    }

    /** CBC, and key exchanges without ECDHE: plain RSA (no forward secrecy at all) and finite-field DHE. */
    @ParameterizedTest
    @ValueSource(strings = {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"})
    void rsaBrokerRefusesCbcAndKeyExchangesWithoutEcdheUnderTls12(String suite) throws Exception {
        assertRefused(rsaBroker, suite);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
    void tls13SuitesAreUnchanged(String suite) throws Exception {
        assertNegotiated(ecBroker, "TLSv1.3", suite);
        assertNegotiated(rsaBroker, "TLSv1.3", suite);
    }

    private static void assertNegotiated(SecureBroker broker, String protocol, String suite) throws Exception {
        try (SSLSocket socket = offering(broker, protocol, suite)) {
            socket.startHandshake();
            SSLSession session = socket.getSession();
            assertEquals(protocol, session.getProtocol());
            assertEquals(suite, session.getCipherSuite());
        }
    }

    private static void assertRefused(SecureBroker broker, String suite) throws Exception {
        long before = broker.container().getLogs().lines().count();
        try (SSLSocket socket = offering(broker, "TLSv1.2", suite)) {
            assertThrows(SSLHandshakeException.class, socket::startHandshake,
                    "the broker accepted " + suite + " under TLS 1.2");
        }
        broker.awaitLogAfter(before, "no shared cipher");
    }

    /** A socket to the broker, as the publisher identity, offering exactly {@code suite} over {@code protocol}. */
    private static SSLSocket offering(SecureBroker broker, String protocol, String suite) throws Exception {
        TestPki pki = broker.pki();
        SSLContext tls = RawTlsClient.context(pki.ca(), pki.cert("publisher"), pki.key("publisher"));
        // Without this, a refusal could be our JVM's having no such suite rather than the broker's.
        assertTrue(List.of(tls.getSupportedSSLParameters().getCipherSuites()).contains(suite),
                "this JVM does not support " + suite);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory()
                .createSocket(broker.container().mqttsHost(), broker.container().mqttsPort());
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        parameters.setCipherSuites(new String[] {suite});
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }
}
