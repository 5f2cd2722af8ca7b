package io.securemqtt.common.monitoring;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpHandler;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.securemqtt.x509.UtcDates;

/**
 * What an operator sees of a running program: its metrics, the health of its connection to the
 * broker, and any pages of its own, all served by {@link MonitoringServer}.
 *
 * <p>{@link io.securemqtt.common.program.ClientProgram} makes one per program and hands it to the program's configuration, which
 * passes it on to the classes that count ({@code ArticlePublisher}, {@code ArticleSubscriber}) and
 * may add pages with {@link #addPage} before the server starts.
 */
public final class Monitoring {

    static final String BROKER_CERTIFICATE_DAYS_LEFT = "mqtt.broker.certificate.days.left";

    private final Clock clock;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConnectionHealth connection;
    private final Map<String, HttpHandler> pages = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Held here: the gauge would otherwise be the only reference to it. */
    private ClientCertificateExpiry certificateExpiry;

    /** Metrics nobody serves until a {@link MonitoringServer} is started with them. */
    public Monitoring() {
        this(Clock.systemUTC());
    }

    /** @param clock the time for ages, latencies and days left; tests travel with their own */
    public Monitoring(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connection = new ConnectionHealth(registry, clock);
    }

    /** Where the program's classes register their meters; names as in the README's table. */
    public MeterRegistry registry() {
        return registry;
    }

    public Clock clock() {
        return clock;
    }

    /** The connection's health, which {@code MqttClientConnection} tells of every connection and loss. */
    public ConnectionHealth connection() {
        return connection;
    }

    /** Every meter, in Prometheus' text format ({@link MonitoringServer#METRICS_CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    /** Adds the {@code mqtt_client_certificate_days_left} gauge for {@code certFile} ({@code MQTT_CERT_FILE}). */
    public synchronized void watchCertificate(Path certFile) {
        if (certificateExpiry == null) {
            certificateExpiry = new ClientCertificateExpiry(certFile, clock);
            certificateExpiry.register(registry);
        }
    }

    /**
     * What the {@code mqtt_client_certificate_days_left} gauge would show now (the file read again),
     * e.g. for the subscriber's page; empty before {@link #watchCertificate} or any good reading.
     */
    public OptionalDouble clientCertificateDaysLeft() {
        ClientCertificateExpiry expiry;
        synchronized (this) {
            expiry = certificateExpiry;
        }
        double days = expiry == null ? Double.NaN : expiry.daysLeft();
        return Double.isNaN(days) ? OptionalDouble.empty() : OptionalDouble.of(days);
    }

    /**
     * Adds the {@code mqtt_broker_certificate_days_left} gauge: days until the certificate the broker
     * presented at the last handshake expires (NaN before the first), so that a broker whose renewal
     * stopped is seen from every client.
     */
    public void watchBrokerCertificate(Supplier<Optional<X509Certificate>> lastPresented) {
        Gauge.builder(BROKER_CERTIFICATE_DAYS_LEFT, () -> lastPresented.get()
                        .map(certificate -> UtcDates.daysBetween(clock.instant(), certificate.getNotAfter().toInstant()))
                        .orElse(Double.NaN))
                .description("Days until the broker's certificate, as presented at the last TLS handshake, expires")
                .strongReference(true)
                .register(registry);
    }

    /**
     * Serves {@code handler} beside {@code /health} and {@code /metrics}, e.g. the subscriber's live
     * page. Call it before the server starts (while the configuration is read). As for any
     * {@link com.sun.net.httpserver.HttpServer} context, the handler also receives every path below
     * its own ({@code /} receives all paths no other context claims) and answers 404 itself for
     * those it does not serve. Handlers run on a few pooled threads, after {@link MonitoringServer}'s
     * checks (Host allow-list, nosniff), and one still running after 10 s is cut off: a long-lived
     * response (server-sent events) must be written by a thread of its own, the handler returning at once.
     *
     * @param path e.g. {@code /events}; not {@code /health} or {@code /metrics}, and once only
     */
    public void addPage(String path, HttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a page's path must start with '/', got " + path);
        }
        if (path.equals(MonitoringServer.HEALTH) || path.equals(MonitoringServer.METRICS)) {
            throw new IllegalArgumentException(path + " is served by MonitoringServer itself");
        }
        if (pages.putIfAbsent(path, handler) != null) {
            throw new IllegalArgumentException("a page is already registered at " + path);
        }
    }

    /** The pages added so far, in the order they were added. */
    Map<String, HttpHandler> pages() {
        synchronized (pages) {
            return Map.copyOf(pages);
        }
    }
}
