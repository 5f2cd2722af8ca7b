package io.securemqtt.subscriber.page;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.sun.net.httpserver.HttpHandler;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.monitoring.Monitoring;

/**
 * A web page that lists the articles the subscriber receives (the football articles, with the default
 * {@code SUBSCRIBE_TOPICS}) as they arrive, newest first: time, newspaper, section, title, and how many
 * the subscriber has received since it started. Above them, the figures at a glance ({@link PageFigures}):
 * articles in the last minute and hour with a chart per minute, latency p50 and p99, connected since
 * when, days left on the client certificate. Plain HTML and JavaScript from {@code page/} on the
 * classpath, kept live with Server-Sent Events; no external resource.
 *
 * <p>It serves on a server it is given and never starts one itself:
 *
 * <pre>{@code
 * ArticlePage page = new ArticlePage(monitoring);
 * page.contexts().forEach(monitoring::addPage);   // the program's HTTP server, the one that also serves /health
 * ArticleSubscriber.start(settings, filters, (topic, article) -> {
 *     logger.onArticle(topic, article);
 *     page.onArticle(topic, article);
 * });
 * ...
 * page.close();            // at shutdown: ends the open event streams
 * }</pre>
 *
 * <p>{@link #onArticle} runs on Paho's callback thread and never waits for a browser: it queues the
 * event for each one, and each browser is written to by a thread of its own (see {@link ArticleEvents}).
 */
public final class ArticlePage implements AutoCloseable {

    /** Articles a newly opened page shows at once. */
    public static final int REPLAYED = 50;
    /**
     * Bytes of events kept for a newly opened page. An event with the longest title and topic levels
     * of escaped characters is some 3 KB, so this is what bounds the replay when titles are long.
     */
    public static final long REPLAY_BYTES = 128 * 1024;
    /** Events that may wait for one browser before it counts as stuck and is disconnected. */
    static final int QUEUE_CAPACITY = 128;
    /** Bytes of events that may wait for one browser (its first, the replay, included) before it counts as stuck. */
    public static final long QUEUE_BYTES = 256 * 1024;
    /** Open pages at once; each costs a thread and a connection. */
    public static final int MAX_CLIENTS = 32;
    /**
     * The most the page holds in events: the replay and every open page's queue, 8.125 MiB (less in
     * fact, since the queues share the frames they hold). Its figures add a fixed {@link PageFigures#BYTES}
     * (some 18 KB), however many articles.
     */
    public static final long MAX_BYTES = REPLAY_BYTES + MAX_CLIENTS * QUEUE_BYTES;
    /** A comment is sent after this long without an event: proxies keep the stream open, dead browsers are noticed. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(15);

    /** The page, its script and its style. */
    public static final String ROOT = "/";
    /** The {@code text/event-stream} the page listens to. */
    public static final String EVENTS = "/events";
    /** The numbers at the top of the page, JSON ({@link Figures}). */
    public static final String FIGURES = "/figures";

    private final ArticleEvents events;
    private final PageFigures figures;
    private final PageFiles files = new PageFiles();
    private final Clock clock;

    /**
     * @param monitoring the program's: its clock, its connection's health and its certificate's days
     *                   left are what the page's figures show beside the articles received
     */
    public ArticlePage(Monitoring monitoring) {
        this(monitoring, new ArticleEvents(REPLAYED, REPLAY_BYTES, QUEUE_CAPACITY, QUEUE_BYTES, MAX_CLIENTS, HEARTBEAT));
    }

    ArticlePage(Monitoring monitoring, ArticleEvents events) {
        this.clock = monitoring.clock();
        this.events = events;
        this.figures = new PageFigures(monitoring);
    }

    /**
     * The page's three contexts, path to handler, for the program's HTTP server before it starts, e.g.
     * {@code page.contexts().forEach(monitoring::addPage)} with common's {@code Monitoring}: {@code /} (the
     * page, {@code /page.js}, {@code /page.css}; 404 for any other path no other context claims),
     * {@code /events} (the {@code text/event-stream}) and {@code /figures} (JSON, {@link Figures}). The server's other contexts, e.g. {@code /health},
     * are unaffected: the JDK server picks the longest matching context path. Any executor will do, even
     * none: the handlers return at once, an event stream runs on a thread of its own.
     */
    public Map<String, HttpHandler> contexts() {
        return Map.of(ROOT, files, EVENTS, events, FIGURES, figures);
    }

    /** Counts {@code article} in the figures and shows it to every open page; never waits for a browser. */
    public void onArticle(String topic, Article article) {
        Instant receivedAt = clock.instant();
        figures.add(article, receivedAt);
        events.publish(article, receivedAt);
    }

    /** Ends every open event stream (the browsers then retry every few seconds) and refuses new ones. */
    @Override
    public void close() {
        events.close();
    }
}
