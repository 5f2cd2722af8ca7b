package io.securemqtt.subscriber;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.ClientProgram;

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
        return ClientProgram.run("subscriber", log, () -> plan(SubscriberConfig.fromEnvironment(environment)));
    }

    private static ClientProgram.Plan plan(SubscriberConfig config) {
        return new ClientProgram.Plan(config.mqtt(), "filters=" + config.topicFilters(), () -> startSubscription(config));
    }

    private static ClientProgram.Connection startSubscription(SubscriberConfig config) {
        ArticleSubscriber subscriber = ArticleSubscriber.start(config.mqtt(), config.topicFilters(), new ArticleLogger());
        return subscriber::close;
    }
}
