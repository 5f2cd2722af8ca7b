package io.securemqtt.common.program;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.monitoring.MonitoringServer;
import io.securemqtt.common.mqtt.BrokerConnectionException;
import io.securemqtt.common.mqtt.BrokerException;
import io.securemqtt.common.mqtt.ClientCredentials;
import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.common.tls.TlsMaterialException;

/**
 * The life of the publisher and the subscriber as programs, from reading the configuration to a
 * clean disconnect on SIGTERM:
 *
 * <ol>
 * <li>read the configuration and load the certificate and key files; a mistake there is one line
 *     {@code configuration error: ...} on stderr and exit status 2, at once: no broker will fix it;
 * <li>serve {@code /health} and {@code /metrics} on {@code HTTP_PORT} ({@link MonitoringServer});
 * <li>connect, retrying with backoff while the broker cannot be reached ({@link StartupRetry});
 * <li>work until SIGTERM or Ctrl-C ({@link GracefulShutdown}), then close the connection and the
 *     HTTP server: status 0;
 * <li>if the broker refuses us for good ({@link BrokerException}), log why: status 1.
 * </ol>
 *
 * <p>A subscriber that logs each article's title, in the shape of the subscriber's {@code Main}:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Map<String, String> environment = System.getenv();
 *     ClientProgram.exit(ClientProgram.run("subscriber", log, environment, monitoring -> {
 *         SubscriberConfig config = SubscriberConfig.fromEnvironment(environment);
 *         ClientCredentials credentials = ClientCredentials.load(config.mqtt());   // the TLS files, read once
 *         return new ClientProgram.Plan(credentials, "filters=" + config.topicFilters(), () -> {
 *             ArticleSubscriber subscriber = ArticleSubscriber.start(credentials, config.topicFilters(),
 *                     (topic, article) -> log.info("{}: {}", topic, article.title()), monitoring);
 *             return subscriber::close;
 *         });
 *     }));
 * }
 * }</pre>
 */
public final class ClientProgram {

    public static final int EXIT_REFUSED = 1;
    public static final int EXIT_CONFIGURATION = 2;

    /**
     * Reads a program's configuration, and so decides what it will do, given the program's
     * {@link Monitoring}: what it starts counts there ({@code ArticlePublisher.connect(settings, monitoring)}),
     * and it may add pages to the HTTP server ({@link Monitoring#addPage}).
     */
    @FunctionalInterface
    public interface Configuration {

        /**
         * @throws ConfigException      naming the variable that is missing or malformed
         * @throws TlsMaterialException naming the certificate or key file that cannot be used
         */
        Plan read(Monitoring monitoring);
    }

    /**
     * What a configured program will do.
     *
     * @param mqtt    the broker and our identity, the certificate and key files read once while the
     *                configuration is read, so that a bad one is reported at once; every attempt to
     *                connect uses them
     * @param details what the start line says about this program after the broker and the client id,
     *                e.g. {@code filters=[articulos/+/futbol]}
     * @param connect connects and starts the program's work; called again while it throws a
     *                retryable {@link BrokerConnectionException}
     */
    public record Plan(ClientCredentials mqtt, String details, Supplier<Connection> connect) {

        public Plan {
            Objects.requireNonNull(mqtt, "mqtt");
            Objects.requireNonNull(details, "details");
            Objects.requireNonNull(connect, "connect");
        }
    }

    /** A program's connection to the broker and the work it does on it. */
    @FunctionalInterface
    public interface Connection extends AutoCloseable {

        /** Stops the work and disconnects cleanly. */
        @Override
        void close();
    }

    private ClientProgram() {
    }

    /**
     * Runs the program until it is stopped or cannot go on, with {@code /health} and {@code /metrics}
     * served on {@code HTTP_PORT} (default 8080, 0 for none) from the environment.
     *
     * @param name        the program's name, as the start and stop lines say it, e.g. {@code publisher}
     * @param log         the program's own logger, so that the start and stop lines name the program's class
     * @param environment the program's environment, for the variables every program shares ({@code HTTP_PORT},
     *                    {@code LOG_FORMAT})
     * @return the exit status: 0 after a requested stop, {@link #EXIT_REFUSED} or {@link #EXIT_CONFIGURATION}
     */
    public static int run(String name, Logger log, Map<String, String> environment, Configuration configuration) {
        try {
            LogFormat.fromEnvironment(new Environment(environment)).install();
        } catch (ConfigException e) {
            return configurationError(e);
        }
        return run(name, log, environment, configuration, GracefulShutdown::install, StartupRetry.withDefaults());
    }

    static int run(String name, Logger log, Map<String, String> environment, Configuration configuration,
            Supplier<GracefulShutdown> installShutdown, StartupRetry retry) {
        return run(name, log, new Monitoring(), () -> MonitoringServer.Settings.fromEnvironment(new Environment(environment)),
                configuration, installShutdown, retry);
    }

    /**
     * @param httpSettings reads the HTTP server's port and host names, or says there is no server
     */
    static int run(String name, Logger log, Monitoring monitoring, Supplier<Optional<MonitoringServer.Settings>> httpSettings,
            Configuration configuration, Supplier<GracefulShutdown> installShutdown, StartupRetry retry) {
        Plan plan;
        Optional<MonitoringServer.Settings> http;
        try {
            http = httpSettings.get();
            plan = configuration.read(monitoring);
        } catch (ConfigException | TlsMaterialException e) {
            return configurationError(e);
        }
        MqttSettings mqtt = plan.mqtt().settings();
        monitoring.watchCertificate(mqtt.certFile());
        monitoring.watchBrokerCertificate(plan.mqtt()::brokerCertificate);

        MonitoringServer server = null;
        if (http.isPresent()) {
            int port = http.get().port();
            try {
                // Every interface: inside a container, the loopback one cannot be published.
                server = MonitoringServer.start(new InetSocketAddress(port), monitoring, http.get().allowedHosts());
            } catch (IOException e) {
                return configurationError(new ConfigException(MonitoringServer.HTTP_PORT, MonitoringServer.HTTP_PORT + "=" + port
                        + ": cannot listen on port " + port + ": " + e.getMessage()
                        + "; choose a free port, or 0 to turn the HTTP server off"));
            }
        }

        log.info("{} starting: broker={} clientId={} {}", name, mqtt.serverUri(), mqtt.clientId(), plan.details());
        if (server != null) {
            log.info("{} serving {} and {} on port {} for hosts {}", name, MonitoringServer.HEALTH, MonitoringServer.METRICS, server.port(),
                    http.get().allowedHosts().names());
        }

        GracefulShutdown shutdown = installShutdown.get();
        try {
            Optional<Connection> connected = retry.connect(plan.connect(), shutdown);
            if (connected.isEmpty()) {
                return 0;
            }
            try (Connection connection = connected.get()) {
                shutdown.awaitRequest();
            }
            log.info("{} stopped", name);
            return 0;
        } catch (BrokerException e) {
            log.error("{}", e.getMessage());
            return EXIT_REFUSED;
        } catch (TlsMaterialException e) {
            // The files were fine a moment ago; replaced meanwhile, they are still a configuration error.
            return configurationError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_REFUSED;
        } finally {
            if (server != null) {
                server.close();
            }
            shutdown.completed();
        }
    }

    /**
     * Ends the JVM with {@code status}, unless it is 0: then {@code main} simply returns, and after a
     * SIGTERM the JVM finishes the exit the signal began.
     */
    public static void exit(int status) {
        if (status != 0) {
            System.exit(status);
        }
    }

    private static int configurationError(RuntimeException e) {
        System.err.println("configuration error: " + e.getMessage());
        return EXIT_CONFIGURATION;
    }
}
