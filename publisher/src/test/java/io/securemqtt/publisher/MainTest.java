package io.securemqtt.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher's own configuration errors: one line on stderr and exit status 2. What every program
 * shares (MQTT_* variables, certificate and key files) is tested in common's ClientProgramTest.
 */
class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    private String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private Map<String, String> withPki() {
        Path pki = dir.resolve("pki");
        io.securemqtt.certgen.Main.generate(pki);
        Map<String, String> env = new HashMap<>();
        env.put("MQTT_CA_FILE", pki.resolve("ca.crt").toString());
        env.put("MQTT_CERT_FILE", pki.resolve("publisher.crt").toString());
        env.put("MQTT_KEY_FILE", pki.resolve("publisher.key").toString());
        return env;
    }

    @Test
    void badCatalogue() throws Exception {
        Map<String, String> env = withPki();
        Path catalogue = Files.writeString(dir.resolve("catalogue.json"), "[{\"newspaper\":\"as\"}]");
        env.put("CATALOGUE_FILE", catalogue.toString());
        assertEquals(2, Main.run(env));
        assertTrue(stderr().startsWith("configuration error: catalogue " + catalogue + " (CATALOGUE_FILE): entry 1 is missing field 'section'"),
                stderr());
    }
}
