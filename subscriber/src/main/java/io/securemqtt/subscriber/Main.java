package io.securemqtt.subscriber;

import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.BrokerConnectionException;
import io.securemqtt.common.ConfigException;
import io.securemqtt.common.GracefulShutdown;
import io.securemqtt.common.MqttSettings;
import io.securemqtt.common.StartupRetry;
import io.securemqtt.common.TlsContexts;
import io.securemqtt.common.TlsMaterialException;

/**
 * Logs every article on {@code SUBSCRIBE_TOPICS} (by default every football article) until stopped.
 *
 * <p>Exit status: 0 after a requested stop, 1 if the broker refuses us or a subscription for good,
 * 2 for a configuration error (a variable, or a certificate or key file).
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    static final int EXIT_REFUSED = 1;
    static final int EXIT_CONFIGURATION = 2;

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(System.getenv());
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(Map<String, String> environment) {
        SubscriberConfig config;
        try {
            config = SubscriberConfig.fromEnvironment(environment);
            checkTlsFiles(config.mqtt());
        } catch (ConfigException | TlsMaterialException e) {
            System.err.println("configuration error: " + e.getMessage());
            return EXIT_CONFIGURATION;
        }

        log.info("subscriber starting: broker={} clientId={} filters={}",
                config.mqtt().serverUri(), config.mqtt().clientId(), config.topicFilters());

        GracefulShutdown shutdown = GracefulShutdown.install();
        try {
            Optional<ArticleSubscriber> started = StartupRetry.withDefaults().connect(
                    () -> ArticleSubscriber.start(config.mqtt(), config.topicFilters(), new ArticleLogger()), shutdown);
            if (started.isEmpty()) {
                return 0;
            }
            try (ArticleSubscriber subscriber = started.get()) {
                shutdown.awaitRequest();
            }
            log.info("subscriber stopped");
            return 0;
        } catch (BrokerConnectionException | SubscriptionException e) {
            log.error("{}", e.getMessage());
            return EXIT_REFUSED;
        } catch (TlsMaterialException e) {
            System.err.println("configuration error: " + e.getMessage());
            return EXIT_CONFIGURATION;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_REFUSED;
        } finally {
            shutdown.completed();
        }
    }

    /** A bad certificate file is a configuration error to report now, not a broker to wait for. */
    private static void checkTlsFiles(MqttSettings mqtt) {
        TlsContexts.fromPem(mqtt.caFile(), mqtt.certFile(), mqtt.keyFile());
    }
}
