package io.securemqtt.common.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.testing.Await;
import io.securemqtt.testing.RawHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.securemqtt.common.testing.RecordedLog;

/**
 * What the server does against clients that hold on to it, over real sockets: a request that never
 * finishes arriving, more connections than it keeps, more requests than it has threads. The JDK
 * server's own limits are in force here because only MonitoringServer makes HTTP servers in this JVM
 * (see {@link JdkHttpServerLimits}).
 */
class MonitoringServerLimitsTest {

    /** Far above any limit under test: what fails is a limit that does not act at all. */
    private static final Duration BOUND = Duration.ofSeconds(60);

    private final Monitoring monitoring = new Monitoring();
    private final List<RawHttp> clients = new ArrayList<>();
    private MonitoringServer server;

    @AfterEach
    void stop() {
        clients.forEach(RawHttp::close);
        if (server != null) {
            server.close();
        }
    }

    private void start(HttpExecutor.Limits limits) throws IOException {
        server = MonitoringServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), monitoring, AllowedHosts.local(),
                limits, new RecordedLog("MonitoringServer").logger());
    }

    private RawHttp connect() {
        RawHttp client = new RawHttp(server.port());
        clients.add(client);
        return client;
    }

    private String health() {
        return RawHttp.get(server.port(), "/health", "localhost");
    }

    private double refused(String reason) {
        return monitoring.registry().get("http.requests.refused").tag("reason", reason).counter().count();
    }

    @Test
    void aRequestSentAByteAtATimeIsCutOff() throws Exception {
        start(HttpExecutor.Limits.DEFAULT);
        RawHttp slow = connect();
        // the headers never end: after the prefix, the header's value grows a byte at a time
        int sent = slow.trickleUntilClosed("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ", Duration.ofMillis(500), BOUND);
        assertTrue(sent > 1, "the connection was open to begin with");
        assertEquals("", slow.readToEnd(), "closed without an answer");
        Await.until(() -> server.busyWorkers() == 0, BOUND, "the thread that read the slow request was never freed");
        assertTrue(health().startsWith("HTTP/1.1 503 "), "and the server goes on answering");
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws Exception {
        start(HttpExecutor.Limits.DEFAULT);
        RawHttp silent = connect();
        Await.until(() -> {
            try {
                return silent.closedByPeer();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, BOUND, "the server never closed a connection that sent nothing");
    }

    @Test
    void connectionsPastTheCapAreClosedAtOnce() throws Exception {
        start(HttpExecutor.Limits.DEFAULT);
        for (int i = 0; i < JdkHttpServerLimits.MAX_CONNECTIONS; i++) {
            connect();
        }
        // Accepted in order: these come after the ones above, which are open and idle.
        RawHttp onePastTheCap = connect();
        onePastTheCap.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertEquals("", onePastTheCap.readToEnd(), "closed without an answer");

        clients.forEach(RawHttp::close);
        clients.clear();
        Await.until(() -> health().startsWith("HTTP/1.1 503 "), BOUND, "/health never answered again once the connections were closed");
    }

    @Test
    void aClientThatDoesNotReadItsAnswerIsCutOff() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        monitoring.addPage("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (var body = exchange.getResponseBody()) {
                // far more than the socket buffers of both ends hold
                for (int i = 0; i < 1024; i++) {
                    body.write(chunk);
                }
            }
        });
        start(new HttpExecutor.Limits(1, 4, Duration.ofSeconds(1)));
        RawHttp reader = connect();
        reader.send("GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n");
        Await.until(() -> server.busyWorkers() == 1, BOUND, "the handler never started");
        Await.until(() -> server.busyWorkers() == 0, BOUND, "the handler writing to a client that does not read was never cut off");
        assertEquals(1.0, monitoring.registry().get("http.responses.cut").counter().count());
        assertTrue(health().startsWith("HTTP/1.1 503 "), "the only thread serves again");
    }

    @Test
    void aStreamWrittenByItsOwnThreadOutlivesTheHandlerTime() throws Exception {
        int events = 30;
        monitoring.addPage("/stream", exchange -> {
            // as the page's event streams do: the handler returns at once, a thread of its own writes
            Thread writer = new Thread(() -> {
                try (exchange) {
                    exchange.sendResponseHeaders(200, 0);
                    var body = exchange.getResponseBody();
                    for (int i = 0; i < events; i++) {
                        body.write('e');
                        body.flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.setDaemon(true);
            writer.start();
        });
        start(new HttpExecutor.Limits(1, 1, Duration.ofMillis(500)));
        String answer = RawHttp.get(server.port(), "/stream", "localhost");
        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        // chunked: a chunk per flush, then the last chunk of a stream that ended as it should
        assertEquals(events, answer.split("\r\n1\r\ne", -1).length - 1, answer);
        assertTrue(answer.endsWith("\r\n0\r\n\r\n"), "the whole stream, three seconds long: " + answer);
        assertEquals(0.0, monitoring.registry().get("http.responses.cut").counter().count());
    }

    @Test
    void pastTheThreadsAndTheQueueTheAnswerIs503AndThenNone() throws Exception {
        start(new HttpExecutor.Limits(1, 1, HttpExecutor.Limits.DEFAULT.handlerTime()));
        String halfARequest = "GET /health HTTP/1.1\r\nHost: localhost\r\n";
        connect().send(halfARequest);
        Await.until(() -> server.busyWorkers() == 1, BOUND, "the only worker never took the first request");
        connect().send(halfARequest);
        Await.until(() -> server.queued() == 1, BOUND, "the second request never waited in the queue");

        String busy = health();
        assertTrue(busy.startsWith("HTTP/1.1 503 "), busy);
        assertTrue(busy.contains("\r\nRetry-after: 1\r\n"), busy);
        assertTrue(busy.contains("\r\nX-content-type-options: nosniff\r\n"), busy);
        assertTrue(busy.endsWith("\r\n\r\nbusy: too many requests at once; try again in a second\n"), busy);
        assertEquals(1.0, refused("busy"));

        // The thread that answers 503 reads a request too: held by another half request, nothing is left.
        // It is free once the 503 above is done, which may be a moment after the client has read it.
        Await.until(server::overflowIdle, BOUND, "the overflow thread never finished its 503");
        connect().send(halfARequest);
        Await.until(() -> refused("busy") == 2.0, BOUND, "the third half request never reached the overflow thread");
        assertEquals("", health(), "closed without an answer");
        assertEquals(1.0, refused("dropped"));

        clients.forEach(RawHttp::close);
        clients.clear();
        Await.until(() -> health().contains("\r\n\r\nnot connected: not connected yet"), BOUND,
                "/health never answered again once the slow requests were gone");
    }
}
