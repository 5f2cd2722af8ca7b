package io.securemqtt.subscriber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.testing.CapturedStderr;
import io.securemqtt.testing.TestPki;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subscriber's own configuration errors: one line on stderr and exit status 2. What every program
 * shares (MQTT_* variables, certificate and key files) is tested in common's ClientProgramTest.
 */
class MainTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStderr stderr = new CapturedStderr();

    private Map<String, String> withPki() {
        return TestPki.generate(dir.resolve("pki")).tlsEnvironment("subscriber");
    }

    @Test
    void badTopicFilter() {
        Map<String, String> env = withPki();
        env.put("SUBSCRIBE_TOPICS", "articulos/fut#");
        assertEquals(2, Main.run(env));
        assertTrue(stderr.text().startsWith("configuration error: SUBSCRIBE_TOPICS: topic filter 'articulos/fut#' is invalid"), stderr.text());
    }
}
