package io.securemqtt.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.pki.IssuedCertificate;
import io.securemqtt.certgen.pki.KeyType;
import io.securemqtt.certgen.pki.PkiDirectory;
import io.securemqtt.common.article.ArticleCodec;
import io.securemqtt.common.testing.RecordedLog;
import io.securemqtt.common.tls.PemFiles;
import io.securemqtt.common.tls.RecordingTlsServer;
import io.securemqtt.common.tls.ReloadingSocketFactory;
import io.securemqtt.common.tls.TlsContexts;
import io.securemqtt.common.tls.TlsMaterialException;
import io.securemqtt.testing.LoopbackPort;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttConnectionsTest {

    @TempDir
    static Path pki;
    @TempDir
    static Path otherNamePki;
    static MqttSettings settings;

    @BeforeAll
    static void generatePki() {
        io.securemqtt.certgen.Main.generate(pki);
        settings = new MqttSettings("localhost", 8883, pki.resolve("ca.crt"), pki.resolve("publisher.crt"),
                pki.resolve("publisher.key"), "publisher");
        io.securemqtt.certgen.Main.generate(otherNamePki, "--server-name", "broker.internal");
    }

    private static MqttSettings onPort(MqttSettings base, int port) {
        return new MqttSettings(base.host(), port, base.caFile(), base.certFile(), base.keyFile(), base.clientId());
    }

    private static BrokerConnectionException connectFails(MqttSettings target) {
        MqttAsyncClient client = MqttConnections.newClient(target);
        try {
            return assertThrows(BrokerConnectionException.class,
                    () -> MqttConnections.connect(client, MqttConnections.cleanSession(target), target));
        } finally {
            MqttConnections.disconnectQuietly(client);
        }
    }

    @Test
    void nothingListeningIsRetryable() throws Exception {
        int freePort = LoopbackPort.free();
        BrokerConnectionException e = connectFails(onPort(settings, freePort));
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().startsWith("cannot connect to ssl://localhost:" + freePort + " as client 'publisher': connection refused"),
                e.getMessage());
    }

    @Test
    void pahoChecksTheBrokerHostName() throws Exception {
        // A TLS server whose certificate names only broker.internal, reached as localhost.
        SSLContext serverContext = TlsContexts.fromPem(otherNamePki.resolve("ca.crt"), otherNamePki.resolve("server.crt"),
                otherNamePki.resolve("server.key"), MqttSettings.TLS_FILE_NAMES);
        ExecutorService acceptor = Executors.newSingleThreadExecutor();
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            server.setSoTimeout(10_000);
            acceptor.submit(() -> {
                try (SSLSocket connection = (SSLSocket) server.accept()) {
                    connection.setSoTimeout(10_000);
                    connection.startHandshake();
                    connection.getInputStream().read();
                }
                return null;
            });
            MqttSettings target = new MqttSettings("localhost", server.getLocalPort(), otherNamePki.resolve("ca.crt"),
                    otherNamePki.resolve("publisher.crt"), otherNamePki.resolve("publisher.key"), "publisher");
            BrokerConnectionException e = connectFails(target);
            assertFalse(e.isRetryable());
            assertTrue(e.getMessage().contains("the broker's certificate is not valid for host name 'localhost'"), e.getMessage());
        } finally {
            acceptor.shutdownNow();
        }
    }

    private static void assertSafeDefaults(MqttConnectionOptions options) throws Exception {
        // Reads the files at every (re)connect; its sockets are limited to TLS 1.3 and 1.2 and our suites.
        assertInstanceOf(ReloadingSocketFactory.class, options.getSocketFactory());
        try (SSLSocket socket = (SSLSocket) options.getSocketFactory().createSocket()) {
            assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(socket.getEnabledProtocols()));
            assertEquals(TlsContexts.CIPHER_SUITES, List.of(socket.getEnabledCipherSuites()));
        }
        // The largest article with its headers, and not a byte more than the 4 KiB of headers.
        assertEquals(ArticleCodec.MAX_PAYLOAD_BYTES + 4096L, options.getMaximumPacketSize());
        assertTrue(options.isHttpsHostnameVerificationEnabled());
        assertTrue(options.isAutomaticReconnect());
        assertEquals(1, options.getAutomaticReconnectMinDelay());
        assertEquals(30, options.getAutomaticReconnectMaxDelay());
        assertEquals(10, options.getConnectionTimeout());
        assertEquals(30, options.getKeepAliveInterval());
        assertEquals(5, options.getMqttVersion());
    }

    @Test
    void cleanSession() throws Exception {
        MqttConnectionOptions options = MqttConnections.cleanSession(settings);
        assertSafeDefaults(options);
        assertTrue(options.isCleanStart());
    }

    @Test
    void persistentSessionSetsAnExpiry() throws Exception {
        MqttConnectionOptions options = MqttConnections.persistentSession(settings, Duration.ofDays(1));
        assertSafeDefaults(options);
        assertFalse(options.isCleanStart());
        assertEquals(86_400L, options.getSessionExpiryInterval());
        assertThrows(IllegalArgumentException.class, () -> MqttConnections.persistentSession(settings, Duration.ZERO));
    }

    @Test
    void badTlsMaterialFailsWhenBuildingOptions() {
        MqttSettings broken = new MqttSettings("localhost", 8883, settings.caFile(), settings.certFile(),
                settings.caFile().resolveSibling("subscriber.key"), "publisher");
        assertThrows(TlsMaterialException.class, () -> MqttConnections.cleanSession(broken));
    }

    @Test
    void automaticReconnectPresentsTheRenewedCertificate(@TempDir Path renewing) throws Exception {
        io.securemqtt.certgen.Main.generate(renewing);
        try (RecordingTlsServer broker = new RecordingTlsServer(renewing)) {
            MqttSettings target = new MqttSettings("localhost", broker.port(), renewing.resolve("ca.crt"),
                    renewing.resolve("publisher.crt"), renewing.resolve("publisher.key"), "publisher");
            MqttAsyncClient client = MqttConnections.newClient(target);
            try {
                MqttConnections.connect(client, MqttConnections.cleanSession(target), target);
                String first = broker.nextSerial();
                assertEquals(RecordingTlsServer.serial(
                        PemFiles.certificate(target.certFile(), MqttSettings.TLS_FILE_NAMES)), first);

                PkiDirectory directory = new PkiDirectory(renewing);
                Instant now = Instant.now();
                IssuedCertificate renewed = directory.loadCertificateAuthority()
                        .issueClient("publisher", KeyType.EC_P256, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
                directory.save("publisher", renewed);
                broker.dropConnections();

                // Paho reconnects by itself, with the same options: the new files are read then.
                assertEquals(RecordingTlsServer.serial(renewed.certificate()), broker.nextSerial());
            } finally {
                MqttConnections.disconnectQuietly(client);
            }
        }
    }

    @Test
    void clientUsesTheSettings() throws Exception {
        MqttAsyncClient client = MqttConnections.newClient(settings);
        try {
            assertEquals("ssl://localhost:8883", client.getServerURI());
            assertEquals("publisher", client.getClientId());
            assertFalse(client.isConnected());
        } finally {
            assertEquals(null, MqttConnections.disconnectQuietly(client));
        }
    }

    @Test
    void closeLogsTheDisconnectOnTheClientsLog() {
        RecordedLog log = new RecordedLog("ArticlePublisher");
        MqttConnections.close(MqttConnections.newClient(settings), log.logger());
        assertEquals(List.of("INFO disconnected: clientId=publisher"), log.lines());
    }

    @Test
    void describesServerDisconnects() {
        assertEquals("broker sent DISCONNECT 0x8E (session taken over); another client connected with the same client id (MQTT_CLIENT_ID)",
                MqttConnections.describe(new MqttDisconnectResponse(0x8E, null, null, null)));
        assertEquals("broker sent DISCONNECT 0x87 (not authorized): go away",
                MqttConnections.describe(new MqttDisconnectResponse(0x87, "go away", null, null)));
    }
}
