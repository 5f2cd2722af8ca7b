package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.Main;
import io.securemqtt.certgen.pki.PkiDirectory;
import io.securemqtt.certgen.store.PemFiles;
import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.subscriber.ArticleSubscriber;
import io.securemqtt.testing.Await;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.mqtt.MqttSettings;

/**
 * Certificate lifecycle against a real broker: certgen renews or revokes on disk, the broker is
 * given the new files and reloaded with SIGHUP (as {@code ./generate_certs.sh --rotate} does), and
 * the Java clients pick up renewed material at their next connection.
 */
class CertificateRotationTest {

    private static final List<String> FOOTBALL = List.of("articulos/+/futbol");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void revokedClientIsRefusedAtTheHandshakeAndOthersStillConnect() throws Exception {
        Path pki = broker.pki().dir();
        Main.execute("add-client", "sensor-revoked", "--out", pki.toString());
        Path keptCert = Files.copy(pki.resolve("sensor-revoked.crt"), pki.resolve("kept-sensor-revoked.pem"));
        Path keptKey = Files.copy(pki.resolve("sensor-revoked.key"), pki.resolve("kept-sensor-revoked.pem.key"));
        SSLContext revoked = RawTlsClient.context(pki.resolve("ca.crt"), keptCert, keptKey);
        RawTlsClient.connect(broker.tlsUri(), revoked).disconnect(); // accepted while not revoked

        Main.execute("revoke", "sensor-revoked", "--out", pki.toString());
        long logLines = broker.container().getLogs().lines().count();
        broker.container().deliverAndReload(pki);

        assertThrows(MqttException.class, () -> RawTlsClient.connect(broker.tlsUri(), revoked));
        broker.awaitLogAfter(logLines, "certificate verify failed");
        assertPublisherStillConnects(pki);
    }

    /**
     * A stolen key stays a threat after its certificate was re-issued: revoke must refuse every
     * certificate the identity was ever given, not only the one in place (certgen's ledger.tsv).
     */
    @Test
    void revokeAlsoRefusesTheCertificateARenewalReplaced() throws Exception {
        Path pki = broker.pki().dir();
        Main.execute("add-client", "sensor-stolen", "--out", pki.toString());
        Path stolenCert = Files.copy(pki.resolve("sensor-stolen.crt"), pki.resolve("stolen-sensor.pem"));
        Path stolenKey = Files.copy(pki.resolve("sensor-stolen.key"), pki.resolve("stolen-sensor.pem.key"));
        Main.execute("add-client", "sensor-stolen", "--force", "--out", pki.toString()); // the owner's new one
        assertNotEquals(serial(stolenCert), serial(pki.resolve("sensor-stolen.crt")));
        broker.container().deliverAndReload(pki); // --force re-issued the server certificate too
        SSLContext stolen = RawTlsClient.context(pki.resolve("ca.crt"), stolenCert, stolenKey);
        SSLContext current = RawTlsClient.context(pki.resolve("ca.crt"), pki.resolve("sensor-stolen.crt"),
                pki.resolve("sensor-stolen.key"));
        RawTlsClient.connect(broker.tlsUri(), stolen).disconnect(); // the replaced one still works until revoked
        RawTlsClient.connect(broker.tlsUri(), current).disconnect();

        String revoked = Main.execute("revoke", "sensor-stolen", "--out", pki.toString());
        assertTrue(revoked.contains("revoked an earlier certificate of sensor-stolen"), revoked);
        long logLines = broker.container().getLogs().lines().count();
        broker.container().deliverAndReload(pki);

        assertThrows(MqttException.class, () -> RawTlsClient.connect(broker.tlsUri(), stolen));
        assertThrows(MqttException.class, () -> RawTlsClient.connect(broker.tlsUri(), current));
        broker.awaitLogAfter(logLines, "certificate verify failed");
        assertPublisherStillConnects(pki);
    }

    /**
     * A device that made its own key and request ({@code certgen sign}): the broker accepts the
     * certificate certgen signed for that key, which never left the device, until it is revoked.
     */
    @Test
    void deviceEnrolledWithItsOwnKeyConnectsUntilRevoked() throws Exception {
        Path pki = broker.pki().dir();
        Path device = Files.createDirectories(pki.resolveSibling("device-own-key"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        Path key = device.resolve("device.key");
        PemFiles.writePrivateKey(key, keys.getPrivate());
        StringWriter request = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(request)) {
            writer.writeObject(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=sensor-own-key"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        }
        Path csr = Files.writeString(device.resolve("device.csr"), request.toString());

        String signed = Main.execute("sign", csr.toString(), "--out", pki.toString());

        assertTrue(signed.contains("issued sensor-own-key.crt from sensor-own-key.csr"), signed);
        assertFalse(Files.exists(pki.resolve("sensor-own-key.key")), "certgen never writes a device's key");
        SSLContext tls = RawTlsClient.context(pki.resolve("ca.crt"), pki.resolve("sensor-own-key.crt"), key);
        RawTlsClient.connect(broker.tlsUri(), tls).disconnect();

        Main.execute("revoke", "sensor-own-key", "--out", pki.toString());
        long logLines = broker.container().getLogs().lines().count();
        broker.container().deliverAndReload(pki);

        assertThrows(MqttException.class, () -> RawTlsClient.connect(broker.tlsUri(), tls));
        broker.awaitLogAfter(logLines, "certificate verify failed");
        assertPublisherStillConnects(pki);
    }

    /** Only the revoked are refused: the broker still takes a good certificate after the reload. */
    private static void assertPublisherStillConnects(Path pki) throws Exception {
        MqttClient publisher = RawTlsClient.connect(broker.tlsUri(),
                RawTlsClient.context(pki.resolve("ca.crt"), pki.resolve("publisher.crt"), pki.resolve("publisher.key")));
        assertTrue(publisher.isConnected());
        publisher.disconnect();
    }

    @Test
    void serverCertificateRotatedUnderLoadKeepsClientsConnectedAndNothingIsLost() throws Exception {
        Path pki = broker.pki().dir();
        BigInteger oldSerial = servedSerial();
        assertEquals(serial(pki.resolve("server.crt")), oldSerial);
        Set<String> received = ConcurrentHashMap.newKeySet();
        MqttSettings subscriberSettings = broker.settings("subscriber");
        MqttSettings publisherSettings = broker.settings("publisher");

        try (ArticleSubscriber subscriber = ArticleSubscriber.start(subscriberSettings, FOOTBALL,
                (topic, article) -> received.add(article.id()));
                ArticlePublisher publisher = ArticlePublisher.connect(publisherSettings)) {
            FootballStream stream = new FootballStream(publisher, "as", 5);
            long logLines;
            try {
                Await.until(() -> stream.acknowledged().size() >= 100, TIMEOUT, "the stream did not start");
                Main.generate(pki, "--force"); // what ./generate_certs.sh --rotate --force runs
                logLines = broker.container().getLogs().lines().count();
                broker.container().deliverAndReload(pki);
                int atReload = stream.acknowledged().size();
                Await.until(() -> stream.acknowledged().size() >= atReload + 300, TIMEOUT, "the stream stalled after the reload");
            } finally {
                stream.close();
            }
            List<String> acknowledged = stream.acknowledged();
            Await.until(() -> received.containsAll(acknowledged), TIMEOUT, "not every acknowledged article arrived");
            assertTrue(subscriber.isConnected());
            assertTrue(publisher.isConnected());
            System.out.printf("server certificate rotated under load: %d acknowledged, %d received, %d failed%n",
                    acknowledged.size(), received.size(), stream.failed());
            assertEquals(0, stream.failed(), "publishes failed during the rotation");
            List<String> afterReload = broker.container().getLogs().lines().skip(logLines).toList();
            for (String clientId : List.of(subscriberSettings.clientId(), publisherSettings.clientId())) {
                assertFalse(afterReload.stream().anyMatch(line -> line.contains(clientId)),
                        clientId + " disconnected or reconnected after the reload:\n" + String.join("\n", afterReload));
            }
        }
        BigInteger newSerial = serial(pki.resolve("server.crt"));
        assertNotEquals(oldSerial, newSerial);
        assertEquals(newSerial, servedSerial(), "a new connection must see the new server certificate");
    }

    @Test
    void clientWhoseCertificateWasRenewedOnDiskReconnectsWithTheNewOne() throws Exception {
        Path pki = broker.pki().dir();
        Set<String> received = ConcurrentHashMap.newKeySet();
        MqttSettings settings = broker.settings("subscriber");
        try (ArticleSubscriber subscriber = ArticleSubscriber.start(settings, FOOTBALL,
                (topic, article) -> received.add(article.id()))) {
            BigInteger old = serial(pki.resolve("subscriber.crt"));
            // Renewed on disk, and the old certificate revoked: only the new one can connect now.
            Main.execute("revoke", "subscriber", "--out", pki.toString());
            Main.execute("add-client", "subscriber", "--out", pki.toString());
            assertNotEquals(old, serial(pki.resolve("subscriber.crt")));
            broker.container().deliverAndReload(pki);
            assertTrue(subscriber.isConnected(), "a reload keeps connections open");

            long logLines = broker.container().getLogs().lines().count();
            broker.container().restart(); // every client has to reconnect

            Await.until(subscriber::isConnected, TIMEOUT, "the subscriber did not reconnect with its renewed certificate");
            broker.awaitLogAfter(logLines, "as " + settings.clientId());
            List<String> afterRestart = broker.container().getLogs().lines().skip(logLines).toList();
            assertFalse(afterRestart.stream().anyMatch(line -> line.contains("certificate verify failed")),
                    "a client presented a revoked certificate:\n" + String.join("\n", afterRestart));
            try (ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
                Article article = Articles.football("marca");
                publisher.publish(article);
                Await.until(() -> received.contains(article.id()), TIMEOUT, "the reconnected subscriber received nothing");
            }
        }
    }

    /**
     * OpenSSL refuses every client while the CRL it has is past its nextUpdate: why certgen
     * refreshes crl.pem on every run, long before that. A refresh and a reload mend it.
     */
    @Test
    void expiredCrlLocksEveryoneOutUntilCertgenRefreshesIt() throws Exception {
        Path pki = broker.pki().dir();
        var directory = new PkiDirectory(pki);
        Instant now = Instant.now();
        PemFiles.writeCrl(directory.crl(), directory.loadCertificateAuthority().issueCrl(BigInteger.TEN, Map.of(),
                now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))));
        broker.container().deliverAndReload(pki);
        SSLContext publisher = RawTlsClient.context(pki.resolve("ca.crt"), pki.resolve("publisher.crt"), pki.resolve("publisher.key"));

        assertThrows(MqttException.class, () -> RawTlsClient.connect(broker.tlsUri(), publisher));

        assertTrue(Main.generate(pki).contains("refreshed crl.pem: "));
        broker.container().deliverAndReload(pki);
        RawTlsClient.connect(broker.tlsUri(), publisher).disconnect();
    }

    /** certgen --pkcs12 writes a key store a plain Java program connects with, as key and trust store. */
    @Test
    void pkcs12KeyStoreFromCertgenConnectsToTheBroker() throws Exception {
        Path pki = broker.pki().dir();
        Main.generate(pki, "--pkcs12");
        char[] password = Files.readString(pki.resolve("publisher.p12.pass")).strip().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(pki.resolve("publisher.p12"))) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);

        MqttClient client = RawTlsClient.connect(broker.tlsUri(), tls);
        assertTrue(client.isConnected());
        client.disconnect();
    }

    /** The serial number of the certificate the broker presents to a new connection. */
    private static BigInteger servedSerial() throws Exception {
        Path pki = broker.pki().dir();
        SSLContext tls = RawTlsClient.context(pki.resolve("ca.crt"), pki.resolve("operator.crt"), pki.resolve("operator.key"));
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(
                broker.container().mqttsHost(), broker.container().mqttsPort())) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static BigInteger serial(Path certificate) {
        return PemFiles.readCertificate(certificate).getSerialNumber();
    }

}
