package io.securemqtt.publisher;

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
 * Publishes an article from the catalogue every {@code PUBLISH_INTERVAL} until stopped.
 *
 * <p>Exit status: 0 after a requested stop, 1 if the broker refuses us for good, 2 for a
 * configuration error (a variable, a certificate or key file, or the catalogue).
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
        PublisherConfig config;
        Catalogue catalogue;
        try {
            config = PublisherConfig.fromEnvironment(environment);
            catalogue = config.catalogueFile().map(Catalogue::fromFile).orElseGet(Catalogue::bundled);
            checkTlsFiles(config.mqtt());
        } catch (ConfigException | TlsMaterialException | InvalidCatalogueException e) {
            System.err.println("configuration error: " + e.getMessage());
            return EXIT_CONFIGURATION;
        }

        log.info("publisher starting: broker={} clientId={} interval={}ms catalogue={} ({} articles)",
                config.mqtt().serverUri(), config.mqtt().clientId(), config.interval().toMillis(),
                config.catalogueFile().map(Object::toString).orElse("bundled"), catalogue.size());

        GracefulShutdown shutdown = GracefulShutdown.install();
        try {
            Optional<ArticlePublisher> connected =
                    StartupRetry.withDefaults().connect(() -> ArticlePublisher.connect(config.mqtt()), shutdown);
            if (connected.isEmpty()) {
                return 0;
            }
            try (ArticlePublisher publisher = connected.get();
                 PublishSchedule schedule = new PublishSchedule(ArticleFeed.of(catalogue), publisher::publish, config.interval())) {
                schedule.start();
                shutdown.awaitRequest();
            }
            log.info("publisher stopped");
            return 0;
        } catch (BrokerConnectionException e) {
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
