package io.securemqtt.common.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.common.tls.PemFiles;

/** The days-left gauge reads the file at every scrape, as certgen renews it on disk. */
class ClientCertificateExpiryTest {

    @TempDir
    Path dir;

    private static Instant notAfter(Path certFile) {
        X509Certificate certificate = PemFiles.certificate(certFile, MqttSettings.TLS_FILE_NAMES);
        return certificate.getNotAfter().toInstant();
    }

    @Test
    void daysLeftFollowTheFileOnDisk() throws Exception {
        Path pki = dir.resolve("pki");
        io.securemqtt.certgen.Main.generate(pki, "--days", "30");
        Path certFile = dir.resolve("client.crt");
        Files.copy(pki.resolve("publisher.crt"), certFile);
        Instant expiry = notAfter(certFile);
        ClientCertificateExpiry gauge = new ClientCertificateExpiry(certFile, Clock.fixed(expiry.minus(Duration.ofHours(36)), ZoneOffset.UTC));

        assertEquals(1.5, gauge.daysLeft(), 1e-9);

        // Half replaced by hand: the last good reading stands, as the client still uses that certificate.
        Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\nnot quite\n");
        assertEquals(1.5, gauge.daysLeft(), 1e-9);

        // Renewed: another certificate, another expiry, without a restart.
        Path renewed = dir.resolve("renewed");
        io.securemqtt.certgen.Main.generate(renewed);
        Files.copy(renewed.resolve("publisher.crt"), certFile, StandardCopyOption.REPLACE_EXISTING);
        double expected = Duration.between(expiry.minus(Duration.ofHours(36)), notAfter(certFile)).toSeconds() / 86_400.0;
        assertTrue(expected > 300, "renewed for 365 days: " + expected);
        assertEquals(expected, gauge.daysLeft(), 1e-9);
    }

    @Test
    void notANumberBeforeAnyGoodReading() {
        ClientCertificateExpiry gauge = new ClientCertificateExpiry(dir.resolve("missing.crt"), Clock.systemUTC());
        assertTrue(Double.isNaN(gauge.daysLeft()));
    }

    @Test
    void monitoringTellsTheGaugesValueOnceItWatchesAReadableFile() throws Exception {
        Path pki = dir.resolve("pki");
        io.securemqtt.certgen.Main.generate(pki, "--days", "30");
        Instant expiry = notAfter(pki.resolve("subscriber.crt"));
        Monitoring monitoring = new Monitoring(Clock.fixed(expiry.minus(Duration.ofHours(60)), ZoneOffset.UTC));
        assertTrue(monitoring.clientCertificateDaysLeft().isEmpty(), "nothing watched yet");

        monitoring.watchCertificate(pki.resolve("subscriber.crt"));

        assertEquals(2.5, monitoring.clientCertificateDaysLeft().orElseThrow(), 1e-9);
        assertTrue(monitoring.scrape().contains("mqtt_client_certificate_days_left 2.5"), monitoring.scrape());
    }

    @Test
    void monitoringTellsNothingForAFileItCannotRead() {
        Monitoring monitoring = new Monitoring();
        monitoring.watchCertificate(dir.resolve("missing.crt"));
        assertTrue(monitoring.clientCertificateDaysLeft().isEmpty());
    }
}
