package io.securemqtt.systemtests;

import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.common.program.LogFormat;
import io.securemqtt.testing.Await;
import io.securemqtt.testing.MosquittoContainer;
import io.securemqtt.testing.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Mosquitto per test class, with a fresh PKI from our certgen:
 * {@code @RegisterExtension static final SecureBroker broker = new SecureBroker();}
 */
final class SecureBroker implements BeforeAllCallback, AfterAllCallback {

    private static final Duration LOG_WAIT = Duration.ofSeconds(5);

    private final String[] certgenOptions;
    private UnaryOperator<MosquittoContainer> configuration = UnaryOperator.identity();
    private Path pkiDir;
    private TestPki pki;
    private MosquittoContainer container;

    /** With certgen's defaults (EC P-256 keys). */
    SecureBroker() {
        this(new String[0]);
    }

    /** With a PKI made by certgen with these options, e.g. {@code "--key-type", "rsa-2048"}. */
    SecureBroker(String... certgenOptions) {
        this.certgenOptions = certgenOptions.clone();
    }

    /** With the broker container configured further before it starts, e.g. {@code MosquittoContainer::withCertificateReload}. */
    SecureBroker configured(UnaryOperator<MosquittoContainer> configuration) {
        this.configuration = configuration;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        LogFormat.TEXT.install(); // the clients' log lines as the programs print them
        pkiDir = Files.createTempDirectory("pki-");
        pki = TestPki.generate(pkiDir, certgenOptions);
        container = configuration.apply(new MosquittoContainer(pkiDir));
        container.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (container != null) {
            container.stop();
        }
        deleteRecursively(pkiDir);
    }

    TestPki pki() {
        return pki;
    }

    MosquittoContainer container() {
        return container;
    }

    /** Settings for {@code identity} with a client id of its own, so tests never share a session. */
    MqttSettings settings(String identity) {
        return settings(identity, identity + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    MqttSettings settings(String identity, String clientId) {
        return settings(container, pki, identity, clientId);
    }

    /** Connection settings for {@code identity} on {@code broker}, as its container's environment would give them. */
    static MqttSettings settings(MosquittoContainer broker, TestPki pki, String identity, String clientId) {
        return new MqttSettings(broker.mqttsHost(), broker.mqttsPort(), pki.ca(), pki.cert(identity), pki.key(identity), clientId);
    }

    /**
     * The environment a program (the shaded jar) needs to reach this broker as {@code identity}:
     * {@code MQTT_HOST}, {@code MQTT_PORT} and the identity's files. No {@code MQTT_CLIENT_ID}: the
     * program's default applies unless the test puts one. A mutable map, for a test to add to.
     */
    Map<String, String> programEnvironment(String identity) {
        return programEnvironment(container, pki, identity);
    }

    /** As {@link #programEnvironment(String)}, for another broker container. */
    static Map<String, String> programEnvironment(MosquittoContainer broker, TestPki pki, String identity) {
        Map<String, String> environment = pki.tlsEnvironment(identity);
        environment.put(MqttSettings.HOST, broker.mqttsHost());
        environment.put(MqttSettings.PORT, Integer.toString(broker.mqttsPort()));
        return environment;
    }

    String tlsUri() {
        return "ssl://" + container.mqttsHost() + ":" + container.mqttsPort();
    }

    /** Waits up to 5 s for the broker to log {@code fragment}; fails with the whole log otherwise. */
    void awaitLog(String fragment) {
        awaitLogAfter(0, fragment);
    }

    /** As {@link #awaitLog}, looking only at log lines after the first {@code skipLines}. */
    void awaitLogAfter(long skipLines, String fragment) {
        awaitLogLine(skipLines, line -> line.contains(fragment), "\"" + fragment + "\"");
    }

    /** As {@link #awaitLog}, for a line in which {@code pattern} is found (e.g. a message around a client's address). */
    void awaitLog(Pattern pattern) {
        awaitLogLine(0, line -> pattern.matcher(line).find(), "a line matching " + pattern);
    }

    private void awaitLogLine(long skipLines, Predicate<String> wanted, String what) {
        Await.until(() -> container.getLogs().lines().skip(skipLines).anyMatch(wanted), LOG_WAIT,
                () -> "the broker never logged " + what + "; its log:\n" + container.getLogs());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
