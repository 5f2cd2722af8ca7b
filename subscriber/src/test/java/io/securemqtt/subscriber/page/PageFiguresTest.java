package io.securemqtt.subscriber.page;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.monitoring.Monitoring;

/** The page's figures from the subscriber's own: its articles, its connection's health, its certificate file. */
class PageFiguresTest {

    private static final Instant NOW = Instant.parse("2026-01-10T12:00:30Z");

    @TempDir
    Path dir;

    private final Monitoring monitoring = new Monitoring(Clock.fixed(NOW, ZoneOffset.UTC));
    private final PageFigures figures = new PageFigures(monitoring);

    private static Article publishedAt(Instant publishedAt) {
        return new Article("id-" + publishedAt.toEpochMilli(), "marca", "futbol", "Titular", "", publishedAt);
    }

    @Test
    void beforeAnyArticleOrConnection() {
        Figures now = figures.figures();
        assertEquals(NOW.toEpochMilli(), now.now());
        assertEquals(0, now.lastMinute());
        assertEquals(0, now.lastHour());
        assertArrayEquals(new long[60], now.perMinute());
        assertNull(now.latency());
        assertFalse(now.connected());
        assertEquals(NOW.toEpochMilli(), now.since(), "not connected since the start");
        assertNull(now.certificateDaysLeft(), "no certificate watched");
    }

    @Test
    void countsTheArticlesItIsGivenAndTheirLatency() {
        Instant twoMinutesAgo = NOW.minus(Duration.ofMinutes(2));
        figures.add(publishedAt(twoMinutesAgo.minusMillis(900)), twoMinutesAgo);
        figures.add(publishedAt(NOW.minusMillis(40)), NOW.minusSeconds(1));
        figures.add(publishedAt(NOW.minusSeconds(5)), NOW);

        Figures now = figures.figures();
        assertEquals(2, now.lastMinute());
        assertEquals(3, now.lastHour());
        assertEquals(2, now.perMinute()[59]);
        assertEquals(1, now.perMinute()[57]);
        // 900 ms, 0 (published 40 ms after we got it: the clocks differ), 5,000 ms.
        assertEquals(new Figures.Latency(3, 900, 5_000), now.latency());
    }

    @Test
    void holdsAFixedSizeHoweverManyArticles() {
        for (int i = 0; i < 10_000; i++) {
            Instant receivedAt = NOW.minusMillis(10_000 - i);
            figures.add(publishedAt(receivedAt.minusSeconds(1)), receivedAt);
        }
        Figures now = figures.figures();
        assertEquals(10_000, now.lastHour());
        assertEquals(new Figures.Latency(LatencyWindow.CAPACITY, 1_000, 1_000), now.latency(), "the latest 1,024 only");
        assertEquals(18_304, PageFigures.BYTES, "some 18 KB, as documented: 240 counters and 2 x 1,024 samples");
    }

    @Test
    void connectedSinceTheLastConnectionAndNotSinceTheLoss() {
        monitoring.connection().connected(false, "ssl://mosquitto:8883");
        Figures connected = figures.figures();
        assertTrue(connected.connected());
        assertEquals(NOW.toEpochMilli(), connected.since());

        monitoring.connection().lost("Connection lost (java.io.EOFException)");
        assertFalse(figures.figures().connected());
    }

    @Test
    void daysLeftOnTheCertificateInItsFile() throws Exception {
        io.securemqtt.certgen.Main.generate(dir, "--days", "30");
        Path certFile = dir.resolve("subscriber.crt");
        monitoring.watchCertificate(certFile);

        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(certFile)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        double expected = Duration.between(NOW, certificate.getNotAfter().toInstant()).toSeconds() / 86_400.0;
        assertEquals(expected, figures.figures().certificateDaysLeft(), 1e-9);
    }
}
