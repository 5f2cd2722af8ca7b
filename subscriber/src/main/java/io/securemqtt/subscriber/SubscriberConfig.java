package io.securemqtt.subscriber;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.securemqtt.common.article.Topics;
import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;
import io.securemqtt.common.mqtt.DefaultClientId;
import io.securemqtt.common.mqtt.MqttSettings;

/**
 * The subscriber's configuration, read once from the environment.
 *
 * @param mqtt         broker and TLS identity
 * @param topicFilters what to subscribe to ({@code SUBSCRIBE_TOPICS}, default {@code articulos/+/futbol}),
 *                     as shared subscriptions {@code $share/GROUP/FILTER} when {@code SUBSCRIBER_GROUP} is set
 */
public record SubscriberConfig(MqttSettings mqtt, List<String> topicFilters) {

    /** The start of the default client id, {@code subscriber-<secret suffix>} ({@link DefaultClientId}). */
    public static final String DEFAULT_CLIENT_ID = "subscriber";
    public static final String SUBSCRIBE_TOPICS = "SUBSCRIBE_TOPICS";
    public static final List<String> DEFAULT_TOPIC_FILTERS = List.of(Topics.ROOT + "/+/futbol");
    /** Replicas with the same group share the work: each article goes to one of them (MQTT 5 shared subscription). */
    public static final String SUBSCRIBER_GROUP = "SUBSCRIBER_GROUP";

    public SubscriberConfig {
        Objects.requireNonNull(mqtt, "mqtt");
        topicFilters = List.copyOf(topicFilters);
    }

    /**
     * @throws ConfigException naming the variable that is missing or malformed
     */
    public static SubscriberConfig fromEnvironment(Map<String, String> variables) {
        Environment env = new Environment(variables);
        String group = env.string(SUBSCRIBER_GROUP, "");
        if (!group.isEmpty()) {
            try {
                Topics.checkLevel(SUBSCRIBER_GROUP, group);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SUBSCRIBER_GROUP, SUBSCRIBER_GROUP + ": " + e.getMessage());
            }
        }
        // Replicas must not share a client id: each would take the session from the other. In a
        // group, the default id is made unique with the container's host name (Docker sets it).
        DefaultClientId defaultClientId = group.isEmpty() ? DefaultClientId.of(DEFAULT_CLIENT_ID)
                : DefaultClientId.replica(DEFAULT_CLIENT_ID, env.string("HOSTNAME", UUID.randomUUID().toString().substring(0, 12)));
        MqttSettings mqtt = MqttSettings.fromEnvironment(env, defaultClientId);
        List<String> filters = env.list(SUBSCRIBE_TOPICS, DEFAULT_TOPIC_FILTERS);
        for (String filter : filters) {
            try {
                Topics.checkFilter(filter);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SUBSCRIBE_TOPICS, SUBSCRIBE_TOPICS + ": " + e.getMessage());
            }
        }
        if (!group.isEmpty()) {
            filters = filters.stream().map(filter -> "$share/" + group + "/" + filter).toList();
        }
        return new SubscriberConfig(mqtt, filters);
    }
}
