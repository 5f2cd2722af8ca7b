package io.securemqtt.publisher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.securemqtt.common.config.Environment;
import io.securemqtt.common.mqtt.DefaultClientId;
import io.securemqtt.common.mqtt.MqttSettings;

/**
 * The publisher's configuration, read once from the environment.
 *
 * @param mqtt          broker and TLS identity
 * @param interval      time between two articles ({@code PUBLISH_INTERVAL}, default 3 s)
 * @param catalogueFile an operator's catalogue ({@code CATALOGUE_FILE}); empty means the bundled one
 */
public record PublisherConfig(MqttSettings mqtt, Duration interval, Optional<Path> catalogueFile) {

    /** The start of the default client id, {@code publisher-<secret suffix>-<host name>} ({@link DefaultClientId}). */
    public static final String DEFAULT_CLIENT_ID = "publisher";
    public static final String PUBLISH_INTERVAL = "PUBLISH_INTERVAL";
    public static final String CATALOGUE_FILE = "CATALOGUE_FILE";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(3);

    public PublisherConfig {
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(catalogueFile, "catalogueFile");
    }

    /**
     * @throws io.securemqtt.common.config.ConfigException naming the variable that is missing or malformed
     */
    public static PublisherConfig fromEnvironment(Map<String, String> variables) {
        Environment env = new Environment(variables);
        // A clean session has nothing to keep under a stable id, and a unique one lets publishers be
        // scaled out (docker compose up --scale publisher=2): Docker gives each its own host name.
        DefaultClientId defaultClientId = env.optional("HOSTNAME")
                .map(host -> DefaultClientId.replica(DEFAULT_CLIENT_ID, host))
                .orElse(DefaultClientId.of(DEFAULT_CLIENT_ID));
        return new PublisherConfig(
                MqttSettings.fromEnvironment(env, defaultClientId),
                env.positiveDuration(PUBLISH_INTERVAL, DEFAULT_INTERVAL),
                env.optionalPath(CATALOGUE_FILE));
    }
}
