package io.securemqtt.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.testing.TestPki;
import io.securemqtt.x509.Pem;
import io.securemqtt.testing.TravellingClock;

/**
 * The broker's certificate and CRL dates, read from files certgen made, as the files change on
 * disk: renewed, removed, garbled. Never a crash, one warning per change, NaN while unusable.
 */
class FileDaysLeftTest {

    @TempDir
    static Path pkis;
    static TestPki pki;
    static TestPki renewed;

    @TempDir
    Path dir;

    @BeforeAll
    static void pkis() {
        pki = TestPki.generate(pkis.resolve("first"), "--days", "30");
        renewed = TestPki.generate(pkis.resolve("renewed"));
    }

    private static Instant notAfter(Path file) throws Exception {
        return dated(file, FileDaysLeft.Dated.BROKER_CERTIFICATE);
    }

    private static Instant nextUpdate(Path file) throws Exception {
        return dated(file, FileDaysLeft.Dated.CRL_NEXT_UPDATE);
    }

    /** The date as the JDK reads it from the first block of that kind, for the gauge to be compared with. */
    private static Instant dated(Path file, FileDaysLeft.Dated dated) throws Exception {
        for (Object block : Pem.parse(new StringReader(Files.readString(file)))) {
            if (dated == FileDaysLeft.Dated.BROKER_CERTIFICATE && Pem.certificate(block).isPresent()) {
                return Pem.certificate(block).get().getNotAfter().toInstant();
            }
            if (dated == FileDaysLeft.Dated.CRL_NEXT_UPDATE && Pem.crl(block).isPresent()) {
                return Pem.crl(block).get().getNextUpdate().toInstant();
            }
        }
        throw new AssertionError("nothing of the kind in " + file);
    }

    private static Path crl(TestPki pki) {
        return pki.dir().resolve("crl.pem");
    }

    /** Content changed with the same size in the same second is still seen: the modification time is set apart. */
    private static void replace(Path source, Path target) throws IOException {
        FileTime before = Files.exists(target) ? Files.getLastModifiedTime(target) : FileTime.fromMillis(0);
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(target, FileTime.fromMillis(before.toMillis() + 2000));
    }

    @Test
    void brokerCertificateDaysLeftFollowTheFileAndAProblemIsOneWarningPerChange() throws Exception {
        Path file = dir.resolve("server.crt");
        replace(pki.cert("server"), file);
        Instant expiry = notAfter(file);
        TravellingClock clock = new TravellingClock(expiry.minus(Duration.ofHours(36)));
        Monitoring monitoring = new Monitoring(clock);
        new FileDaysLeft(FileDaysLeft.Dated.BROKER_CERTIFICATE, "BROKER_CERT_FILE", file, clock).register(monitoring.registry());
        String metric = "mosquitto_broker_certificate_days_left";

        String log = Scrape.log(() -> assertEquals(1.5, Scrape.value(monitoring, metric), 1e-9));
        assertTrue(log.contains("INFO FileDaysLeft - BROKER_CERT_FILE=" + file + ": the broker's certificate expires "), log);
        clock.advance(Duration.ofHours(12));
        assertEquals("", Scrape.log(() -> assertEquals(1.0, Scrape.value(monitoring, metric), 1e-9)), "read once per change");

        Files.writeString(file, "-----BEGIN CERTIFICATE-----\nnot quite\n");
        log = Scrape.log(() -> {
            assertTrue(Double.isNaN(Scrape.value(monitoring, metric)));
            assertTrue(Double.isNaN(Scrape.value(monitoring, metric)));
        });
        assertEquals(1, log.lines().count(), log);
        assertTrue(log.contains("WARN FileDaysLeft - BROKER_CERT_FILE=" + file + ": cannot read the broker's certificate: "), log);
        assertTrue(log.contains("; mosquitto_broker_certificate_days_left is NaN until it can"), log);

        Files.delete(file);
        log = Scrape.log(() -> assertTrue(Double.isNaN(Scrape.value(monitoring, metric))));
        assertTrue(log.contains("cannot read the broker's certificate: it does not exist"), log);
        assertEquals("", Scrape.log(() -> assertTrue(Double.isNaN(Scrape.value(monitoring, metric)))), "one warning per change");

        replace(renewed.cert("server"), file);
        double expected = Duration.between(clock.instant(), notAfter(file)).toSeconds() / 86_400.0;
        assertTrue(expected > 300, "renewed for 365 days: " + expected);
        Scrape.log(() -> assertEquals(expected, Scrape.value(monitoring, metric), 1e-9));
    }

    @Test
    void crlNextUpdateDaysLeft() throws Exception {
        Path file = dir.resolve("crl.pem");
        replace(crl(pki), file);
        Instant nextUpdate = nextUpdate(file);
        TravellingClock clock = new TravellingClock(nextUpdate.minus(Duration.ofDays(10)));
        Monitoring monitoring = new Monitoring(clock);
        new FileDaysLeft(FileDaysLeft.Dated.CRL_NEXT_UPDATE, "CRL_FILE", file, clock).register(monitoring.registry());

        String log = Scrape.log(() -> assertEquals(10.0, Scrape.value(monitoring, "mosquitto_crl_next_update_days_left"), 1e-9));
        assertTrue(log.contains("CRL_FILE=" + file + ": the CRL is due for its next update "), log);
        clock.advance(Duration.ofDays(11));
        assertEquals(-1.0, Scrape.value(monitoring, "mosquitto_crl_next_update_days_left"), 1e-9, "past: negative");
    }

    @Test
    void aFileOfTheWrongKindIsAWarningNamingWhatItLacks() throws Exception {
        Path file = dir.resolve("crl.pem");
        replace(pki.cert("server"), file); // a certificate where the CRL should be
        Monitoring monitoring = new Monitoring();
        new FileDaysLeft(FileDaysLeft.Dated.CRL_NEXT_UPDATE, "CRL_FILE", file, monitoring.clock()).register(monitoring.registry());

        String log = Scrape.log(() -> assertTrue(Double.isNaN(Scrape.value(monitoring, "mosquitto_crl_next_update_days_left"))));
        assertTrue(log.contains("WARN FileDaysLeft - CRL_FILE=" + file + ": cannot read the CRL: it holds no X509 CRL block"), log);
    }

    @Test
    void aHugeFileIsNotRead() throws Exception {
        Path file = dir.resolve("server.crt");
        Files.write(file, new byte[(int) Pem.MAX_FILE_SIZE + 1]);
        Monitoring monitoring = new Monitoring();
        new FileDaysLeft(FileDaysLeft.Dated.BROKER_CERTIFICATE, "BROKER_CERT_FILE", file, monitoring.clock()).register(monitoring.registry());

        String log = Scrape.log(() -> assertTrue(Double.isNaN(Scrape.value(monitoring, "mosquitto_broker_certificate_days_left"))));
        assertTrue(log.contains("larger than " + Pem.MAX_FILE_SIZE + " bytes: not a PEM file"), log);
    }

    @Test
    void aDirectoryWhereTheFileShouldBeIsAWarningToo() throws Exception {
        Path file = Files.createDirectory(dir.resolve("server.crt"));
        Monitoring monitoring = new Monitoring();
        new FileDaysLeft(FileDaysLeft.Dated.BROKER_CERTIFICATE, "BROKER_CERT_FILE", file, monitoring.clock()).register(monitoring.registry());

        String log = Scrape.log(() -> assertTrue(Double.isNaN(Scrape.value(monitoring, "mosquitto_broker_certificate_days_left"))));
        assertTrue(log.contains("WARN FileDaysLeft - BROKER_CERT_FILE=" + file + ": cannot read the broker's certificate: "), log);
    }
}
