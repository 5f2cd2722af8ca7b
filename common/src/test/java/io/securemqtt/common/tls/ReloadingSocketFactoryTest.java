package io.securemqtt.common.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import io.securemqtt.certgen.pki.IssuedCertificate;
import io.securemqtt.certgen.pki.KeyType;
import io.securemqtt.certgen.pki.PkiDirectory;
import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.common.testing.RecordedLog;
import io.securemqtt.x509.Certificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.securemqtt.testing.TravellingClock;

/**
 * Real TLS handshakes against a server that records the client certificate of each: one factory,
 * its files changed on disk between connections, as a certificate renewal changes them.
 */
class ReloadingSocketFactoryTest {

    /** The names the programs give the files, so that the messages checked here are those users read. */
    private static final TlsFileNames NAMES = MqttSettings.TLS_FILE_NAMES;

    @TempDir
    Path pki;
    @TempDir
    Path otherPki;

    private RecordingTlsServer server;
    private final RecordedLog log = new RecordedLog("ReloadingSocketFactory");
    private final TravellingClock clock = new TravellingClock(Instant.now());

    @BeforeEach
    void setUp() throws IOException {
        io.securemqtt.certgen.Main.generate(pki);
        server = new RecordingTlsServer(pki);
    }

    @AfterEach
    void tearDown() throws IOException {
        server.close();
    }

    /** A clock the test moves on, e.g. past the end of a certificate. */
    private ReloadingSocketFactory factory(Path dir) {
        return new ReloadingSocketFactory(dir.resolve("ca.crt"), dir.resolve("publisher.crt"), dir.resolve("publisher.key"), NAMES, clock, log.logger());
    }

    /** Connects as Paho does (unconnected socket, SNI, hostname verification) and returns the serial the server saw. */
    private String connect(ReloadingSocketFactory factory) throws Exception {
        try (SSLSocket socket = (SSLSocket) factory.createSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), RecordingTlsServer.TIMEOUT_MS);
            socket.setSoTimeout(RecordingTlsServer.TIMEOUT_MS);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName("localhost")));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            socket.getOutputStream().write(7);
            socket.getOutputStream().flush();
            assertEquals(7, socket.getInputStream().read());
        }
        return server.nextSerial();
    }

    private static String serialOnDisk(Path dir) {
        return Certificates.serial(PemFiles.certificate(dir.resolve("publisher.crt"), NAMES));
    }

    /** Issues a new publisher certificate and key from {@code dir}'s CA and writes them as certgen does: key first. */
    private static IssuedCertificate renew(Path dir, Instant notBefore, Instant notAfter) {
        PkiDirectory directory = new PkiDirectory(dir);
        IssuedCertificate issued = directory.loadCertificateAuthority().issueClient("publisher", KeyType.EC_P256, notBefore, notAfter);
        directory.save("publisher", issued);
        return issued;
    }

    private static String renew(Path dir) {
        Instant now = Instant.now();
        return Certificates.serial(renew(dir, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30))).certificate());
    }

    private static void assertContains(String expected, String actual) {
        assertTrue(actual.contains(expected), () -> "expected <" + expected + "> in: " + actual);
    }

    @Test
    void renewedCertificateIsPresentedAtTheNextConnection() throws Exception {
        ReloadingSocketFactory factory = factory(pki);
        String first = serialOnDisk(pki);
        assertEquals(first, connect(factory));

        String renewed = renew(pki);
        assertNotEquals(first, renewed);
        assertEquals(renewed, connect(factory));

        assertEquals(1, log.lines().size(), log.lines()::toString);
        String line = log.lines().get(0);
        assertTrue(line.startsWith("INFO TLS client certificate reloaded: file=" + pki.resolve("publisher.crt")
                + " subject=CN=publisher serial=" + renewed + " notAfter="), line);
    }

    @Test
    void unchangedFilesAreNotCheckedAgain() throws Exception {
        ReloadingSocketFactory factory = factory(pki);
        SSLSocketFactory first = factory.sockets();
        assertSame(first, factory.sockets());
        // Same contents, newly written (e.g. a renewal that changed nothing, or a copy of the volume): still no rebuild.
        Path copy = pki.resolve("publisher.crt.copy");
        Files.copy(pki.resolve("publisher.crt"), copy);
        Files.move(copy, pki.resolve("publisher.crt"), StandardCopyOption.REPLACE_EXISTING);
        assertSame(first, factory.sockets());

        renew(pki);
        assertNotSame(first, factory.sockets());
    }

    @Test
    void brokenFilesKeepTheLastGoodMaterialWithOneWarningPerProblem() throws Exception {
        ReloadingSocketFactory factory = factory(pki);
        String good = connect(factory);

        Files.writeString(pki.resolve("publisher.key"), "-----BEGIN PRIVATE KEY-----\nhalf writ");
        assertEquals(good, connect(factory));
        assertEquals(good, connect(factory));
        assertEquals(1, log.lines().size(), log.lines()::toString);
        assertTrue(log.lines().get(0).startsWith("WARN TLS material unusable, connecting with the previous client certificate serial="
                + good + " meanwhile: private key file " + pki.resolve("publisher.key")), log.lines().get(0));

        // Another problem, another warning: a certificate and key from another CA.
        io.securemqtt.certgen.Main.generate(otherPki);
        Files.copy(otherPki.resolve("publisher.key"), pki.resolve("publisher.key"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(otherPki.resolve("publisher.crt"), pki.resolve("publisher.crt"), StandardCopyOption.REPLACE_EXISTING);
        assertEquals(good, connect(factory));
        assertEquals(good, connect(factory));
        assertEquals(2, log.lines().size(), log.lines()::toString);
        assertContains("certificate file " + pki.resolve("publisher.crt"), log.lines().get(1));
        assertContains("is not signed by the CA in " + pki.resolve("ca.crt"), log.lines().get(1));

        String renewed = renew(pki);
        assertEquals(renewed, connect(factory));
        assertEquals(3, log.lines().size(), log.lines()::toString);
        assertContains("INFO TLS client certificate reloaded: file=" + pki.resolve("publisher.crt"), log.lines().get(2));
    }

    @Test
    void renewalHalfWrittenTakesEffectOnceComplete() throws Exception {
        ReloadingSocketFactory factory = factory(pki);
        String good = connect(factory);
        byte[] oldCertificate = Files.readAllBytes(pki.resolve("publisher.crt"));
        Instant now = Instant.now();
        IssuedCertificate issued = renew(pki, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
        byte[] newCertificate = Files.readAllBytes(pki.resolve("publisher.crt"));

        // The key is written first: for a moment the old certificate is next to the new key.
        Files.write(pki.resolve("publisher.crt"), oldCertificate);
        assertEquals(good, connect(factory));
        assertContains("WARN TLS material unusable", log.lines().get(0));
        assertContains("private key file " + pki.resolve("publisher.key"), log.lines().get(0));
        assertContains("does not belong to certificate", log.lines().get(0));

        Files.write(pki.resolve("publisher.crt"), newCertificate);
        assertEquals(Certificates.serial(issued.certificate()), connect(factory));
        assertEquals(2, log.lines().size(), log.lines()::toString);
        assertContains("INFO TLS client certificate reloaded", log.lines().get(1));
    }

    @Test
    void expiredRenewalIsNotUsed() throws Exception {
        ReloadingSocketFactory factory = factory(pki);
        String good = connect(factory);
        Instant now = Instant.now();
        renew(pki, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        assertEquals(good, connect(factory));
        assertEquals(1, log.lines().size(), log.lines()::toString);
        assertContains("certificate file " + pki.resolve("publisher.crt"), log.lines().get(0));
        assertContains("expired on", log.lines().get(0));
    }

    @Test
    void certificateInUseThatExpiresIsReportedOnce() throws Exception {
        ReloadingSocketFactory factory = factory(pki);
        String good = connect(factory);
        Instant notAfter = PemFiles.certificate(pki.resolve("publisher.crt"), NAMES).getNotAfter().toInstant();
        clock.set(notAfter.plusSeconds(1));
        // Still the same material (only this factory's clock moved, not the server's), with a warning that says why.
        assertEquals(good, connect(factory));
        assertEquals(good, connect(factory));
        assertEquals(1, log.lines().size(), log.lines()::toString);
        assertContains("WARN TLS material unusable, connecting with the previous client certificate serial=" + good, log.lines().get(0));
        assertContains("expired on " + notAfter, log.lines().get(0));
    }

    @Test
    void withoutGoodMaterialConnectingFailsNamingTheFile() throws Exception {
        Files.writeString(pki.resolve("publisher.key"), "not a key\n");
        ReloadingSocketFactory factory = factory(pki);
        SSLException e = assertThrows(SSLException.class, factory::createSocket);
        assertContains("private key file " + pki.resolve("publisher.key") + " (MQTT_KEY_FILE)", e.getMessage());
        assertTrue(e.getCause() instanceof TlsMaterialException, String.valueOf(e.getCause()));
        assertThrows(SSLException.class, factory::createSocket);
        assertEquals(1, log.lines().size(), log.lines()::toString);
        assertContains("WARN TLS material unusable, cannot connect until it is fixed: private key file " + pki.resolve("publisher.key"),
                log.lines().get(0));

        String renewed = renew(pki);
        assertEquals(renewed, connect(factory));
        assertEquals(2, log.lines().size(), log.lines()::toString);
        assertContains("INFO TLS client certificate loaded: file=" + pki.resolve("publisher.crt"), log.lines().get(1));
    }

    @Test
    void loadNowFailsAtOnceOnBadFiles() {
        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> ReloadingSocketFactory.loadNow(
                pki.resolve("ca.crt"), pki.resolve("publisher.crt"), pki.resolve("subscriber.key"), NAMES));
        assertEquals(pki.resolve("subscriber.key"), e.file());
    }

    @Test
    void socketsAreLimitedToTls13And12() throws Exception {
        ReloadingSocketFactory factory = ReloadingSocketFactory.loadNow(
                pki.resolve("ca.crt"), pki.resolve("publisher.crt"), pki.resolve("publisher.key"), NAMES);
        try (SSLSocket socket = (SSLSocket) factory.createSocket()) {
            assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, socket.getEnabledProtocols());
        }
    }
}
