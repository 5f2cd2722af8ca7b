package io.securemqtt.subscriber.page;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.monitoring.ConnectionHealth;
import io.securemqtt.common.monitoring.HttpResponses;
import io.securemqtt.common.monitoring.Monitoring;

/**
 * {@code GET /figures}: the page's numbers at a glance ({@link Figures}, JSON), from what this
 * subscriber received (the articles its handler was given: no duplicate, no invalid payload),
 * its connection's health and its certificate's days left, as {@link Monitoring} knows them.
 *
 * <p>What it keeps is fixed in size ({@link #BYTES}): per-second and per-minute counts in rings of 60
 * ({@link ArticleCounts}) and the latest latencies ({@link LatencyWindow}). The page asks every few
 * seconds and after articles arrive; an answer is a few hundred bytes.
 */
final class PageFigures implements HttpHandler {

    static final String CONTENT_TYPE = "application/json";
    /** What the counts and latencies hold, whatever the number of articles. */
    static final long BYTES = ArticleCounts.BYTES + LatencyWindow.BYTES;

    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    private final Monitoring monitoring;
    private final ArticleCounts counts = new ArticleCounts();
    private final LatencyWindow latencies = new LatencyWindow();

    PageFigures(Monitoring monitoring) {
        this.monitoring = monitoring;
        this.clock = monitoring.clock();
    }

    /** Counts {@code article}, received at {@code receivedAt}, and its latency from its publishedAt. */
    synchronized void add(Article article, Instant receivedAt) {
        counts.add(receivedAt);
        latencies.add(receivedAt, Duration.between(article.publishedAt(), receivedAt));
    }

    /** The figures now. */
    Figures figures() {
        Instant now = clock.instant();
        ConnectionHealth.Since since = monitoring.connection().since();
        // Outside the lock: it reads the certificate file, and add() runs on Paho's callback thread.
        OptionalDouble daysLeft = monitoring.clientCertificateDaysLeft();
        long lastMinute;
        long lastHour;
        long[] perMinute;
        Figures.Latency latency;
        synchronized (this) {
            lastMinute = counts.lastMinute(now);
            lastHour = counts.lastHour(now);
            perMinute = counts.perMinute(now);
            latency = latencies.percentiles(now)
                    .map(p -> new Figures.Latency(p.articles(), p.p50().toMillis(), p.p99().toMillis()))
                    .orElse(null);
        }
        return new Figures(now.toEpochMilli(), lastMinute, lastHour, perMinute, latency, since.connected(),
                since.at().toEpochMilli(), daysLeft.isPresent() ? daysLeft.getAsDouble() : null);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!PageFiles.isGet(exchange, ArticlePage.FIGURES)) {
            return;
        }
        // Now, not a proxy's copy.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        HttpResponses.send(exchange, 200, CONTENT_TYPE, json.writeValueAsBytes(figures()));
    }
}
