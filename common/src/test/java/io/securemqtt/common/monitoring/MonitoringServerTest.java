package io.securemqtt.common.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.testing.RawHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;
import io.securemqtt.common.testing.RecordedLog;
import io.securemqtt.testing.TravellingClock;

/** The HTTP server over real HTTP requests: what an operator's curl, Docker and Prometheus see. */
class MonitoringServerTest {

    @TempDir
    static Path pki;

    private final TravellingClock clock = new TravellingClock(Instant.parse("2026-01-10T12:00:00Z"));
    private final Monitoring monitoring = new Monitoring(clock);
    private final HttpClient http = HttpClient.newHttpClient();
    private MonitoringServer server;

    @BeforeAll
    static void generatePki() {
        io.securemqtt.certgen.Main.generate(pki);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start() throws IOException {
        server = MonitoringServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), monitoring);
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path);
    }

    // --- /health ------------------------------------------------------------------------------

    @Test
    void healthIs503BeforeTheFirstConnection() throws Exception {
        start();
        clock.advance(Duration.ofSeconds(3));
        HttpResponse<String> response = get("/health");
        assertEquals(503, response.statusCode());
        assertEquals("not connected: not connected yet, starting 3 s ago\n", response.body());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void healthIs200WhileConnected() throws Exception {
        start();
        monitoring.connection().connected(false, "ssl://mosquitto:8883");
        clock.advance(Duration.ofSeconds(42));
        HttpResponse<String> response = get("/health");
        assertEquals(200, response.statusCode());
        assertEquals("connected to ssl://mosquitto:8883 for 42 s\n", response.body());
    }

    @Test
    void healthIs503WithTheReasonOnceTheConnectionIsLost() throws Exception {
        start();
        monitoring.connection().connected(false, "ssl://mosquitto:8883");
        monitoring.connection().lost("Connection lost (java.io.EOFException)");
        clock.advance(Duration.ofSeconds(12));
        HttpResponse<String> response = get("/health");
        assertEquals(503, response.statusCode());
        assertEquals("not connected: connection lost 12 s ago: Connection lost (java.io.EOFException)\n", response.body());

        monitoring.connection().connected(true, "ssl://mosquitto:8883");
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    void healthNamesNoFileNorUserWhateverTheReasonSays() throws Exception {
        start();
        // What MqttConnections.describe makes of a reconnect that met an unreadable key.
        monitoring.connection().lost("Connection lost (javax.net.ssl.SSLException: private key file /run/secrets/publisher.key"
                + " (MQTT_KEY_FILE) is not readable by uid 10001 (user 'app'): it is owned by uid 0, gid 0, mode 0600)");
        HttpResponse<String> response = get("/health");
        assertEquals(503, response.statusCode());
        assertEquals("not connected: connection lost 0 s ago: Connection lost (javax.net.ssl.SSLException)\n", response.body());

        monitoring.connection().lost("broker sent DISCONNECT 0x8E (session taken over): reason from /etc/hosts\u001b[31m");
        assertEquals("not connected: connection lost 0 s ago: broker sent DISCONNECT 0x8E (session taken over)\n", get("/health").body());
    }

    // --- /metrics -----------------------------------------------------------------------------

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        monitoring.watchCertificate(pki.resolve("publisher.crt"));
        monitoring.registry().counter("articles.published").increment(3);
        start();
        monitoring.connection().connected(false, "ssl://mosquitto:8883");
        monitoring.connection().lost("gone");
        monitoring.connection().connected(true, "ssl://mosquitto:8883");

        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        String body = response.body();
        assertTrue(body.contains("# TYPE articles_published_total counter\n"), body);
        assertTrue(body.contains("\narticles_published_total 3.0\n"), body);
        assertTrue(body.contains("\nmqtt_connected 1.0\n"), body);
        assertTrue(body.contains("\nmqtt_reconnects_total 1.0\n"), body);
        assertTrue(body.contains("# HELP mqtt_client_certificate_days_left "), body);
        assertTrue(body.lines().anyMatch(line -> line.startsWith("mqtt_client_certificate_days_left ")), body);
    }

    // --- everything else ----------------------------------------------------------------------

    @Test
    void otherPathsAre404() throws Exception {
        start();
        for (String path : new String[] {"/", "/healthz", "/health/x", "/metricsx", "/favicon.ico"}) {
            HttpResponse<String> response = get(path);
            assertEquals(404, response.statusCode(), path);
            assertEquals("not found: " + path + "\n", response.body());
        }
    }

    @Test
    void otherMethodsAre405() throws Exception {
        start();
        for (String method : new String[] {"POST", "PUT", "DELETE", "HEAD"}) {
            for (String path : new String[] {"/health", "/metrics"}) {
                HttpResponse<String> response = send(method, path);
                assertEquals(405, response.statusCode(), method + " " + path);
                assertEquals("GET", response.headers().firstValue("Allow").orElseThrow());
            }
        }
    }

    @Test
    void pagesAreServedBesideHealthAndMetrics() throws Exception {
        monitoring.addPage("/", exchange -> {
            byte[] body = ("page " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        start();
        assertEquals("page /", get("/").body());
        assertEquals("page /other", get("/other").body(), "the page at / is given every path nothing else claims");
        assertEquals(503, get("/health").statusCode());
        assertEquals(200, get("/metrics").statusCode());
    }

    @Test
    void pagesMayNotTakeTheServersOwnPathsNorTwiceTheSame() {
        assertThrows(IllegalArgumentException.class, () -> monitoring.addPage("/health", exchange -> { }));
        assertThrows(IllegalArgumentException.class, () -> monitoring.addPage("/metrics", exchange -> { }));
        assertThrows(IllegalArgumentException.class, () -> monitoring.addPage("events", exchange -> { }));
        monitoring.addPage("/events", exchange -> { });
        assertThrows(IllegalArgumentException.class, () -> monitoring.addPage("/events", exchange -> { }));
    }

    // --- what every answer carries, and who gets one --------------------------------------

    @Test
    void everyAnswerSaysNosniff() throws Exception {
        monitoring.addPage("/page", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        start();
        for (String path : new String[] {"/health", "/metrics", "/page", "/nothing-here"}) {
            assertEquals("nosniff", get(path).headers().firstValue("X-Content-Type-Options").orElse(null), path);
        }
        assertEquals("nosniff", send("POST", "/health").headers().firstValue("X-Content-Type-Options").orElse(null), "405");
        assertTrue(RawHttp.get(server.port(), "/health", "rebind.example").contains("\r\nX-content-type-options: nosniff\r\n"), "421");
    }

    @Test
    void requestsForAnotherHostAre421AndLoggedOnce() throws Exception {
        RecordedLog log = new RecordedLog("MonitoringServer");
        server = MonitoringServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), monitoring,
                AllowedHosts.fromEnvironment(new Environment(Map.of("HTTP_ALLOWED_HOSTS", "subscriber"))), HttpExecutor.Limits.DEFAULT,
                log.logger());
        String answer = RawHttp.get(server.port(), "/metrics", "rebind.example:" + server.port());
        assertTrue(answer.startsWith("HTTP/1.1 421 "), answer);
        assertTrue(answer.endsWith("\r\n\r\nmisdirected request: this server answers only to its own host names"
                + " (localhost, 127.0.0.1, [::1], its container name and HTTP_ALLOWED_HOSTS)\n"), answer);
        assertEquals(1, log.lines().size(), log.lines().toString());
        assertTrue(log.lines().get(0).startsWith("WARN HTTP request refused: Host \"rebind.example:" + server.port()
                + "\" is not a name of ours (if it is, add it to HTTP_ALLOWED_HOSTS): path=\"/metrics\" remote=/127.0.0.1:"), log.lines().get(0));
        assertEquals(1.0, monitoring.registry().get("http.requests.refused").tag("reason", "host").counter().count());

        for (String host : new String[] {"localhost:" + server.port(), "127.0.0.1", "[::1]:" + server.port(), "subscriber:8080"}) {
            assertTrue(RawHttp.get(server.port(), "/metrics", host).startsWith("HTTP/1.1 200 "), host);
        }
        assertEquals(1, log.lines().size(), "allowed hosts are not logged");
    }

    /** 421 from us; JDK 21 refuses some malformed Host headers itself, with 400, before any filter sees them. */
    private static boolean refused(String answer) {
        return answer.startsWith("HTTP/1.1 421 ") || answer.startsWith("HTTP/1.1 400 ");
    }

    @Test
    void aHostHeaderIsLoggedInert() throws Exception {
        RecordedLog log = new RecordedLog("MonitoringServer");
        server = MonitoringServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), monitoring, AllowedHosts.local(),
                HttpExecutor.Limits.DEFAULT, log.logger());
        String answer = RawHttp.get(server.port(), "/health", "evil\u001b[31m\u0085\"x\\.example" + "y".repeat(200));
        assertTrue(refused(answer), answer);
        // JDK 17 passes the header on, and we log it; JDK 21 refuses it first, and nothing is logged.
        for (String line : log.lines()) {
            assertEquals("WARN HTTP request refused: Host \"evil\\u001b[31m\\u0085\\u0022x\\u005c.example" + "y".repeat(79)
                    + "...\" is not a name of ours (if it is, add it to HTTP_ALLOWED_HOSTS): path=\"/health\" remote=",
                    line.substring(0, line.indexOf("remote=") + "remote=".length()));
        }
    }

    @Test
    void networkInputIsLoggedAsPrintableAsciiOnly() {
        assertEquals("\"rebind.example:8080\"", MonitoringServer.printable("rebind.example:8080"));
        assertEquals("\"a\\u000d\\u000ab\\u001b\\u007f\\u009b\\u2028\\u2029\\u00e9\\u0022\\u005c\"",
                MonitoringServer.printable("a\r\nb\u001b\u007f\u009b\u2028\u2029\u00e9\"\\"));
        assertEquals("\"" + "x".repeat(100) + "...\"", MonitoringServer.printable("x".repeat(101)));
        assertEquals("null", MonitoringServer.printable(null));
    }

    @Test
    void noHostHeaderOrTwoAreRefused() throws Exception {
        start();
        String none = RawHttp.exchange(server.port(), "GET /health HTTP/1.0\r\n");
        assertTrue(refused(none), none);
        String two = RawHttp.exchange(server.port(), "GET /health HTTP/1.1\r\nHost: localhost\r\nHost: rebind.example\r\n");
        assertTrue(refused(two), two);
    }

    @Test
    void pagesAreGuardedToo() throws Exception {
        java.util.concurrent.atomic.AtomicInteger handled = new java.util.concurrent.atomic.AtomicInteger();
        monitoring.addPage("/", exchange -> {
            handled.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        start();
        assertTrue(RawHttp.get(server.port(), "/events", "rebind.example").startsWith("HTTP/1.1 421 "));
        assertTrue(RawHttp.get(server.port(), "/", "rebind.example").startsWith("HTTP/1.1 421 "));
        assertEquals(0, handled.get(), "the page never saw a refused request");
        assertTrue(RawHttp.get(server.port(), "/", "localhost").startsWith("HTTP/1.1 204 "));
        assertEquals(1, handled.get());
    }

    @Test
    void closedServerNoLongerAnswers() throws Exception {
        start();
        assertEquals(503, get("/health").statusCode());
        server.close();
        assertThrows(ConnectException.class, () -> get("/health"));
        server = null;
    }

    // --- HTTP_PORT ----------------------------------------------------------------------------

    @Test
    void portComesFromHttpPort() {
        assertEquals(OptionalInt.of(8080), MonitoringServer.portFromEnvironment(new Environment(Map.of())));
        assertEquals(OptionalInt.of(8080), MonitoringServer.portFromEnvironment(new Environment(Map.of("HTTP_PORT", " "))));
        assertEquals(OptionalInt.of(9100), MonitoringServer.portFromEnvironment(new Environment(Map.of("HTTP_PORT", "9100"))));
        assertEquals(OptionalInt.empty(), MonitoringServer.portFromEnvironment(new Environment(Map.of("HTTP_PORT", "0"))));
    }

    @Test
    void badHttpPortNamesTheVariable() {
        ConfigException notANumber = assertThrows(ConfigException.class,
                () -> MonitoringServer.portFromEnvironment(new Environment(Map.of("HTTP_PORT", "http"))));
        assertEquals("HTTP_PORT", notANumber.variable());
        assertEquals("HTTP_PORT='http' is not a port number; expected an integer from 1 to 65535, or 0 to turn the HTTP server off",
                notANumber.getMessage());
        ConfigException outOfRange = assertThrows(ConfigException.class,
                () -> MonitoringServer.portFromEnvironment(new Environment(Map.of("HTTP_PORT", "65536"))));
        assertEquals("HTTP_PORT=65536 is out of range; expected a port from 1 to 65535, or 0 to turn the HTTP server off",
                outOfRange.getMessage());
        assertThrows(ConfigException.class, () -> MonitoringServer.portFromEnvironment(new Environment(Map.of("HTTP_PORT", "-1"))));
    }

}
