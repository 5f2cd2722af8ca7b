package io.securemqtt.subscriber.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.article.Topics;
import io.securemqtt.common.monitoring.Monitoring;

/** The page and its event stream over real HTTP, on a JDK server on a free port. */
class ArticlePageTest {

    private static final String TOPIC = "articulos/marca/futbol";
    private static final Instant RECEIVED = Instant.parse("2025-05-04T18:30:01.250Z");
    private static final Duration NO_HEARTBEAT = Duration.ofMinutes(10);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private HttpServer server;
    private ArticleEvents events;
    private ArticlePage page;

    /** A page with {@code replayed} articles kept and {@code queueCapacity} events per browser, on a started server. */
    private void start(int replayed, int queueCapacity, int maxClients, Duration heartbeat) throws IOException {
        start(replayed, ArticlePage.REPLAY_BYTES, queueCapacity, ArticlePage.QUEUE_BYTES, maxClients, heartbeat);
    }

    private void start(int replayed, long replayBytes, int queueCapacity, long queueBytes, int maxClients, Duration heartbeat)
            throws IOException {
        events = new ArticleEvents(replayed, replayBytes, queueCapacity, queueBytes, maxClients, heartbeat);
        page = new ArticlePage(new Monitoring(Clock.fixed(RECEIVED, ZoneOffset.UTC)), events);
        // No executor: handlers run on the server's one dispatcher thread, the strictest case.
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        page.contexts().forEach(server::createContext);
        server.start();
    }

    private void start() throws IOException {
        start(ArticlePage.REPLAYED, ArticlePage.QUEUE_CAPACITY, ArticlePage.MAX_CLIENTS, NO_HEARTBEAT);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        if (page != null) {
            page.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private EventStreamClient openEvents(String lastEventId) throws IOException, InterruptedException {
        EventStreamClient client = EventStreamClient.open(uri("/events"), lastEventId);
        opened.add(client);
        return client;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Article article(int n) {
        return article(n, "Titular " + n);
    }

    private static Article article(int n, String title) {
        return new Article("id-" + n, "marca", "futbol", title, "Cuerpo", Instant.parse("2025-05-04T18:30:00Z").plusSeconds(n));
    }

    @Test
    void servesThePageItsScriptAndStyleWithAPolicyAgainstInlineScript() throws Exception {
        start();
        HttpResponse<String> index = get("/");
        assertEquals(200, index.statusCode());
        assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(index.body().contains("<script src=\"page.js\" defer></script>"), index.body());
        assertTrue(index.headers().firstValue("Content-Security-Policy").orElseThrow().contains("script-src 'self'"));

        HttpResponse<String> script = get("/page.js");
        assertEquals(200, script.statusCode());
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(script.body().contains("new EventSource('events')"));
        // The only way article text enters the page.
        assertTrue(!script.body().contains("innerHTML"), "page.js must not use innerHTML");

        assertEquals("text/css; charset=utf-8", get("/page.css").headers().firstValue("Content-Type").orElseThrow());
        assertEquals(404, get("/favicon.ico").statusCode());
        assertEquals(404, get("/eventsx").statusCode());
        assertEquals(405, http.send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void streamsAnArticleHandedOverAfterTheBrowserConnected() throws Exception {
        start();
        EventStreamClient browser = openEvents(null).awaitOpen();
        assertEquals("text/event-stream; charset=utf-8", browser.response().headers().firstValue("Content-Type").orElseThrow());
        assertEquals(1, events.clientCount());

        page.onArticle(TOPIC, article(1));

        assertEquals("event: article", browser.awaitLine(line -> line.startsWith("event: "), "event type"));
        JsonNode json = browser.nextArticle();
        assertEquals(1, json.get("number").asLong());
        assertEquals("id-1", json.get("id").asText());
        assertEquals("marca", json.get("newspaper").asText());
        assertEquals("futbol", json.get("section").asText());
        assertEquals("Titular 1", json.get("title").asText());
        assertEquals("2025-05-04T18:30:01Z", json.get("publishedAt").asText());
        assertEquals(RECEIVED.toString(), json.get("receivedAt").asText());
        // An open stream does not hold the server: the page is still served meanwhile.
        assertEquals(200, get("/").statusCode());
    }

    @Test
    void servesTheFiguresAsJsonOfNumbersOnly() throws Exception {
        start();
        // Markup and a lookalike number in the article: none of it may reach the figures.
        page.onArticle(TOPIC, article(1, "<img src=x onerror=alert(1)> 99"));
        page.onArticle(TOPIC, article(2));

        HttpResponse<String> response = get("/figures");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        JsonNode figures = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        assertEquals(RECEIVED.toEpochMilli(), figures.get("now").asLong());
        assertEquals(2, figures.get("lastMinute").asLong());
        assertEquals(2, figures.get("lastHour").asLong());
        assertEquals(60, figures.get("perMinute").size());
        assertEquals(2, figures.get("perMinute").get(59).asLong(), "this minute, the last of the chart");
        // Published 0.25 s before it was received, and 0.75 s after: a clock skew, counted as zero.
        assertEquals(2, figures.get("latency").get("articles").asInt());
        assertEquals(0, figures.get("latency").get("p50Millis").asLong());
        assertEquals(250, figures.get("latency").get("p99Millis").asLong());
        assertFalse(figures.get("connected").asBoolean());
        assertTrue(figures.get("certificateDaysLeft").isNull());
        assertNumbersOnly(figures);

        assertEquals(405, http.send(HttpRequest.newBuilder(uri("/figures")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(404, get("/figures/x").statusCode());
        assertEquals(404, get("/figuresx").statusCode());
    }

    /** Numbers, booleans and nulls, in objects and arrays: no text at all. */
    private static void assertNumbersOnly(JsonNode node) {
        if (node.isContainerNode()) {
            node.elements().forEachRemaining(ArticlePageTest::assertNumbersOnly);
        } else {
            assertTrue(node.isNumber() || node.isBoolean() || node.isNull(), "not a number: " + node);
        }
    }

    @Test
    void aLineBreakInATitleStaysInsideOneDataLine() throws Exception {
        start();
        EventStreamClient browser = openEvents(null).awaitOpen();
        page.onArticle(TOPIC, article(1, "Primera línea\ndata: {\"id\":\"forged\"}\r\n\r\nfin"));
        assertEquals("Primera línea\ndata: {\"id\":\"forged\"}\r\n\r\nfin", browser.nextArticle().get("title").asText());
        page.onArticle(TOPIC, article(2));
        assertEquals("id-2", browser.nextArticle().get("id").asText());
    }

    @Test
    void aNewPageGetsTheLastArticlesAtOnceOldestFirstThenLiveOnes() throws Exception {
        start(3, ArticlePage.QUEUE_CAPACITY, ArticlePage.MAX_CLIENTS, NO_HEARTBEAT);
        for (int n = 1; n <= 5; n++) {
            page.onArticle(TOPIC, article(n));
        }
        EventStreamClient browser = openEvents(null);
        assertEquals("id-3", browser.nextArticle().get("id").asText());
        assertEquals("id-4", browser.nextArticle().get("id").asText());
        JsonNode fifth = browser.nextArticle();
        assertEquals("id-5", fifth.get("id").asText());
        assertEquals(5, fifth.get("number").asLong(), "the count includes articles no longer kept");

        page.onArticle(TOPIC, article(6));
        assertEquals("id-6", browser.nextArticle().get("id").asText());
        assertEquals(6, events.receivedCount());
    }

    @Test
    void aReconnectingPageGetsOnlyWhatItMissed() throws Exception {
        start();
        EventStreamClient first = openEvents(null).awaitOpen();
        page.onArticle(TOPIC, article(1));
        String firstId = first.nextId();
        first.close();
        page.onArticle(TOPIC, article(2));
        page.onArticle(TOPIC, article(3));

        EventStreamClient reconnected = openEvents(firstId);
        assertEquals("id-2", reconnected.nextArticle().get("id").asText());
        assertEquals("id-3", reconnected.nextArticle().get("id").asText());

        // An id from another run of the subscriber (or garbage) means: send everything kept.
        EventStreamClient stranger = openEvents("0ther-run-1");
        assertEquals("id-1", stranger.nextArticle().get("id").asText());
    }

    @Test
    void sendsAHeartbeatCommentWhenThereIsNothingToSay() throws Exception {
        start(ArticlePage.REPLAYED, ArticlePage.QUEUE_CAPACITY, ArticlePage.MAX_CLIENTS, Duration.ofMillis(100));
        EventStreamClient browser = openEvents(null).awaitOpen();
        assertEquals(": keep-alive", browser.awaitLine(line -> line.startsWith(":"), "heartbeat"));
        assertEquals(": keep-alive", browser.awaitLine(line -> line.startsWith(":"), "second heartbeat"));
    }

    @Test
    void aBrowserThatStopsReadingNeitherBlocksHandingOverNorStaysConnected() throws Exception {
        start(ArticlePage.REPLAYED, 8, ArticlePage.MAX_CLIENTS, NO_HEARTBEAT);
        int handedOver;
        try (Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(server.getAddress());
            OutputStream request = stuck.getOutputStream();
            request.write("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            // ...and never reads a byte.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (events.clientCount() == 0) {
                assertTrue(System.nanoTime() < deadline, "the stream never opened");
                Thread.sleep(10);
            }

            String bigTitle = "x".repeat(Article.MAX_TITLE_LENGTH);
            handedOver = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                // Until the socket buffers are full and then the browser's queue: it must be dropped, never waited for.
                int n = 0;
                while (events.clientCount() > 0) {
                    page.onArticle(TOPIC, article(++n, bigTitle));
                    if (n > 100_000) {
                        throw new AssertionError("the stuck browser was never dropped");
                    }
                }
                return n;
            }, "handing over articles blocked on a browser that stopped reading");
            assertTrue(handedOver > 8, "dropped after " + handedOver + " articles");
            // What was buffered drains, then the connection ends: the server closed (or reset) it.
            stuck.setSoTimeout(5000);
            byte[] buffer = new byte[64 * 1024];
            try {
                while (stuck.getInputStream().read(buffer) >= 0) {
                    // keep draining
                }
            } catch (SocketTimeoutException e) {
                fail("the server kept the stuck browser's connection open");
            } catch (IOException e) {
                // connection reset: closed too
            }
        }

        // A page opened now is served as usual, the recent articles first.
        EventStreamClient browser = openEvents(null);
        assertEquals(Math.max(1, handedOver - ArticlePage.REPLAYED + 1), browser.nextArticle().get("number").asLong());
    }

    @Test
    void refusesPagesBeyondTheLimitAndEndsStreamsOnClose() throws Exception {
        start(ArticlePage.REPLAYED, ArticlePage.QUEUE_CAPACITY, 1, NO_HEARTBEAT);
        EventStreamClient browser = openEvents(null).awaitOpen();
        HttpResponse<String> refused = get("/events");
        assertEquals(503, refused.statusCode());

        page.close();
        browser.awaitLine(EventStreamClient.END::equals, "end of the stream");
        assertEquals(0, events.clientCount());
        assertEquals(503, get("/events").statusCode());
    }

    /** The costliest article the page can be given: every field at its limit, every character a six-byte JSON escape. */
    private static Article costliest(int n) {
        String level = "a" + "\u0001".repeat(Topics.MAX_LEVEL_LENGTH - 1);
        return new Article(String.format("%064d", n), level, level, "t" + "\u0001".repeat(Article.MAX_TITLE_LENGTH - 1),
                "b".repeat(Article.MAX_BODY_LENGTH), Instant.parse("2025-05-04T18:30:00Z"));
    }

    @Test
    void theReplayIsBoundedInBytesAsWellAsInArticles() throws Exception {
        start();
        for (int n = 1; n <= 500; n++) {
            page.onArticle(TOPIC, costliest(n));
        }
        assertTrue(events.replayBytesKept() <= ArticlePage.REPLAY_BYTES, events.replayBytesKept() + " bytes kept");
        int kept = events.replayCount();
        assertTrue(kept < ArticlePage.REPLAYED, "with the costliest articles the bytes bind first, yet " + kept + " are kept");
        long frame = events.replayBytesKept() / kept;
        assertTrue(frame > 2_500 && frame < 3_500, "the costliest event is some 3 KB, not " + frame);
        assertTrue(ArticlePage.REPLAY_BYTES - events.replayBytesKept() < frame, "the budget is used, not wasted");

        // A new page gets exactly what was kept, the newest last.
        EventStreamClient browser = openEvents(null);
        assertEquals(500 - kept + 1, browser.nextArticle().get("number").asLong());
    }

    @Test
    void aSmallReplayBudgetKeepsFewerArticles() throws Exception {
        start(ArticlePage.REPLAYED, 1_000, ArticlePage.QUEUE_CAPACITY, ArticlePage.QUEUE_BYTES, ArticlePage.MAX_CLIENTS, NO_HEARTBEAT);
        for (int n = 1; n <= 20; n++) {
            page.onArticle(TOPIC, article(n, "x".repeat(Article.MAX_TITLE_LENGTH)));
        }
        assertEquals(2, events.replayCount(), "two events of some 480 bytes fit in 1,000");
        assertTrue(events.replayBytesKept() <= 1_000);
        EventStreamClient browser = openEvents(null);
        assertEquals("id-19", browser.nextArticle().get("id").asText());
        assertEquals("id-20", browser.nextArticle().get("id").asText());
    }

    @Test
    void aBrowserQueueIsBoundedInBytesAsWellAsInEvents() {
        // Not started: nothing is written, so everything offered stays queued.
        EventStream stream = new EventStream(null, new byte[100], 1_000, 1_000, NO_HEARTBEAT, "test", (s, reason) -> { });
        byte[] frame = new byte[300];
        assertTrue(stream.offer(frame));
        assertTrue(stream.offer(frame));
        assertTrue(stream.offer(frame), "100 + 3 x 300 = 1,000 bytes: still within the budget");
        assertEquals(1_000, stream.queuedBytes());
        assertFalse(stream.offer(new byte[1]), "one byte more is over it, with 996 of 1,000 events still free");
        assertEquals(1_000, stream.queuedBytes(), "a refused frame takes nothing");
    }

    @Test
    void aBrowserQueueIsBoundedInEventsToo() {
        EventStream stream = new EventStream(null, new byte[1], 2, 1_000_000, NO_HEARTBEAT, "test", (s, reason) -> { });
        assertTrue(stream.offer(new byte[1]));
        assertTrue(stream.offer(new byte[1]));
        assertFalse(stream.offer(new byte[1]));
    }

    @Test
    void theReplayMustLeaveRoomInABrowserQueue() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ArticleEvents(50, 1_000, 128, 1_000, 32, NO_HEARTBEAT));
        assertEquals("replayBytes (1000) must be less than queueBytes (1000)", e.getMessage());
        assertEquals(ArticlePage.REPLAY_BYTES + 32 * ArticlePage.QUEUE_BYTES, ArticlePage.MAX_BYTES);
        assertEquals(8_519_680, ArticlePage.MAX_BYTES, "8.125 MiB, as documented");
    }
}
