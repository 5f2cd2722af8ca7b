package io.securemqtt.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.testing.CapturedStderr;
import io.securemqtt.testing.TestPki;

/**
 * The exporter's own variables, and its configuration errors: one line on stderr naming the
 * variable, exit status 2. What every program shares is tested in common's ClientProgramTest.
 */
class ExporterConfigTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStderr stderr = new CapturedStderr();

    private Map<String, String> withPki() {
        return TestPki.generate(dir.resolve("pki")).tlsEnvironment("exporter");
    }

    @Test
    void defaultsAreWhereComposeDeliversTheBrokersPublicFiles() throws Exception {
        ExporterConfig config = ExporterConfig.fromEnvironment(withPki());
        assertEquals(Path.of("/certs/server.crt"), config.brokerCertFile());
        assertEquals(Path.of("/certs/crl.pem"), config.crlFile());
        String suffix = Files.readString(dir.resolve("pki/exporter.clientid")).strip();
        assertEquals("exporter-" + suffix, config.mqtt().clientId(), "the identity's secret suffix");
    }

    @Test
    void filesAreTakenFromTheirVariables() {
        Map<String, String> env = withPki();
        env.put("BROKER_CERT_FILE", "/elsewhere/broker.pem");
        env.put("CRL_FILE", "/elsewhere/crl.pem");
        ExporterConfig config = ExporterConfig.fromEnvironment(env);
        assertEquals(Path.of("/elsewhere/broker.pem"), config.brokerCertFile());
        assertEquals(Path.of("/elsewhere/crl.pem"), config.crlFile());
    }

    @Test
    void anInvalidPathNamesItsVariable() {
        Map<String, String> env = withPki();
        env.put("CRL_FILE", "/certs/crl\0.pem");
        assertEquals(2, Main.run(env));
        assertTrue(stderr.text().startsWith("configuration error: CRL_FILE='/certs/crl\0.pem' is not a valid file path"), stderr.text());
    }

    @Test
    void aMissingMqttVariableNamesIt() {
        Map<String, String> env = withPki();
        env.remove("MQTT_KEY_FILE");
        assertEquals(2, Main.run(env));
        assertTrue(stderr.text().startsWith("configuration error: MQTT_KEY_FILE is not set"), stderr.text());
    }
}
