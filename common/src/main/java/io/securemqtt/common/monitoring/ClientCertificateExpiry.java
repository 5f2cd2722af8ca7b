package io.securemqtt.common.monitoring;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.common.tls.PemFiles;
import io.securemqtt.common.tls.ReloadingSocketFactory;
import io.securemqtt.common.tls.TlsMaterialException;
import io.securemqtt.x509.UtcDates;

/**
 * The {@code mqtt_client_certificate_days_left} gauge: days until our client certificate expires, so
 * that an alert fires well before the broker starts refusing us.
 *
 * <p>The file is read at every scrape, not once: certgen renews it on disk and the client presents the
 * renewed one at its next reconnect ({@link ReloadingSocketFactory}). A file that cannot be read at
 * that moment (say, half replaced) keeps the last value read, which is what the client still uses;
 * before any good reading the gauge is NaN.
 */
final class ClientCertificateExpiry {

    static final String DAYS_LEFT = "mqtt.client.certificate.days.left";

    private final Path certFile;
    private final Clock clock;
    private volatile Instant lastKnownExpiry;

    ClientCertificateExpiry(Path certFile, Clock clock) {
        this.certFile = certFile;
        this.clock = clock;
    }

    void register(MeterRegistry registry) {
        Gauge.builder(DAYS_LEFT, this, ClientCertificateExpiry::daysLeft)
                .description("Days until the client certificate in MQTT_CERT_FILE expires (read at every scrape)")
                .strongReference(true)
                .register(registry);
    }

    double daysLeft() {
        try {
            X509Certificate certificate = PemFiles.certificate(certFile, MqttSettings.TLS_FILE_NAMES);
            lastKnownExpiry = certificate.getNotAfter().toInstant();
        } catch (TlsMaterialException e) {
            // Keep the last reading: ReloadingSocketFactory logs the problem when it next reads the file.
        }
        Instant expiry = lastKnownExpiry;
        if (expiry == null) {
            return Double.NaN;
        }
        return UtcDates.daysBetween(clock.instant(), expiry);
    }
}
