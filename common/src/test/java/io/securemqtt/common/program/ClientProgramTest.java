package io.securemqtt.common.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.testing.CapturedStderr;
import io.securemqtt.testing.LoopbackPort;
import io.securemqtt.testing.RawHttp;
import io.securemqtt.testing.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.BrokerConnectionException;
import io.securemqtt.common.mqtt.BrokerException;
import io.securemqtt.common.mqtt.ClientCredentials;
import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.common.testing.RecordedLog;
import io.securemqtt.common.tls.TlsMaterialException;

/**
 * The life cycle both programs share, run with the publisher's identity: the start-up errors an
 * operator meets first (one line on stderr, exit status 2), the stop on request (0) and the refusal
 * for good (1), with the lines each logs.
 */
class ClientProgramTest {

    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStderr stderr = new CapturedStderr();

    private final RecordedLog log = new RecordedLog("Main");

    private final GracefulShutdown shutdown = new GracefulShutdown();
    private final AtomicInteger shutdownsInstalled = new AtomicInteger();

    @BeforeAll
    static void generatePki() {
        io.securemqtt.certgen.Main.generate(pki);
    }

    private static Map<String, String> publisherEnvironment() {
        return new TestPki(pki).tlsEnvironment("publisher");
    }

    /** Runs the life cycle as the publisher would, with {@code connect} in place of a broker. */
    private int run(Map<String, String> environment, Supplier<ClientProgram.Connection> connect) {
        ClientProgram.Configuration configuration = monitoring -> new ClientProgram.Plan(
                ClientCredentials.load(MqttSettings.fromEnvironment(new Environment(environment), "publisher")), "interval=3000ms", connect);
        Supplier<GracefulShutdown> installShutdown = () -> {
            shutdownsInstalled.incrementAndGet();
            return shutdown;
        };
        return ClientProgram.run("publisher", log.logger(), new Monitoring(), Optional::empty, configuration, installShutdown,
                new StartupRetry(Duration.ofMillis(1), Duration.ofMillis(4)));
    }

    private int run(Supplier<ClientProgram.Connection> connect) {
        return run(publisherEnvironment(), connect);
    }

    private static Supplier<ClientProgram.Connection> neverCalled() {
        return () -> {
            throw new AssertionError("connect must not be called");
        };
    }

    /** Whatever the outcome, the shutdown hook must not be left waiting for a cleanup that is over. */
    private void assertShutdownHookReleased() {
        assertTimeoutPreemptively(Duration.ofSeconds(1), shutdown::onSignal);
    }

    // --- configuration errors -----------------------------------------------------------------

    @Test
    void missingVariable() {
        assertEquals(2, run(Map.of(), neverCalled()));
        assertEquals("configuration error: MQTT_CA_FILE is not set; it is required\n", stderr.text());
        assertEquals(List.of(), log.lines());
        assertEquals(0, shutdownsInstalled.get(), "a program that exits with status 2 leaves no shutdown hook behind");
    }

    @Test
    void missingCertificateFile() {
        Map<String, String> env = publisherEnvironment();
        env.put("MQTT_CERT_FILE", dir.resolve("nope.crt").toString());
        assertEquals(2, run(env, neverCalled()));
        assertTrue(stderr.text().startsWith("configuration error: certificate file " + dir.resolve("nope.crt") + " (MQTT_CERT_FILE) does not exist"),
                stderr.text());
    }

    @Test
    void keyOfAnotherIdentity() {
        Map<String, String> env = publisherEnvironment();
        env.put("MQTT_KEY_FILE", pki.resolve("subscriber.key").toString());
        assertEquals(2, run(env, neverCalled()));
        assertTrue(stderr.text().contains("(MQTT_KEY_FILE) does not belong to certificate 'CN=publisher'"), stderr.text());
    }

    @Test
    void programsOwnVariable() {
        ClientProgram.Configuration configuration = monitoring -> {
            throw new ConfigException("CATALOGUE_FILE", "catalogue x.json (CATALOGUE_FILE) does not exist") { };
        };
        assertEquals(2, ClientProgram.run("publisher", log.logger(), new Monitoring(), Optional::empty, configuration,
                () -> shutdown, StartupRetry.withDefaults()));
        assertEquals("configuration error: catalogue x.json (CATALOGUE_FILE) does not exist\n", stderr.text());
    }

    @Test
    void certificateFileThatBreaksWhileConnecting() {
        TlsMaterialException broken = new TlsMaterialException(pki.resolve("publisher.crt"), "certificate file is damaged");
        assertEquals(2, run(() -> {
            throw broken;
        }));
        assertEquals("configuration error: certificate file is damaged\n", stderr.text());
        assertShutdownHookReleased();
    }

    // --- running and stopping -----------------------------------------------------------------

    @Test
    void runsUntilAStopIsRequestedThenCloses() {
        AtomicInteger closed = new AtomicInteger();
        int status = run(() -> {
            shutdown.request(); // as SIGTERM would, once connected
            return closed::incrementAndGet;
        });
        assertEquals(0, status);
        assertEquals(1, closed.get());
        assertEquals(List.of(
                "INFO publisher starting: broker=ssl://mosquitto:8883 clientId=publisher interval=3000ms",
                "INFO publisher stopped"), log.lines());
        assertEquals("", stderr.text());
        assertShutdownHookReleased();
    }

    @Test
    void retriesWhileTheBrokerCannotBeReached() {
        AtomicInteger attempts = new AtomicInteger();
        int status = run(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new BrokerConnectionException("connection refused", null, true);
            }
            shutdown.request();
            return () -> { };
        });
        assertEquals(0, status);
        assertEquals(3, attempts.get());
    }

    @Test
    void stopRequestedBeforeTheBrokerIsReachable() {
        int status = run(() -> {
            shutdown.request();
            throw new BrokerConnectionException("connection refused", null, true);
        });
        assertEquals(0, status);
        assertFalse(log.lines().contains("INFO publisher stopped"), "nothing was started, so nothing stopped");
        assertShutdownHookReleased();
    }

    @Test
    void interruptedWhileRunningCloses() {
        AtomicInteger closed = new AtomicInteger();
        int status = run(() -> {
            Thread.currentThread().interrupt();
            return closed::incrementAndGet;
        });
        assertTrue(Thread.interrupted(), "the interrupt is kept for whoever called run");
        assertEquals(1, status);
        assertEquals(1, closed.get());
    }

    // --- refused for good ---------------------------------------------------------------------

    @Test
    void refusedConnection() {
        int status = run(() -> {
            throw new BrokerConnectionException("cannot connect: the broker refused us: not authorized", null, false);
        });
        assertEquals(1, status);
        assertEquals("ERROR cannot connect: the broker refused us: not authorized", log.lines().get(log.lines().size() - 1));
        assertEquals("", stderr.text());
        assertShutdownHookReleased();
    }

    @Test
    void anyOtherRefusalOfTheBroker() {
        // e.g. the subscriber's SubscriptionException
        int status = run(() -> {
            throw new BrokerException("broker refused subscription to 'articulos/#'", null) { };
        });
        assertEquals(1, status);
        assertEquals("ERROR broker refused subscription to 'articulos/#'", log.lines().get(log.lines().size() - 1));
    }

    // --- /health and /metrics -----------------------------------------------------------------

    /** Runs the life cycle with the environment, as a program that hands it over does. */
    private int runMonitored(Map<String, String> environment, ClientProgram.Configuration configuration) {
        return ClientProgram.run("publisher", log.logger(), environment, configuration, () -> {
            shutdownsInstalled.incrementAndGet();
            return shutdown;
        }, new StartupRetry(Duration.ofMillis(1), Duration.ofMillis(4)));
    }


    /** {@code GET path} on localhost, as {@code "status body"}. */
    private static String get(int port, String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void servesHealthAndMetricsFromConfigurationToStop() throws Exception {
        int port = LoopbackPort.free();
        Map<String, String> env = publisherEnvironment();
        env.put("HTTP_PORT", Integer.toString(port));
        List<String> seen = new ArrayList<>();
        int status = runMonitored(env, monitoring -> new ClientProgram.Plan(
                ClientCredentials.load(MqttSettings.fromEnvironment(new Environment(env), "publisher")), "interval=3000ms", () -> {
                    seen.add(get(port, "/health"));
                    monitoring.connection().connected(false, "ssl://mosquitto:8883"); // as the client's callback would
                    seen.add(get(port, "/health"));
                    seen.add(get(port, "/metrics"));
                    shutdown.request();
                    return () -> { };
                }));

        assertEquals(0, status);
        assertEquals("503 not connected: not connected yet, starting 0 s ago\n", seen.get(0));
        assertEquals("200 connected to ssl://mosquitto:8883 for 0 s\n", seen.get(1));
        assertTrue(seen.get(2).startsWith("200 "), seen.get(2));
        assertTrue(seen.get(2).contains("\nmqtt_connected 1.0\n"), seen.get(2));
        // certgen's default: 365 days
        assertTrue(seen.get(2).lines().anyMatch(line -> line.matches("mqtt_client_certificate_days_left 36[45]\\..*")), seen.get(2));
        assertEquals(List.of(
                "INFO publisher starting: broker=ssl://mosquitto:8883 clientId=publisher interval=3000ms",
                "INFO publisher serving /health and /metrics on port " + port + " for hosts [localhost, 127.0.0.1, [::1]]",
                "INFO publisher stopped"), log.lines());
        assertThrows(UncheckedIOException.class, () -> get(port, "/health"), "the server stops with the program");
        assertShutdownHookReleased();
    }

    @Test
    void httpPortZeroServesNothing() {
        Map<String, String> env = publisherEnvironment();
        env.put("HTTP_PORT", "0");
        int status = runMonitored(env, monitoring -> new ClientProgram.Plan(
                ClientCredentials.load(MqttSettings.fromEnvironment(new Environment(env), "publisher")), "interval=3000ms", () -> {
                    shutdown.request();
                    return () -> { };
                }));
        assertEquals(0, status);
        assertEquals(List.of(
                "INFO publisher starting: broker=ssl://mosquitto:8883 clientId=publisher interval=3000ms",
                "INFO publisher stopped"), log.lines());
    }

    @Test
    void badHttpPortIsAConfigurationError() {
        Map<String, String> env = publisherEnvironment();
        env.put("HTTP_PORT", "eighty");
        assertEquals(2, runMonitored(env, monitoring -> {
            throw new AssertionError("HTTP_PORT is read first");
        }));
        assertEquals("configuration error: HTTP_PORT='eighty' is not a port number; expected an integer from 1 to 65535, "
                + "or 0 to turn the HTTP server off\n", stderr.text());
        assertEquals(0, shutdownsInstalled.get());
    }

    @Test
    void badHttpAllowedHostsIsAConfigurationError() {
        Map<String, String> env = publisherEnvironment();
        env.put("HTTP_ALLOWED_HOSTS", "publisher:8080");
        assertEquals(2, runMonitored(env, monitoring -> {
            throw new AssertionError("HTTP_ALLOWED_HOSTS is read first");
        }));
        assertEquals("configuration error: HTTP_ALLOWED_HOSTS='publisher:8080' has 'publisher:8080', which is not a host name"
                + " or IP address; expected comma-separated names without scheme, port or wildcard, e.g. subscriber,monitoring.example"
                + " (IPv6 in brackets: [fd00::1])\n", stderr.text());
        assertEquals(0, shutdownsInstalled.get());
    }

    @Test
    void servesTheHostsOfHttpAllowedHostsAndHostname() throws Exception {
        int port = LoopbackPort.free();
        Map<String, String> env = publisherEnvironment();
        env.put("HTTP_PORT", Integer.toString(port));
        env.put("HTTP_ALLOWED_HOSTS", "publisher");
        env.put("HOSTNAME", "0123456789ab");
        List<String> seen = new ArrayList<>();
        int status = runMonitored(env, monitoring -> new ClientProgram.Plan(
                ClientCredentials.load(MqttSettings.fromEnvironment(new Environment(env), "publisher")), "interval=3000ms", () -> {
                    for (String host : List.of("publisher:" + port, "0123456789ab:" + port, "localhost:" + port, "subscriber:" + port)) {
                        String answer = RawHttp.get(port, "/health", host);
                        seen.add(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
                    }
                    shutdown.request();
                    return () -> { };
                }));
        assertEquals(0, status);
        assertEquals(List.of("503", "503", "503", "421"), seen, "not connected, so 503 for every name of ours");
        assertEquals("INFO publisher serving /health and /metrics on port " + port + " for hosts [localhost, 127.0.0.1, [::1], 0123456789ab, publisher]",
                log.lines().get(1));
    }

    @Test
    void httpPortInUseIsAConfigurationError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, String> env = publisherEnvironment();
            env.put("HTTP_PORT", Integer.toString(taken.getLocalPort()));
            assertEquals(2, runMonitored(env, monitoring -> new ClientProgram.Plan(
                    ClientCredentials.load(MqttSettings.fromEnvironment(new Environment(env), "publisher")), "interval=3000ms", neverCalled())));
            String expected = "configuration error: HTTP_PORT=" + taken.getLocalPort() + ": cannot listen on port " + taken.getLocalPort() + ": ";
            assertTrue(stderr.text().startsWith(expected), stderr.text());
            assertTrue(stderr.text().endsWith("; choose a free port, or 0 to turn the HTTP server off\n"), stderr.text());
            assertEquals(1, stderr.text().lines().count());
            assertEquals(0, shutdownsInstalled.get());
        }
    }

    @Test
    void configurationErrorsOfTheProgramComeBeforeTheServer() throws Exception {
        int port = LoopbackPort.free();
        Map<String, String> env = publisherEnvironment();
        env.put("HTTP_PORT", Integer.toString(port));
        env.remove("MQTT_CA_FILE");
        assertEquals(2, runMonitored(env, monitoring -> new ClientProgram.Plan(
                ClientCredentials.load(MqttSettings.fromEnvironment(new Environment(env), "publisher")), "interval=3000ms", neverCalled())));
        assertEquals("configuration error: MQTT_CA_FILE is not set; it is required\n", stderr.text());
        assertThrows(UncheckedIOException.class, () -> get(port, "/health"));
    }
}
