package io.securemqtt.publisher;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ClientCredentials;
import io.securemqtt.common.program.ClientProgram;

/**
 * Publishes an article from the catalogue every {@code PUBLISH_INTERVAL} until stopped.
 *
 * <p>Exit status, as for every {@link ClientProgram}: 0 after a requested stop, 1 if the broker
 * refuses us for good, 2 for a configuration error (a variable, a certificate or key file, or the
 * catalogue).
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        ClientProgram.exit(run(System.getenv()));
    }

    static int run(Map<String, String> environment) {
        return ClientProgram.run("publisher", log, environment,
                monitoring -> plan(PublisherConfig.fromEnvironment(environment), monitoring));
    }

    private static ClientProgram.Plan plan(PublisherConfig config, Monitoring monitoring) {
        Catalogue catalogue = config.catalogueFile().map(Catalogue::fromFile).orElseGet(Catalogue::bundled);
        String details = "interval=" + config.interval().toMillis() + "ms catalogue="
                + config.catalogueFile().map(Object::toString).orElse("bundled") + " (" + catalogue.size() + " articles)";
        ClientCredentials credentials = ClientCredentials.load(config.mqtt());
        return new ClientProgram.Plan(credentials, details, () -> startPublishing(config, credentials, catalogue, monitoring));
    }

    private static ClientProgram.Connection startPublishing(PublisherConfig config, ClientCredentials credentials, Catalogue catalogue,
            Monitoring monitoring) {
        ArticlePublisher publisher = ArticlePublisher.connect(credentials, monitoring);
        PublishSchedule schedule = new PublishSchedule(ArticleFeed.of(catalogue), publisher::publish, config.interval());
        schedule.start();
        return () -> {
            schedule.close(); // first: no article may start on a connection that is closing
            publisher.close();
        };
    }
}
