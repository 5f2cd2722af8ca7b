package io.securemqtt.subscriber.page;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.securemqtt.common.article.Article;

/**
 * {@code GET /events}: Server-Sent Events, one {@code article} event per article received
 * ({@link PageArticle} as JSON), to every browser connected at that moment.
 *
 * <p>The last {@code replayed} articles, and no more than {@code replayBytes} bytes of them, are kept
 * and sent first to each browser that connects, so a page opened now shows recent articles at once. Event ids are {@code <run>-<number>}: a browser that
 * reconnects sends the last one it saw ({@code Last-Event-ID}) and gets only what came after it; an id
 * from an earlier run of the subscriber gets the whole buffer.
 *
 * <p>{@link #publish} never waits for a browser (see {@link EventStream}): each has a queue of
 * {@code queueCapacity} frames and {@code queueBytes} bytes and a writer thread; a browser whose queue
 * is full is disconnected, and its EventSource reconnects and catches up from the buffer if it is
 * alive after all. At most {@code maxClients} browsers at once, so the page holds at most
 * {@code replayBytes + maxClients * queueBytes} bytes of frames (less in fact: queues share frames).
 */
final class ArticleEvents implements HttpHandler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArticleEvents.class);

    /** How long a browser waits before reconnecting after the stream breaks. */
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(3);

    private final ObjectMapper json = new ObjectMapper();
    /** Tells this run's event ids from those of an earlier run, which a reopened browser may still send. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final int replayed;
    private final long replayBytes;
    private final int queueCapacity;
    private final long queueBytes;
    private final int maxClients;
    private final Duration heartbeat;

    private final Deque<Sent> recent = new ArrayDeque<>();
    private long recentBytes;
    private final Set<EventStream> clients = new HashSet<>();
    private long received;
    private long connections;
    private boolean closed;

    /** An event as sent: its number, to answer Last-Event-ID, and its frame in UTF-8. */
    private record Sent(long number, byte[] frame) {
    }

    ArticleEvents(int replayed, long replayBytes, int queueCapacity, long queueBytes, int maxClients, Duration heartbeat) {
        if (replayBytes >= queueBytes) {
            // The replay is a new browser's first frame: it must leave room in its queue for live events.
            throw new IllegalArgumentException("replayBytes (" + replayBytes + ") must be less than queueBytes (" + queueBytes + ")");
        }
        this.replayed = replayed;
        this.replayBytes = replayBytes;
        this.queueCapacity = queueCapacity;
        this.queueBytes = queueBytes;
        this.maxClients = maxClients;
        this.heartbeat = heartbeat;
    }

    /** Numbers the article, keeps it for replay and queues it for every connected browser. */
    void publish(Article article, Instant receivedAt) {
        synchronized (this) {
            long number = ++received;
            Sent sent = new Sent(number, frame(PageArticle.of(number, article, receivedAt)));
            recent.addLast(sent);
            recentBytes += sent.frame().length;
            while (recent.size() > replayed || recentBytes > replayBytes) {
                recentBytes -= recent.removeFirst().frame().length;
            }
            for (EventStream client : List.copyOf(clients)) {
                if (!client.offer(sent.frame())) {
                    clients.remove(client);
                    client.drop("its queue is full (" + queueCapacity + " events or " + queueBytes + " bytes; it stopped reading)");
                }
            }
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!PageFiles.isGet(exchange, ArticlePage.EVENTS)) {
            return;
        }
        EventStream stream = null;
        String refusal = null;
        int count;
        synchronized (this) {
            if (closed) {
                refusal = "shutting down";
            } else if (clients.size() >= maxClients) {
                refusal = "already " + maxClients + " open pages";
            } else {
                // Under the same lock as publish(): the replay and the live events neither overlap nor leave a gap.
                stream = new EventStream(exchange, firstFrame(exchange.getRequestHeaders().getFirst("Last-Event-ID")),
                        queueCapacity, queueBytes, heartbeat, "article-page-" + (++connections), this::ended);
                clients.add(stream);
            }
            count = clients.size();
        }
        if (stream == null) {
            // Outside the lock: publish() must never wait for a write to a browser, even a refused one.
            log.warn("page client refused: remote={} reason={}", exchange.getRemoteAddress(), refusal);
            exchange.getResponseHeaders().set("Retry-After", "10");
            PageFiles.refuse(exchange, 503, refusal);
            return;
        }
        log.info("page client connected: remote={} clients={}", exchange.getRemoteAddress(), count);
        stream.start();
        // Returns at once: the stream lives on its own thread, not on the server's.
    }

    private void ended(EventStream stream, String reason) {
        int count;
        synchronized (this) {
            clients.remove(stream);
            count = clients.size();
        }
        log.info("page client disconnected: remote={} reason={} clients={}", stream.remote(), reason, count);
    }

    /** The reconnect delay, then what the browser has not seen of the buffer. */
    private byte[] firstFrame(String lastEventId) {
        long after = seenUpTo(lastEventId);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(("retry: " + RECONNECT_DELAY.toMillis() + "\n\n").getBytes(StandardCharsets.UTF_8));
        for (Sent sent : recent) {
            if (sent.number() > after) {
                frame.writeBytes(sent.frame());
            }
        }
        return frame.toByteArray();
    }

    /** The number of the last event the browser saw in this run, or 0 if it saw none. */
    private long seenUpTo(String lastEventId) {
        if (lastEventId == null || !lastEventId.startsWith(run + "-")) {
            return 0;
        }
        try {
            long number = Long.parseLong(lastEventId.substring(run.length() + 1));
            return number <= received ? number : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** One event; JSON escapes line breaks, so {@code data} is always one line. */
    private byte[] frame(PageArticle article) {
        try {
            return ("id: " + run + "-" + article.number() + "\nevent: article\ndata: " + json.writeValueAsString(article) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode article " + article.id() + " for the page", e);
        }
    }

    synchronized int clientCount() {
        return clients.size();
    }

    synchronized long receivedCount() {
        return received;
    }

    /** Bytes of frames kept for replay. */
    synchronized long replayBytesKept() {
        return recentBytes;
    }

    /** Articles kept for replay. */
    synchronized int replayCount() {
        return recent.size();
    }

    /** Disconnects every browser and refuses new ones; it does not wait for their threads. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            for (EventStream client : clients) {
                client.drop("the subscriber is stopping");
            }
            clients.clear();
        }
    }
}
