package io.securemqtt.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.testing.CapturedStderr;
import io.securemqtt.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher's own configuration errors: one line on stderr and exit status 2. What every program
 * shares (MQTT_* variables, certificate and key files) is tested in common's ClientProgramTest.
 */
class MainTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStderr stderr = new CapturedStderr();

    private Map<String, String> withPki() {
        return TestPki.generate(dir.resolve("pki")).tlsEnvironment("publisher");
    }

    @Test
    void badCatalogue() throws Exception {
        Map<String, String> env = withPki();
        Path catalogue = Files.writeString(dir.resolve("catalogue.json"), "[{\"newspaper\":\"as\"}]");
        env.put("CATALOGUE_FILE", catalogue.toString());
        assertEquals(2, Main.run(env));
        assertTrue(stderr.text().startsWith("configuration error: catalogue " + catalogue + " (CATALOGUE_FILE): entry 1 is missing field 'section'"),
                stderr.text());
    }
}
