package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.Main;
import io.securemqtt.certgen.pki.PkiDirectory;
import io.securemqtt.certgen.store.PemFiles;
import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.subscriber.ArticleSubscriber;
import io.securemqtt.testing.Await;
import io.securemqtt.testing.MosquittoContainer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Renewal without a human, with two-minute certificates: certgen's renew-loop renews what is due,
 * every delivery reaches the broker as Compose's would (files only, no signal), the broker's own
 * mosquitto-reload-certs reloads it, and the publisher and subscriber keep working through several
 * renewals and a broker restart made after their first certificates expired. The CRL, valid two
 * minutes too, is refreshed on the running broker before it expires.
 */
class CertificateRenewalLoopTest {

    /** The lifetimes the loop is given, and the PKI made with (what CERT_VALIDITY and CERT_RENEW_WITHIN give). */
    private static final List<String> LIFETIMES = List.of("--validity", "2m", "--renew-within", "80s",
            "--crl-validity", "2m");
    private static final List<String> FOOTBALL = List.of("articulos/+/futbol");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker(LIFETIMES.toArray(String[]::new))
            .configured(MosquittoContainer::withCertificateReload);

    private final ByteArrayOutputStream loopOutput = new ByteArrayOutputStream();
    private final AtomicInteger loopStatus = new AtomicInteger(-1);

    @Test
    void theLoopRenewsTheBrokerReloadsAndTheClientsLoseNothingAcrossARestart() throws Exception {
        Path pki = broker.pki().dir();
        Instant clientsExpire = certificate(pki.resolve("publisher.crt")).getNotAfter().toInstant();
        X509CRL firstCrl = crl(Files.readAllBytes(pki.resolve("crl.pem")));
        Set<BigInteger> served = new LinkedHashSet<>(List.of(servedSerial()));
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        MqttSettings subscriberSettings = broker.settings("subscriber");

        Thread loop = renewLoop(pki);
        Thread delivery = new Thread(() -> deliverChanges(pki, running), "delivery");
        try (ArticleSubscriber subscriber = ArticleSubscriber.start(subscriberSettings, FOOTBALL,
                (topic, article) -> received.add(article.id()));
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            loop.start();
            delivery.start();
            FootballStream stream = new FootballStream(publisher, "as", 200); // a failure: during the restart
            try {
                // Two renewals served by the running broker, and the clients' first certificates expired.
                Await.until(() -> observe(served) >= 3 && Instant.now().isAfter(clientsExpire),
                        Duration.ofMinutes(3), () -> "the broker served only " + served + "; the loop said:\n" + loopOutput);
                long reloads = broker.container().reloads();
                assertTrue(reloads >= 2, "the broker reloaded " + reloads + " times");

                long beforeRestart = broker.container().getLogs().lines().count();
                broker.container().restart(); // every client reconnects, with the renewed files only
                Await.until(subscriber::isConnected, TIMEOUT, "the subscriber did not reconnect after the restart");
                broker.awaitLogAfter(beforeRestart, "as " + subscriberSettings.clientId());
                int atRestart = stream.acknowledged().size();
                Await.until(() -> stream.acknowledged().size() >= atRestart + 20, TIMEOUT, "the publisher stalled after the restart");

                // One more renewal, reloaded by the restarted broker.
                int renewals = served.size();
                Await.until(() -> observe(served) > renewals, Duration.ofMinutes(2),
                        () -> "no renewal reached the restarted broker; the loop said:\n" + loopOutput);
            } finally {
                stream.close();
            }
            List<String> acknowledged = stream.acknowledged();
            Await.until(() -> received.containsAll(acknowledged), TIMEOUT, "not every acknowledged article arrived");
            assertTrue(subscriber.isConnected() && publisher.isConnected());
            System.out.printf("renewal loop: served serials %s; %d articles acknowledged, %d received%n",
                    served, acknowledged.size(), received.size());
        } finally {
            running.set(false);
            loop.interrupt();
            loop.join();
            delivery.join();
        }
        assertEquals(0, loopStatus.get(), "renew-loop failed:\n" + loopOutput);

        String log = loopOutput.toString(StandardCharsets.UTF_8);
        long renewed = log.lines().filter(line -> line.startsWith("re-issued server.crt: it expires on")
                && line.contains(" UTC, within the renewal window of 80 seconds") && line.matches(".*expiry .* UTC -> .* UTC.*"))
                .count();
        assertTrue(renewed >= 3, "the loop renewed server.crt " + renewed + " times:\n" + log);
        assertTrue(log.contains("re-issued publisher.crt: it expires on") && log.contains("(CN=publisher, "), log);

        // The CRL the broker started with is past its next update; the broker has a later one, and
        // takes a client (OpenSSL refuses every client while its CRL is expired: CertificateRotationTest).
        assertTrue(Instant.now().isAfter(firstCrl.getNextUpdate().toInstant()), "the first CRL has not expired yet");
        X509CRL brokerCrl = crl(broker.container().exec("cat", "/mosquitto/certs/crl.pem").getBytes(StandardCharsets.US_ASCII));
        assertTrue(brokerCrl.getNextUpdate().after(firstCrl.getNextUpdate()), "the broker's CRL was not refreshed");
        MqttClient operator = RawTlsClient.connect(broker.tlsUri(), RawTlsClient.context(pki.resolve("ca.crt"),
                pki.resolve("operator.crt"), pki.resolve("operator.key")));
        assertTrue(operator.isConnected());
        operator.disconnect();
    }

    /** certgen renew-loop on the PKI, checking every 10 s, in a thread that stops when interrupted. */
    private Thread renewLoop(Path pki) {
        List<String> args = new ArrayList<>(List.of("renew-loop", "--out", pki.toString(), "--every", "10s"));
        args.addAll(LIFETIMES);
        PrintStream out = new PrintStream(loopOutput, true, StandardCharsets.UTF_8);
        return new Thread(() -> loopStatus.set(Main.run(args.toArray(String[]::new), out, out)), "renew-loop");
    }

    /**
     * Compose's delivery, after a round that changed the broker's files (compose-certs.sh, tested by
     * ComposeCertsTest): copies them into the broker's container once the certificate and key on
     * disk are a pair again, and sends no signal.
     */
    private static void deliverChanges(Path pki, AtomicBoolean running) {
        var directory = new PkiDirectory(pki);
        List<byte[]> delivered = List.of();
        while (running.get()) {
            try {
                List<byte[]> now = List.of(Files.readAllBytes(directory.certificate(PkiDirectory.SERVER)),
                        Files.readAllBytes(directory.key(PkiDirectory.SERVER)), Files.readAllBytes(directory.crl()));
                if (!sameContents(now, delivered) && directory.load(PkiDirectory.SERVER).keyMatchesCertificate()) {
                    broker.container().deliver(pki);
                    delivered = now;
                }
            } catch (Exception halfWritten) {
                // the loop is writing: the next look finds the files whole
            }
            Await.pause(500);
        }
    }

    private static boolean sameContents(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Adds the serial a new connection sees now, after a pause; how many different ones it saw in all. */
    private static int observe(Set<BigInteger> served) {
        Await.pause(500);
        try {
            served.add(servedSerial());
        } catch (Exception restartingOrReloading) {
            // the next look
        }
        return served.size();
    }

    /** The serial of the certificate the broker presents to a new connection (read before it asks for ours). */
    private static BigInteger servedSerial() throws Exception {
        SSLContext tls = RawTlsClient.context(broker.pki().dir().resolve("ca.crt"), null, null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(
                broker.container().mqttsHost(), broker.container().mqttsPort())) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static X509Certificate certificate(Path file) {
        return PemFiles.readCertificate(file);
    }

    private static X509CRL crl(byte[] pem) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(pem));
    }
}
