package io.securemqtt.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.securemqtt.common.ConfigException;

class PublisherConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("MQTT_CA_FILE", "/certs/ca.crt");
        env.put("MQTT_CERT_FILE", "/certs/publisher.crt");
        env.put("MQTT_KEY_FILE", "/certs/publisher.key");
        return env;
    }

    @Test
    void defaults() {
        PublisherConfig config = PublisherConfig.fromEnvironment(minimal());
        assertEquals("publisher", config.mqtt().clientId());
        assertEquals("mosquitto", config.mqtt().host());
        assertEquals(8883, config.mqtt().port());
        assertEquals(Duration.ofSeconds(3), config.interval());
        assertEquals(Optional.empty(), config.catalogueFile());
    }

    @Test
    void everythingSet() {
        Map<String, String> env = minimal();
        env.put("PUBLISH_INTERVAL", "500ms");
        env.put("CATALOGUE_FILE", "/config/catalogue.json");
        env.put("MQTT_CLIENT_ID", "publisher-b");
        PublisherConfig config = PublisherConfig.fromEnvironment(env);
        assertEquals(Duration.ofMillis(500), config.interval());
        assertEquals(Optional.of(Path.of("/config/catalogue.json")), config.catalogueFile());
        assertEquals("publisher-b", config.mqtt().clientId());
    }

    @Test
    void badIntervalNamesTheVariable() {
        Map<String, String> env = minimal();
        env.put("PUBLISH_INTERVAL", "often");
        ConfigException e = assertThrows(ConfigException.class, () -> PublisherConfig.fromEnvironment(env));
        assertEquals("PUBLISH_INTERVAL", e.variable());
    }

    @Test
    void missingCertificateNamesTheVariable() {
        Map<String, String> env = minimal();
        env.remove("MQTT_CERT_FILE");
        ConfigException e = assertThrows(ConfigException.class, () -> PublisherConfig.fromEnvironment(env));
        assertEquals("MQTT_CERT_FILE", e.variable());
    }

    @Test
    void defaultClientIdIsUniquePerContainer() {
        Map<String, String> env = new HashMap<>(minimal());
        env.put("HOSTNAME", "9b1c2d3e4f5a");
        assertEquals("publisher-9b1c2d3e4f5a", PublisherConfig.fromEnvironment(env).mqtt().clientId());
        env.put("MQTT_CLIENT_ID", "press-1");
        assertEquals("press-1", PublisherConfig.fromEnvironment(env).mqtt().clientId());
    }
}
