package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.testing.Await;
import io.securemqtt.testing.LoopbackPort;
import io.securemqtt.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP surface of the real subscriber jar, run as its container runs it, over raw sockets: the
 * Host allow-list (DNS rebinding), nosniff, the container healthcheck, and the JDK server's limits,
 * which the program sets as system properties before its server starts: a request that trickles in
 * is cut off, and connections past the cap are closed at once.
 */
class HttpSurfaceTest {

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    /** Far above any limit under test: what fails is a limit that does not act at all. */
    private static final Duration BOUND = Duration.ofSeconds(60);
    /** jdk.httpserver.maxConnections as the programs set it (common's JdkHttpServerLimits). */
    private static final int MAX_CONNECTIONS = 64;

    @TempDir
    static Path workDir;

    private static ShadedProgram.Running subscriber;
    private static int port;

    @BeforeAll
    static void startSubscriber() throws Exception {
        port = LoopbackPort.free();
        Map<String, String> environment = broker.programEnvironment("subscriber");
        environment.put("MQTT_CLIENT_ID", "subscriber-http-surface");
        environment.put("HTTP_PORT", Integer.toString(port));
        environment.put("HOSTNAME", "0123456789ab");
        environment.put("HTTP_ALLOWED_HOSTS", "subscriber");
        subscriber = ShadedProgram.SUBSCRIBER.start(environment, workDir);
        subscriber.awaitStdout("serving /health and /metrics on port " + port
                + " for hosts [localhost, 127.0.0.1, [::1], 0123456789ab, subscriber]", Duration.ofSeconds(30));
        Await.until(() -> get("/health", "localhost").startsWith("HTTP/1.1 200 "), BOUND, "the subscriber never connected");
    }

    @AfterAll
    static void stopSubscriber() throws InterruptedException {
        if (subscriber != null) {
            subscriber.close();
        }
    }

    @Test
    void theContainerHealthcheckPasses() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder probe = new ProcessBuilder(java.toString(), "-cp", ShadedProgram.SUBSCRIBER.jar().toString(),
                "io.securemqtt.common.monitoring.HealthProbe").redirectErrorStream(true);
        probe.environment().clear();
        probe.environment().putAll(Map.of("HTTP_PORT", Integer.toString(port), "HOSTNAME", "0123456789ab"));
        Process process = probe.start();
        assertTrue(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS), "the probe never ended");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.startsWith("200 connected to " + broker.tlsUri() + " for "), output);
    }

    @Test
    void onlyOurOwnNamesAreServedAndEveryAnswerSaysNosniff() {
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "subscriber:8080", "0123456789ab:8080")) {
            String answer = get("/metrics", host);
            assertTrue(answer.startsWith("HTTP/1.1 200 "), host + ": " + answer);
            assertTrue(answer.contains("\r\nX-content-type-options: nosniff\r\n"), answer);
        }
        for (String path : List.of("/", "/page.js", "/figures", "/nothing-here", "/health")) {
            assertTrue(get(path, "localhost").contains("\r\nX-content-type-options: nosniff\r\n"), path);
        }
        // What a page served by a rebound name, e.g. http://rebind.example:<port>/ resolving to 127.0.0.1, would ask.
        for (String path : List.of("/events", "/figures", "/metrics", "/health", "/")) {
            String answer = get(path, "rebind.example:" + port);
            assertTrue(answer.startsWith("HTTP/1.1 421 "), path + ": " + answer);
            assertTrue(answer.contains("\r\nX-content-type-options: nosniff\r\n"), answer);
            assertFalse(answer.contains("articles") || answer.contains("mqtt_"), answer);
        }
        String escape = "rebind\u001b[2J.example";
        assertTrue(get("/metrics", escape).startsWith("HTTP/1.1 4"), "refused (421 by us, or 400 by a JDK that checks Host itself)");
        Await.until(() -> subscriber.stdout().contains("HTTP request refused: Host \"rebind.example:" + port + "\" is not a name of ours"),
                BOUND, "the refusal was never logged");
        assertFalse(subscriber.stdout().contains("\u001b"), "an escape sequence reached the log");
    }

    @Test
    void aRequestSentAByteAtATimeIsCutOff() {
        try (RawHttp slow = new RawHttp(port)) {
            int sent = slow.trickleUntilClosed("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ", Duration.ofMillis(500), BOUND);
            assertTrue(sent > 1, "the connection was open to begin with");
            assertEquals("", slow.readToEnd(), "closed without an answer");
        }
        assertTrue(get("/health", "localhost").startsWith("HTTP/1.1 200 "));
    }

    /**
     * The page's event stream lasts longer than every time limit of the server: the request's
     * (10 s), the handler's (10 s), and whatever the JDK would count for a response. Its first
     * heartbeat comes after 15 s without an article, on a connection still open.
     */
    @Test
    void theEventStreamOutlivesTheServersTimeLimits() {
        try (RawHttp events = new RawHttp(port)) {
            events.send("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
            String received = events.readUntil(": keep-alive"); // each read bounded by RawHttp's read timeout
            assertTrue(received.startsWith("HTTP/1.1 200 "), received);
        }
    }

    @Test
    void connectionsPastTheCapAreClosedAtOnce() {
        List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                open.add(new RawHttp(port));
            }
            try (RawHttp onePastTheCap = new RawHttp(port)) {
                onePastTheCap.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertEquals("", onePastTheCap.readToEnd(), "closed without an answer");
            }
        } finally {
            open.forEach(RawHttp::close);
        }
        Await.until(() -> get("/health", "localhost").startsWith("HTTP/1.1 200 "), BOUND,
                "/health never answered again once the connections were closed");
    }

    /** {@code GET path} for {@code host} with {@code Connection: close}: the whole answer. */
    private static String get(String path, String host) {
        return RawHttp.get(port, path, host);
    }
}
