package io.securemqtt.subscriber;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.securemqtt.common.ConfigException;
import io.securemqtt.common.Environment;
import io.securemqtt.common.MqttSettings;
import io.securemqtt.common.Topics;

/**
 * The subscriber's configuration, read once from the environment.
 *
 * @param mqtt         broker and TLS identity
 * @param topicFilters what to subscribe to ({@code SUBSCRIBE_TOPICS}, default {@code articulos/+/futbol})
 */
public record SubscriberConfig(MqttSettings mqtt, List<String> topicFilters) {

    public static final String DEFAULT_CLIENT_ID = "subscriber";
    public static final String SUBSCRIBE_TOPICS = "SUBSCRIBE_TOPICS";
    public static final List<String> DEFAULT_TOPIC_FILTERS = List.of(Topics.ROOT + "/+/futbol");

    public SubscriberConfig {
        Objects.requireNonNull(mqtt, "mqtt");
        topicFilters = List.copyOf(topicFilters);
    }

    /**
     * @throws ConfigException naming the variable that is missing or malformed
     */
    public static SubscriberConfig fromEnvironment(Map<String, String> variables) {
        Environment env = new Environment(variables);
        MqttSettings mqtt = MqttSettings.fromEnvironment(env, DEFAULT_CLIENT_ID);
        List<String> filters = env.list(SUBSCRIBE_TOPICS, DEFAULT_TOPIC_FILTERS);
        for (String filter : filters) {
            try {
                Topics.checkFilter(filter);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SUBSCRIBE_TOPICS, SUBSCRIBE_TOPICS + ": " + e.getMessage());
            }
        }
        return new SubscriberConfig(mqtt, filters);
    }
}
