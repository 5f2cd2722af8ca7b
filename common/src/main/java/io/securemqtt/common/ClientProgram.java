package io.securemqtt.common;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;

/**
 * The life of the publisher and the subscriber as programs, from reading the configuration to a
 * clean disconnect on SIGTERM:
 *
 * <ol>
 * <li>read the configuration and load the certificate and key files; a mistake there is one line
 *     {@code configuration error: ...} on stderr and exit status 2, at once: no broker will fix it;
 * <li>connect, retrying with backoff while the broker cannot be reached ({@link StartupRetry});
 * <li>work until SIGTERM or Ctrl-C ({@link GracefulShutdown}), then close the connection: status 0;
 * <li>if the broker refuses us for good ({@link BrokerException}), log why: status 1.
 * </ol>
 *
 * <pre>{@code
 * static int run(Map<String, String> environment) {
 *     return ClientProgram.run("subscriber", log, () -> {
 *         SubscriberConfig config = SubscriberConfig.fromEnvironment(environment);
 *         return new ClientProgram.Plan(config.mqtt(), "filters=" + config.topicFilters(), () -> startSubscription(config));
 *     });
 * }
 * }</pre>
 */
public final class ClientProgram {

    public static final int EXIT_REFUSED = 1;
    public static final int EXIT_CONFIGURATION = 2;

    /** Reads a program's configuration, and so decides what it will do. */
    @FunctionalInterface
    public interface Configuration {

        /**
         * @throws ConfigException      naming the variable that is missing or malformed
         * @throws TlsMaterialException naming the certificate or key file that cannot be used
         */
        Plan read();
    }

    /**
     * What a configured program will do.
     *
     * @param mqtt    the broker and our identity; the certificate and key files are loaded once
     *                before the first attempt to connect, so that a bad one is reported at once
     * @param details what the start line says about this program after the broker and the client id,
     *                e.g. {@code filters=[articulos/+/futbol]}
     * @param connect connects and starts the program's work; called again while it throws a
     *                retryable {@link BrokerConnectionException}
     */
    public record Plan(MqttSettings mqtt, String details, Supplier<Connection> connect) {

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
     * Runs the program until it is stopped or cannot go on.
     *
     * @param name the program's name, as the start and stop lines say it, e.g. {@code publisher}
     * @param log  the program's own logger, so that the start and stop lines name the program's class
     * @return the exit status: 0 after a requested stop, {@link #EXIT_REFUSED} or {@link #EXIT_CONFIGURATION}
     */
    public static int run(String name, Logger log, Configuration configuration) {
        return run(name, log, configuration, GracefulShutdown::install, StartupRetry.withDefaults());
    }

    /**
     * @param installShutdown called only once the configuration is good: a program that exits with
     *                        status 2 must not leave a shutdown hook waiting for a clean disconnect
     */
    static int run(String name, Logger log, Configuration configuration, Supplier<GracefulShutdown> installShutdown,
            StartupRetry retry) {
        Plan plan;
        try {
            plan = configuration.read();
            MqttSettings mqtt = plan.mqtt();
            TlsContexts.fromPem(mqtt.caFile(), mqtt.certFile(), mqtt.keyFile());
        } catch (ConfigException | TlsMaterialException e) {
            return configurationError(e);
        }

        log.info("{} starting: broker={} clientId={} {}", name, plan.mqtt().serverUri(), plan.mqtt().clientId(), plan.details());

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
