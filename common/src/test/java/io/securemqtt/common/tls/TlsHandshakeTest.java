package io.securemqtt.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.securemqtt.common.mqtt.MqttSettings;

/**
 * Real TLS handshakes on the loopback interface between a server that demands a client certificate,
 * as Mosquitto does, and a client built by {@link TlsContexts} and configured as Paho configures it.
 */
class TlsHandshakeTest {

    /** The names the programs give the files, so that the messages checked here are those users read. */
    private static final TlsFileNames NAMES = MqttSettings.TLS_FILE_NAMES;

    private static final int TIMEOUT_MS = 10_000;

    @TempDir
    static Path pki;
    @TempDir
    static Path otherPki;
    /** A broker with an RSA key, as {@code certgen --key-type rsa-2048} makes it: the ECDHE_RSA suites. */
    @TempDir
    static Path rsaPki;

    static ExecutorService serverThreads;

    @BeforeAll
    static void setUp() {
        io.securemqtt.certgen.Main.generate(pki);
        io.securemqtt.certgen.Main.generate(otherPki);
        io.securemqtt.certgen.Main.generate(rsaPki, "--key-type", "rsa-2048");
        serverThreads = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void tearDown() {
        serverThreads.shutdownNow();
    }

    /** A one-connection server: handshake, report the client's identity, echo one byte. */
    private static final class Server implements AutoCloseable {
        final SSLServerSocket socket;
        final Future<String> peer;

        Server(Path dir) throws IOException {
            this(dir, TlsContexts.PROTOCOLS.toArray(new String[0]));
        }

        Server(Path dir, String... protocols) throws IOException {
            this(dir, protocols, null);
        }

        /** A server that offers only {@code cipherSuites} (null: the JDK's defaults), as a badly configured broker might. */
        Server(Path dir, String[] protocols, String[] cipherSuites) throws IOException {
            SSLContext context = TlsContexts.fromPem(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"), NAMES);
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
            socket.setNeedClientAuth(true);
            socket.setEnabledProtocols(protocols);
            if (cipherSuites != null) {
                socket.setEnabledCipherSuites(cipherSuites);
            }
            socket.setSoTimeout(TIMEOUT_MS);
            peer = serverThreads.submit(() -> {
                try (SSLSocket connection = (SSLSocket) socket.accept()) {
                    connection.setSoTimeout(TIMEOUT_MS);
                    connection.startHandshake();
                    String identity = connection.getSession().getPeerPrincipal().getName() + " " + connection.getSession().getProtocol()
                            + " " + connection.getSession().getCipherSuite();
                    connection.getOutputStream().write(connection.getInputStream().read());
                    connection.getOutputStream().flush();
                    return identity;
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Connects as Paho does with hostname verification on: SNI and HTTPS endpoint identification for {@code host}. */
    private static SSLSocket connect(SSLContext context, String host, int port) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MS);
        plain.setSoTimeout(TIMEOUT_MS);
        SSLSocket socket = (SSLSocket) TlsContexts.socketFactory(context).createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(host)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static SSLContext clientContext(Path dir, String identity) {
        return TlsContexts.fromPem(dir.resolve("ca.crt"), dir.resolve(identity + ".crt"), dir.resolve(identity + ".key"), NAMES);
    }

    @Test
    void mutualTlsHandshakeWithClientCertificate() throws Exception {
        try (Server server = new Server(pki)) {
            try (SSLSocket client = connect(clientContext(pki, "publisher"), "localhost", server.port())) {
                client.getOutputStream().write(42);
                client.getOutputStream().flush();
                assertEquals(42, client.getInputStream().read());
                assertEquals("TLSv1.3", client.getSession().getProtocol());
            }
            // Read after the client has closed: a TLS 1.3 server's close waits for the client's close_notify.
            assertAgreed("CN=publisher TLSv1.3", server.peer.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void subscriberIdentityIsPresentedToo() throws Exception {
        try (Server server = new Server(pki)) {
            try (SSLSocket client = connect(clientContext(pki, "subscriber"), "mosquitto", server.port())) {
                client.getOutputStream().write(1);
                client.getOutputStream().flush();
                assertEquals(1, client.getInputStream().read());
            }
            assertAgreed("CN=subscriber TLSv1.3", server.peer.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void tls12IsStillAcceptedFromOlderBrokers() throws Exception {
        try (Server server = new Server(pki, "TLSv1.2")) {
            try (SSLSocket client = connect(clientContext(pki, "publisher"), "localhost", server.port())) {
                client.getOutputStream().write(7);
                client.getOutputStream().flush();
                assertEquals(7, client.getInputStream().read());
                assertEquals("TLSv1.2", client.getSession().getProtocol());
            }
            assertAgreed("CN=publisher TLSv1.2", server.peer.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void hostNameNotInServerCertificateIsRejected() throws Exception {
        try (Server server = new Server(pki);
             SSLSocket client = connect(clientContext(pki, "publisher"), "broker.example", server.port())) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, client::startHandshake);
            assertTrue(e.getMessage().contains("No subject alternative DNS name matching broker.example"), e.getMessage());
        }
    }

    @Test
    void serverFromAnotherCaIsNotTrusted() throws Exception {
        try (Server server = new Server(otherPki);
             SSLSocket client = connect(clientContext(pki, "publisher"), "localhost", server.port())) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, client::startHandshake);
            assertTrue(e.getMessage().contains("PKIX path"), e.getMessage());
        }
    }

    /** The broker's side of the same list: every TLS 1.2 suite we offer works with an EC and with an RSA server key. */
    @ParameterizedTest
    @ValueSource(strings = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"})
    void tls12ForwardSecretAeadSuitesAreAccepted(String suite) throws Exception {
        Path dir = suite.contains("_RSA_") ? rsaPki : pki;
        try (Server server = new Server(dir, new String[] {"TLSv1.2"}, new String[] {suite})) {
            try (SSLSocket client = connect(clientContext(dir, "publisher"), "localhost", server.port())) {
                client.getOutputStream().write(3);
                client.getOutputStream().flush();
                assertEquals(3, client.getInputStream().read());
                assertEquals(suite, client.getSession().getCipherSuite());
            }
            assertEquals("CN=publisher TLSv1.2 " + suite, server.peer.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * A server that offers only CBC suites under TLS 1.2: the JDK would agree to each by default; our
     * client refuses them all.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"})
    void tls12CbcSuitesAreRefused(String suite) throws Exception {
        Path dir = suite.contains("_RSA_") ? rsaPki : pki;
        // The same server with the JDK's own client settings: proof that only our restriction stands in the way.
        try (Server server = new Server(dir, new String[] {"TLSv1.2"}, new String[] {suite});
             SSLSocket jdkDefaults = connectWithJdkDefaults(clientContext(dir, "publisher"), server.port())) {
            jdkDefaults.startHandshake();
            assertEquals(suite, jdkDefaults.getSession().getCipherSuite());
        }
        assertRefused(dir, suite);
    }

    /**
     * RSA key exchange (no forward secrecy): our client does not offer it. (certgen's RSA leaves, with
     * digitalSignature alone, no longer allow it either: the JDK's own client refuses them.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_256_CBC_SHA256"})
    void tls12RsaKeyExchangeIsRefused(String suite) throws Exception {
        assertRefused(rsaPki, suite);
    }

    private static void assertRefused(Path dir, String suite) throws Exception {
        try (Server server = new Server(dir, new String[] {"TLSv1.2"}, new String[] {suite});
             SSLSocket client = connect(clientContext(dir, "publisher"), "localhost", server.port())) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, client::startHandshake);
            assertTrue(e.getMessage().contains("handshake_failure"), e.getMessage());
        }
    }

    @Test
    void socketsOfferOnlyTheListedSuites() throws Exception {
        try (SSLSocket socket = (SSLSocket) TlsContexts.socketFactory(clientContext(pki, "publisher")).createSocket()) {
            assertEquals(TlsContexts.CIPHER_SUITES, List.of(socket.getEnabledCipherSuites()));
        }
        assertEquals(TlsContexts.CIPHER_SUITES, List.of(TlsContexts.socketFactory(clientContext(pki, "publisher")).getDefaultCipherSuites()));
    }

    /** The peer and protocol the server saw are {@code expected}, over one of our suites. */
    private static void assertAgreed(String expected, String seen) {
        int lastSpace = seen.lastIndexOf(' ');
        assertEquals(expected, seen.substring(0, lastSpace));
        assertTrue(TlsContexts.CIPHER_SUITES.contains(seen.substring(lastSpace + 1)), seen);
    }

    /** A plain JSSE client socket on the loopback, with none of our limits. */
    private static SSLSocket connectWithJdkDefaults(SSLContext context, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(TIMEOUT_MS);
        return socket;
    }
}
