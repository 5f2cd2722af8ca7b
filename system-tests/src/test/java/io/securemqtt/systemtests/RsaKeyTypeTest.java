package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.store.PemFiles;
import io.securemqtt.testing.MosquittoContainer;
import io.securemqtt.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


/**
 * {@code certgen --key-type rsa-2048} against the real broker: RSA leaf certificates carry
 * digitalSignature alone (no keyEncipherment), so the deployment still works over TLS 1.2 and 1.3,
 * but no session can use RSA key transport, which has no forward secrecy: one stolen server key
 * would decrypt every recorded session.
 */
class RsaKeyTypeTest {

    private static Path pkiDir;
    private static TestPki pki;
    private static MosquittoContainer broker;
    private static SSLContext publisher;

    @BeforeAll
    static void rsaPkiAndBroker() throws Exception {
        pkiDir = Files.createTempDirectory("pki-rsa-");
        pki = TestPki.generate(pkiDir, "--key-type", "rsa-2048");
        broker = new MosquittoContainer(pkiDir);
        broker.start();
        publisher = RawTlsClient.context(pki.ca(), pki.cert("publisher"), pki.key("publisher"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (broker != null) {
            broker.stop();
        }
        try (Stream<Path> paths = Files.walk(pkiDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void theCertificatesAreRsaWithoutKeyEncipherment() {
        for (String identity : new String[] {"server", "publisher"}) {
            var certificate = PemFiles.readCertificate(pki.cert(identity));
            assertTrue(certificate.getPublicKey().getAlgorithm().equals("RSA"), identity);
            assertFalse(certificate.getKeyUsage()[2], identity + ": keyEncipherment");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void clientsConnectWithRsaKeys(String version) throws Exception {
        MqttClient client = RawTlsClient.connect(uri(), publisher, new String[] {version});
        try {
            assertTrue(client.isConnected());
        } finally {
            client.disconnect();
            client.close();
        }
    }

    @Test
    void tls12NegotiatesAnEphemeralKeyExchange() throws Exception {
        try (SSLSocket socket = socket()) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            String suite = socket.getSession().getCipherSuite();
            assertTrue(suite.startsWith("TLS_ECDHE_RSA_"), suite);
        }
    }

    /** A client that offers nothing but RSA key transport gets no session. */
    @Test
    void rsaKeyTransportIsRefused() throws Exception {
        try (SSLSocket socket = socket()) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384"});
            assertThrows(SSLException.class, socket::startHandshake);
        }
    }

    private static SSLSocket socket() throws IOException {
        return (SSLSocket) publisher.getSocketFactory().createSocket(broker.mqttsHost(), broker.mqttsPort());
    }

    private static String uri() {
        return "ssl://" + broker.mqttsHost() + ":" + broker.mqttsPort();
    }
}
