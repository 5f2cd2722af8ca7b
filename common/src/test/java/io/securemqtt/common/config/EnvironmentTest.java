package io.securemqtt.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentTest {

    private static Environment env(String... keyValues) {
        java.util.HashMap<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return new Environment(map);
    }

    @Test
    void requiredReturnsTrimmedValue() {
        assertEquals("/certs/ca.crt", env("MQTT_CA_FILE", "  /certs/ca.crt ").required("MQTT_CA_FILE"));
    }

    @Test
    void requiredNamesMissingVariable() {
        ConfigException e = assertThrows(ConfigException.class, () -> env().required("MQTT_CA_FILE"));
        assertEquals("MQTT_CA_FILE", e.variable());
        assertEquals("MQTT_CA_FILE is not set; it is required", e.getMessage());
    }

    @Test
    void requiredSaysEmptyWhenSetToBlank() {
        ConfigException e = assertThrows(ConfigException.class, () -> env("MQTT_CA_FILE", " ").required("MQTT_CA_FILE"));
        assertEquals("MQTT_CA_FILE is empty; it is required", e.getMessage());
    }

    @Test
    void blankMeansDefault() {
        assertEquals("mosquitto", env("MQTT_HOST", "").string("MQTT_HOST", "mosquitto"));
        assertEquals(8883, env("MQTT_PORT", "  ").port("MQTT_PORT", 8883));
    }

    @Test
    void portParses() {
        assertEquals(18883, env("MQTT_PORT", "18883").port("MQTT_PORT", 8883));
        assertEquals(1, env("MQTT_PORT", "1").port("MQTT_PORT", 8883));
        assertEquals(65535, env("MQTT_PORT", "65535").port("MQTT_PORT", 8883));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "88 83", "8883.0", "-1"})
    void portRejectsNonNumbers(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> env("MQTT_PORT", value).port("MQTT_PORT", 8883));
        assertEquals("MQTT_PORT", e.variable());
        assertTrue(e.getMessage().startsWith("MQTT_PORT="), e.getMessage());
        assertTrue(e.getMessage().contains("1 to 65535"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "99999"})
    void portRejectsOutOfRange(String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> env("MQTT_PORT", value).port("MQTT_PORT", 8883));
        assertEquals("MQTT_PORT=" + value + " is out of range; expected a port from 1 to 65535", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "5s,PT5S", "2m,PT2M", "1h,PT1H", "5,PT5S", "10 s,PT10S"})
    void durationParses(String text, String expected) {
        assertEquals(Duration.parse(expected), env("PUBLISH_INTERVAL", text).positiveDuration("PUBLISH_INTERVAL", Duration.ofSeconds(3)));
    }

    @Test
    void durationDefault() {
        assertEquals(Duration.ofSeconds(3), env().positiveDuration("PUBLISH_INTERVAL", Duration.ofSeconds(3)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "5x", "-5s", "1.5s", "s", "PT5S", "99999999999s"})
    void durationRejectsMalformed(String value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> env("PUBLISH_INTERVAL", value).positiveDuration("PUBLISH_INTERVAL", Duration.ofSeconds(3)));
        assertEquals("PUBLISH_INTERVAL", e.variable());
        assertTrue(e.getMessage().startsWith("PUBLISH_INTERVAL='" + value + "' is not a duration"), e.getMessage());
        assertTrue(e.getMessage().contains("500ms"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "0ms"})
    void durationRejectsZero(String value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> env("PUBLISH_INTERVAL", value).positiveDuration("PUBLISH_INTERVAL", Duration.ofSeconds(3)));
        assertEquals("PUBLISH_INTERVAL='" + value + "' must be greater than zero", e.getMessage());
    }

    @Test
    void listSplitsOnCommasAndTrims() {
        assertEquals(List.of("a/+/futbol", "b/#"),
                env("SUBSCRIBE_TOPICS", " a/+/futbol , b/#,").list("SUBSCRIBE_TOPICS", List.of("x")));
        assertEquals(List.of("x"), env().list("SUBSCRIBE_TOPICS", List.of("x")));
    }

    @Test
    void listRejectsOnlyCommas() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> env("SUBSCRIBE_TOPICS", ", ,").list("SUBSCRIBE_TOPICS", List.of("x")));
        assertEquals("SUBSCRIBE_TOPICS", e.variable());
    }

    @Test
    void pathsParse() {
        assertEquals(Path.of("/certs/ca.crt"), env("MQTT_CA_FILE", "/certs/ca.crt").requiredPath("MQTT_CA_FILE"));
        assertTrue(env().optionalPath("CATALOGUE_FILE").isEmpty());
    }

    @Test
    void pathRejectsNul() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> env("CATALOGUE_FILE", "/a\u0000b").optionalPath("CATALOGUE_FILE"));
        assertEquals("CATALOGUE_FILE", e.variable());
    }

    @Test
    void copiesTheMap() {
        java.util.HashMap<String, String> map = new java.util.HashMap<>(Map.of("A", "1"));
        Environment environment = new Environment(map);
        map.put("A", "2");
        assertEquals("1", environment.required("A"));
    }
}
