package io.securemqtt.subscriber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.testing.TestPki;

class SubscriberConfigTest {

    /** The secret suffix certgen writes in {@code subscriber.clientid} beside the certificate. */
    private static final String SUFFIX = "k3v9q0x2m7a1z8c4b6n5";

    @TempDir
    static Path certs;

    @BeforeAll
    static void clientIdSuffix() throws IOException {
        Files.writeString(new TestPki(certs).clientIdSuffix("subscriber"), SUFFIX + "\n");
    }

    /** The variables every program needs, naming files in certgen's layout (none is read here). */
    private static Map<String, String> minimal() {
        return new TestPki(certs).tlsEnvironment("subscriber");
    }

    @Test
    void defaults() {
        SubscriberConfig config = SubscriberConfig.fromEnvironment(minimal());
        assertEquals(List.of("articulos/+/futbol"), config.topicFilters());
        assertEquals("subscriber-" + SUFFIX, config.mqtt().clientId());
    }

    @Test
    void severalFilters() {
        Map<String, String> env = minimal();
        env.put("SUBSCRIBE_TOPICS", "articulos/+/futbol, articulos/elpais/#");
        assertEquals(List.of("articulos/+/futbol", "articulos/elpais/#"), SubscriberConfig.fromEnvironment(env).topicFilters());
    }

    @Test
    void invalidFilterNamesTheVariableAndTheFilter() {
        Map<String, String> env = minimal();
        env.put("SUBSCRIBE_TOPICS", "articulos/+/futbol,articulos/#/politica");
        ConfigException e = assertThrows(ConfigException.class, () -> SubscriberConfig.fromEnvironment(env));
        assertEquals("SUBSCRIBE_TOPICS", e.variable());
        assertTrue(e.getMessage().startsWith("SUBSCRIBE_TOPICS: topic filter 'articulos/#/politica' is invalid"), e.getMessage());
    }

    @Test
    void missingKeyNamesTheVariable() {
        Map<String, String> env = minimal();
        env.put("MQTT_KEY_FILE", "");
        ConfigException e = assertThrows(ConfigException.class, () -> SubscriberConfig.fromEnvironment(env));
        assertEquals("MQTT_KEY_FILE is empty; it is required", e.getMessage());
    }

    @Test
    void groupMakesSharedSubscriptionsAndAClientIdPerReplica() {
        Map<String, String> env = minimal();
        env.put("SUBSCRIBER_GROUP", "lectores");
        env.put("HOSTNAME", "3f2a9c1b7d4e");
        SubscriberConfig config = SubscriberConfig.fromEnvironment(env);
        assertEquals(List.of("$share/lectores/articulos/+/futbol"), config.topicFilters());
        assertEquals("subscriber-" + SUFFIX + "-3f2a9c1b7d4e", config.mqtt().clientId());
    }

    @Test
    void explicitClientIdWinsInAGroup() {
        Map<String, String> env = minimal();
        env.put("SUBSCRIBER_GROUP", "lectores");
        env.put("MQTT_CLIENT_ID", "reader-1");
        assertEquals("reader-1", SubscriberConfig.fromEnvironment(env).mqtt().clientId());
    }

    @Test
    void groupWithAWildcardOrSeparatorNamesTheVariable() {
        for (String group : List.of("a/b", "+", "#")) {
            Map<String, String> env = minimal();
            env.put("SUBSCRIBER_GROUP", group);
            ConfigException e = assertThrows(ConfigException.class, () -> SubscriberConfig.fromEnvironment(env));
            assertEquals("SUBSCRIBER_GROUP", e.variable());
            assertTrue(e.getMessage().contains("'" + group + "'"), e.getMessage());
        }
    }
}
