package io.securemqtt.subscriber;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ClientCredentials;
import io.securemqtt.common.program.ClientProgram;
import io.securemqtt.subscriber.page.ArticlePage;

/**
 * Logs every article on {@code SUBSCRIBE_TOPICS} (by default every football article) until stopped.
 *
 * <p>Exit status, as for every {@link ClientProgram}: 0 after a requested stop, 1 if the broker
 * refuses us or a subscription for good, 2 for a configuration error (a variable, or a certificate
 * or key file).
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        ClientProgram.exit(run(System.getenv()));
    }

    static int run(Map<String, String> environment) {
        return ClientProgram.run("subscriber", log, environment,
                monitoring -> plan(SubscriberConfig.fromEnvironment(environment), monitoring));
    }

    private static ClientProgram.Plan plan(SubscriberConfig config, Monitoring monitoring) {
        // The live page (/, /events and /figures) shares the HTTP server with /health and /metrics.
        ArticlePage page = new ArticlePage(monitoring);
        page.contexts().forEach(monitoring::addPage);
        ArticleLogger logger = new ArticleLogger();
        ArticleHandler handler = (topic, article) -> {
            logger.onArticle(topic, article);
            page.onArticle(topic, article);
        };
        ClientCredentials credentials = ClientCredentials.load(config.mqtt());
        return new ClientProgram.Plan(credentials, "filters=" + config.topicFilters(),
                () -> startSubscription(config, credentials, handler, page, monitoring));
    }

    private static ClientProgram.Connection startSubscription(SubscriberConfig config, ClientCredentials credentials,
            ArticleHandler handler, ArticlePage page, Monitoring monitoring) {
        ArticleSubscriber subscriber = ArticleSubscriber.start(credentials, config.topicFilters(), handler, monitoring);
        return () -> {
            subscriber.close();
            page.close();
        };
    }
}
