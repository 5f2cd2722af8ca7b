package io.securemqtt.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;

class MqttSettingsTest {

    private static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("MQTT_CA_FILE", "/certs/ca.crt");
        env.put("MQTT_CERT_FILE", "/certs/publisher.crt");
        env.put("MQTT_KEY_FILE", "/certs/publisher.key");
        return env;
    }

    private static MqttSettings read(Map<String, String> env) {
        return MqttSettings.fromEnvironment(new Environment(env), "publisher");
    }

    @Test
    void defaults() {
        MqttSettings settings = read(complete());
        assertEquals(new MqttSettings("mosquitto", 8883, Path.of("/certs/ca.crt"), Path.of("/certs/publisher.crt"),
                Path.of("/certs/publisher.key"), "publisher"), settings);
        assertEquals("ssl://mosquitto:8883", settings.serverUri());
    }

    @Test
    void everythingSet() {
        Map<String, String> env = complete();
        env.put("MQTT_HOST", "localhost");
        env.put("MQTT_PORT", "18883");
        env.put("MQTT_CLIENT_ID", "publisher-2");
        MqttSettings settings = read(env);
        assertEquals("ssl://localhost:18883", settings.serverUri());
        assertEquals("publisher-2", settings.clientId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"MQTT_CA_FILE", "MQTT_CERT_FILE", "MQTT_KEY_FILE"})
    void eachFileIsRequired(String variable) {
        Map<String, String> env = complete();
        env.remove(variable);
        ConfigException e = assertThrows(ConfigException.class, () -> read(env));
        assertEquals(variable, e.variable());
        assertEquals(variable + " is not set; it is required", e.getMessage());
    }

    @Test
    void hostWithUnderscoreIsRefusedWithReason() {
        Map<String, String> env = complete();
        env.put("MQTT_HOST", "my_broker");
        ConfigException e = assertThrows(ConfigException.class, () -> read(env));
        assertEquals("MQTT_HOST", e.variable());
        assertTrue(e.getMessage().startsWith("MQTT_HOST='my_broker' contains '_'"), e.getMessage());
        assertTrue(e.getMessage().contains("SNI"), e.getMessage());
    }

    @Test
    void hostWithSchemeIsRefused() {
        Map<String, String> env = complete();
        env.put("MQTT_HOST", "ssl://mosquitto");
        ConfigException e = assertThrows(ConfigException.class, () -> read(env));
        assertEquals("MQTT_HOST", e.variable());
    }

    @Test
    void badPortIsReported() {
        Map<String, String> env = complete();
        env.put("MQTT_PORT", "70000");
        ConfigException e = assertThrows(ConfigException.class, () -> read(env));
        assertEquals("MQTT_PORT", e.variable());
    }

    @Test
    void clientIdTooLong() {
        Map<String, String> env = complete();
        env.put("MQTT_CLIENT_ID", "x".repeat(65));
        ConfigException e = assertThrows(ConfigException.class, () -> read(env));
        assertEquals("MQTT_CLIENT_ID", e.variable());
        assertTrue(e.getMessage().contains("65 characters long; the maximum is 64"), e.getMessage());
        env.put("MQTT_CLIENT_ID", "x".repeat(64));
        assertEquals(64, read(env).clientId().length());
    }

    @Test
    void clientIdThatIsNoTopicLevel() {
        Map<String, String> env = complete();
        for (String id : new String[] {"a/b", "pub+1", "#"}) {
            env.put("MQTT_CLIENT_ID", id);
            ConfigException e = assertThrows(ConfigException.class, () -> read(env), id);
            assertEquals("MQTT_CLIENT_ID", e.variable());
            assertTrue(e.getMessage().contains("contains '/', '+' or '#'; it names the client's status topic"), e.getMessage());
        }
    }

    @Test
    void constructorValidatesToo() {
        Path p = Path.of("x");
        assertThrows(IllegalArgumentException.class, () -> new MqttSettings("", 8883, p, p, p, "c"));
        assertThrows(IllegalArgumentException.class, () -> new MqttSettings("a_b", 8883, p, p, p, "c"));
        assertThrows(IllegalArgumentException.class, () -> new MqttSettings("h", 0, p, p, p, "c"));
        assertThrows(IllegalArgumentException.class, () -> new MqttSettings("h", 8883, p, p, p, ""));
        assertThrows(IllegalArgumentException.class, () -> new MqttSettings("h", 8883, p, p, p, "a/b"));
        assertThrows(NullPointerException.class, () -> new MqttSettings("h", 8883, null, p, p, "c"));
    }

    @Test
    void ipv6LiteralIsBracketed() {
        Path p = Path.of("x");
        assertEquals("ssl://[::1]:8883", new MqttSettings("::1", 8883, p, p, p, "c").serverUri());
    }
}
