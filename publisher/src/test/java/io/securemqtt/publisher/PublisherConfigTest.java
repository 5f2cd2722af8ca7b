package io.securemqtt.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.testing.TestPki;

class PublisherConfigTest {

    /** The secret suffix certgen writes in {@code publisher.clientid} beside the certificate. */
    private static final String SUFFIX = "k3v9q0x2m7a1z8c4b6n5";

    @TempDir
    static Path certs;

    @BeforeAll
    static void clientIdSuffix() throws IOException {
        Files.writeString(new TestPki(certs).clientIdSuffix("publisher"), SUFFIX + "\n");
    }

    /** The variables every program needs, naming files in certgen's layout (none is read here). */
    private static Map<String, String> minimal() {
        return new TestPki(certs).tlsEnvironment("publisher");
    }

    @Test
    void defaults() {
        PublisherConfig config = PublisherConfig.fromEnvironment(minimal());
        assertEquals("publisher-" + SUFFIX, config.mqtt().clientId());
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
        assertEquals("publisher-" + SUFFIX + "-9b1c2d3e4f5a", PublisherConfig.fromEnvironment(env).mqtt().clientId());
        env.put("MQTT_CLIENT_ID", "press-1");
        assertEquals("press-1", PublisherConfig.fromEnvironment(env).mqtt().clientId());
    }
}
