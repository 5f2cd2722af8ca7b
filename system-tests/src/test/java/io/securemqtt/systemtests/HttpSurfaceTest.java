package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("MQTT_HOST", broker.container().mqttsHost());
        environment.put("MQTT_PORT", Integer.toString(broker.container().mqttsPort()));
        environment.put("MQTT_CA_FILE", broker.pki().ca().toString());
        environment.put("MQTT_CERT_FILE", broker.pki().cert("subscriber").toString());
        environment.put("MQTT_KEY_FILE", broker.pki().key("subscriber").toString());
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
        for (String path : List.of("/", "/page.js", "/nothing-here", "/health")) {
            assertTrue(get(path, "localhost").contains("\r\nX-content-type-options: nosniff\r\n"), path);
        }
        // What a page served by a rebound name, e.g. http://rebind.example:<port>/ resolving to 127.0.0.1, would ask.
        for (String path : List.of("/events", "/metrics", "/health", "/")) {
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
    void aRequestSentAByteAtATimeIsCutOff() throws Exception {
        try (Socket slow = connect()) {
            byte[] request = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            int[] sent = {0};
            long[] lastByte = {0};
            Await.until(() -> {
                if (System.nanoTime() - lastByte[0] < Duration.ofMillis(500).toNanos()) {
                    return false;
                }
                lastByte[0] = System.nanoTime();
                return !sendByteIfOpen(slow, sent[0] < request.length ? request[sent[0]++] : 'a');
            }, BOUND, "the subscriber never closed a connection whose request arrived a byte every 500 ms");
            assertTrue(sent[0] > 1, "the connection was open to begin with");
            assertEquals("", readToEnd(slow), "closed without an answer");
        }
        assertTrue(get("/health", "localhost").startsWith("HTTP/1.1 200 "));
    }

    /**
     * The page's event stream lasts longer than every time limit of the server: the request's
     * (10 s), the handler's (10 s), and whatever the JDK would count for a response. Its first
     * heartbeat comes after 15 s without an article, on a connection still open.
     */
    @Test
    void theEventStreamOutlivesTheServersTimeLimits() throws Exception {
        try (Socket events = connect()) {
            events.getOutputStream().write("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder received = new StringBuilder();
            InputStream in = events.getInputStream();
            byte[] buffer = new byte[8192];
            while (!received.toString().contains(": keep-alive")) {
                int n = in.read(buffer); // bounded by the socket's read timeout, BOUND
                assertTrue(n != -1, "the stream ended before its first heartbeat: " + received);
                received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            assertTrue(received.toString().startsWith("HTTP/1.1 200 "), received.toString());
        }
    }

    @Test
    void connectionsPastTheCapAreClosedAtOnce() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                open.add(connect());
            }
            try (Socket onePastTheCap = connect()) {
                onePastTheCap.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("", readToEnd(onePastTheCap), "closed without an answer");
            }
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
        Await.until(() -> get("/health", "localhost").startsWith("HTTP/1.1 200 "), BOUND,
                "/health never answered again once the connections were closed");
    }

    // --- HTTP by hand: java.net.http will not send another Host, half a request or a byte at a time ---

    private static Socket connect() {
        try {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout((int) BOUND.toMillis());
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET path} for {@code host} with {@code Connection: close}: the whole answer. */
    private static String get(String path, String host) {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return readToEnd(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything until the server closes; empty if it closed without a byte. */
    private static String readToEnd(Socket socket) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) != -1; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // closed by the server: what came before is the answer
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends one byte; false once the server has closed the connection (end of stream or reset). */
    private static boolean sendByteIfOpen(Socket socket, int b) {
        try {
            socket.setSoTimeout(1);
            try {
                int answer = socket.getInputStream().read();
                if (answer != -1) {
                    throw new AssertionError("the server answered instead of closing: " + (char) answer);
                }
                return false;
            } catch (SocketTimeoutException stillOpen) {
                // nothing to read: the connection is open
            } finally {
                socket.setSoTimeout((int) BOUND.toMillis());
            }
            socket.getOutputStream().write(b);
            socket.getOutputStream().flush();
            return true;
        } catch (IOException closed) {
            return false;
        }
    }
}
