package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securemqtt.certgen.store.PemFiles;
import io.securemqtt.testing.LoopbackPort;
import io.securemqtt.testing.TestPki;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's contract for start-up, checked on the real shaded programs: a missing or invalid
 * variable stops the program with exit code 2 and one line {@code configuration error: ...} on
 * stderr naming the variable; an unusable key or certificate, with a line naming the file.
 *
 * <p>Each case changes one thing in a configuration that works, and the control cases show that
 * the unchanged configuration gets past start-up, so an exit 2 here is caused by that one change.
 * No broker is needed: every check happens before the first connection attempt.
 */
class ProgramConfigurationTest {

    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path files;

    private static TestPki pki;
    /** A port nobody listens on: a working configuration keeps retrying there instead of exiting. */
    private static int closedPort;

    @BeforeAll
    static void writeFiles() throws Exception {
        pki = TestPki.generate(files.resolve("pki"));
        Files.write(files.resolve("garbage.key"), randomBytes(512));
        Files.createDirectory(files.resolve("a-directory"));
        for (ShadedProgram program : ShadedProgram.values()) {
            writeEncrypted(pki.key(program.identity()), files.resolve("encrypted-" + program.identity() + ".key"));
        }
        closedPort = LoopbackPort.free();
    }

    /**
     * One change to a working configuration, and what stderr must then say. In values and
     * expectations, {@code {files}} is this class's directory, {@code {self}} the program's identity
     * and {@code {other}} the other program's.
     *
     * @param value the new value, or null to unset the variable
     */
    record Change(String variable, String value, String expected) {

        @Override
        public String toString() {
            return variable + (value == null ? " unset" : "=" + value);
        }
    }

    static Stream<Arguments> misconfigurations() {
        List<Change> common = List.of(
                new Change("MQTT_CA_FILE", null, "MQTT_CA_FILE is not set; it is required"),
                new Change("MQTT_CERT_FILE", null, "MQTT_CERT_FILE is not set; it is required"),
                new Change("MQTT_KEY_FILE", null, "MQTT_KEY_FILE is not set; it is required"),
                new Change("MQTT_PORT", "abc", "MQTT_PORT='abc' is not a port number"),
                new Change("MQTT_PORT", "0", "MQTT_PORT=0 is out of range"),
                new Change("MQTT_PORT", "70000", "MQTT_PORT=70000 is out of range"),
                new Change("MQTT_HOST", "bad_host", "MQTT_HOST='bad_host' contains '_'"),
                new Change("MQTT_KEY_FILE", "{files}/pki/{other}.key",
                        "{files}/pki/{other}.key (MQTT_KEY_FILE) does not belong to certificate 'CN={self}'"),
                new Change("MQTT_KEY_FILE", "{files}/garbage.key", "{files}/garbage.key (MQTT_KEY_FILE) contains no PEM data"),
                new Change("MQTT_KEY_FILE", "{files}/encrypted-{self}.key",
                        "{files}/encrypted-{self}.key (MQTT_KEY_FILE) is encrypted with a passphrase"),
                new Change("MQTT_CA_FILE", "{files}/a-directory", "{files}/a-directory (MQTT_CA_FILE) is a directory"),
                new Change("MQTT_CERT_FILE", "{files}/missing.crt", "{files}/missing.crt (MQTT_CERT_FILE) does not exist"),
                new Change("LOG_FORMAT", "xml", "LOG_FORMAT='xml' is not a log format; use text or json"),
                new Change("HTTP_PORT", "http", "HTTP_PORT='http' is not a port number"));
        Stream<Arguments> both = Stream.of(ShadedProgram.values())
                .flatMap(program -> common.stream().map(change -> Arguments.of(program, change)));
        Stream<Arguments> publisherOnly = Stream.of(
                        new Change("PUBLISH_INTERVAL", "-1s", "PUBLISH_INTERVAL='-1s' is not a duration"),
                        new Change("PUBLISH_INTERVAL", "soon", "PUBLISH_INTERVAL='soon' is not a duration"))
                .map(change -> Arguments.of(ShadedProgram.PUBLISHER, change));
        Stream<Arguments> subscriberOnly = Stream.of(
                        new Change("SUBSCRIBE_TOPICS", "articulos/#/x", "SUBSCRIBE_TOPICS: topic filter 'articulos/#/x' is invalid"))
                .map(change -> Arguments.of(ShadedProgram.SUBSCRIBER, change));
        return Stream.of(both, publisherOnly, subscriberOnly).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("misconfigurations")
    void refusesToStart(ShadedProgram program, Change change) throws Exception {
        Map<String, String> environment = workingEnvironment(program);
        if (change.value() == null) {
            environment.remove(change.variable());
        } else {
            environment.put(change.variable(), resolve(change.value(), program));
        }

        ShadedProgram.Finished run = program.run(environment, files, PROCESS_TIMEOUT);

        assertEquals(2, run.exitCode(), run.describe());
        String stderr = run.stderr().strip();
        assertEquals(1, stderr.lines().count(), "exactly one line on stderr; " + run.describe());
        assertTrue(stderr.startsWith("configuration error: "), run.describe());
        assertTrue(stderr.contains(resolve(change.expected(), program)),
                "stderr should say \"" + resolve(change.expected(), program) + "\"; " + run.describe());
    }

    /** The control: what every case above starts from gets past start-up and retries the broker. */
    @ParameterizedTest
    @EnumSource(ShadedProgram.class)
    void workingConfigurationStartsAndWaitsForTheBroker(ShadedProgram program) throws Exception {
        try (ShadedProgram.Running running = program.start(workingEnvironment(program), files)) {
            running.awaitStdout("broker not reachable (attempt 1)", PROCESS_TIMEOUT);
            assertTrue(running.isAlive(), "a broker that is not up yet is worth waiting for, not an exit");
            assertFalse(running.stderr().contains("configuration error"), running.stderr());
        }
    }

    /** LOG_FORMAT=json: every line the program prints is one JSON object. */
    @ParameterizedTest
    @EnumSource(ShadedProgram.class)
    void jsonLogFormatPrintsOneObjectPerLine(ShadedProgram program) throws Exception {
        Map<String, String> environment = workingEnvironment(program);
        environment.put("LOG_FORMAT", "json");
        try (ShadedProgram.Running running = program.start(environment, files)) {
            running.awaitStdout("broker not reachable (attempt 1)", PROCESS_TIMEOUT);
            List<String> lines = running.stdout().lines().toList();
            assertTrue(lines.size() >= 2, running.stdout());
            ObjectMapper json = new ObjectMapper();
            for (String line : lines) {
                JsonNode event = json.readTree(line);
                assertTrue(event.hasNonNull("time") && event.hasNonNull("level") && event.hasNonNull("message"), line);
            }
            assertTrue(lines.get(0).contains("\"message\":\"" + program.identity() + " starting: "), lines.get(0));
        }
    }

    /** Everything a program needs to start, pointing at a broker that is not there (yet). */
    private static Map<String, String> workingEnvironment(ShadedProgram program) {
        Map<String, String> environment = pki.tlsEnvironment(program.identity());
        environment.put("MQTT_HOST", "localhost");
        environment.put("MQTT_PORT", Integer.toString(closedPort));
        // No HTTP server: the default 8080 may be taken on the test host, and this test is about MQTT_* variables.
        environment.put("HTTP_PORT", "0");
        return environment;
    }

    private static String resolve(String template, ShadedProgram program) {
        ShadedProgram other = program == ShadedProgram.PUBLISHER ? ShadedProgram.SUBSCRIBER : ShadedProgram.PUBLISHER;
        return template.replace("{files}", files.toString())
                .replace("{self}", program.identity())
                .replace("{other}", other.identity());
    }

    /** Seeded, so a failure can be reproduced byte for byte. */
    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    /**
     * The identity's own key, encrypted as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} would write it
     * ({@code -----BEGIN ENCRYPTED PRIVATE KEY-----}): a real key, so the only fault is the encryption.
     */
    private static void writeEncrypted(Path plainKey, Path encryptedKey) throws IOException {
        PrivateKey key = PemFiles.readPrivateKey(plainKey);
        try (Writer out = Files.newBufferedWriter(encryptedKey); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setPassword("secret".toCharArray())
                    .setRandom(new SecureRandom())
                    // The JDK has no "AES/CBC/PKCS7Padding"; BouncyCastle is handed over, never registered in this JVM.
                    .setProvider(new BouncyCastleProvider())
                    .build()));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot encrypt the test key", e);
        }
    }
}
