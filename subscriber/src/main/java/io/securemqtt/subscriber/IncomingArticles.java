package io.securemqtt.subscriber;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.Article;
import io.securemqtt.common.ArticleCodec;
import io.securemqtt.common.ConnectionEventsLogger;
import io.securemqtt.common.ConnectionListener;
import io.securemqtt.common.InvalidArticleException;
import io.securemqtt.common.Monitoring;

/**
 * The Paho callback of the subscriber: decodes each message, drops duplicates and hands new
 * articles to the {@link ArticleHandler}.
 *
 * <p>Nothing may escape {@link #messageArrived}: Paho treats an exception there as fatal and drops
 * the connection, and the broker would then redeliver the same bad message forever. A bad payload
 * or a failing handler costs one log line and the next message is handled as usual.
 */
final class IncomingArticles extends ConnectionEventsLogger {

    private static final Logger log = LoggerFactory.getLogger(IncomingArticles.class);

    private final ArticleCodec codec = new ArticleCodec();
    private final ArticleHandler handler;
    private final RecentIds recentIds;
    private final Consumer<Boolean> onConnected;
    private final SubscriberMetrics metrics;
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    /** Counting in a {@link Monitoring} nobody reads, and telling nobody of the connection. */
    IncomingArticles(ArticleHandler handler, RecentIds recentIds, Consumer<Boolean> onConnected) {
        this(handler, recentIds, onConnected, new SubscriberMetrics(new Monitoring().registry(), Clock.systemUTC()));
    }

    /**
     * @param onConnected called with {@code reconnect} after every successful connection; Paho does not
     *                    restore subscriptions itself, so this is where they are (re)made
     * @param metrics     counts what arrives
     * @param listeners   told when the connection comes and goes, e.g. the program's health
     */
    IncomingArticles(ArticleHandler handler, RecentIds recentIds, Consumer<Boolean> onConnected, SubscriberMetrics metrics,
            ConnectionListener... listeners) {
        super(log, listeners);
        this.handler = handler;
        this.recentIds = recentIds;
        this.onConnected = onConnected;
        this.metrics = metrics;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        byte[] payload = message.getPayload();
        Article article;
        try {
            article = codec.decode(payload);
        } catch (InvalidArticleException e) {
            invalid.incrementAndGet();
            metrics.invalid();
            log.warn("invalid article ignored: topic={} bytes={} reason={}", topic, payload == null ? 0 : payload.length, e.getMessage());
            return;
        }
        if (!article.topic().equals(topic)) {
            // A mislabelled article would slip past the subscriber's topic filter.
            invalid.incrementAndGet();
            metrics.invalid();
            log.warn("invalid article ignored: topic={} id={} reason=it says it belongs to {}", topic, article.id(), article.topic());
            return;
        }
        if (!recentIds.firstSighting(article.id())) {
            duplicates.incrementAndGet();
            metrics.duplicate();
            log.info("duplicate article ignored: topic={} id={}", topic, article.id());
            return;
        }
        // Counted before the handler runs, so that the latency is the broker's and not the handler's.
        metrics.received(article);
        try {
            handler.onArticle(topic, article);
        } catch (RuntimeException e) {
            log.error("article handler failed: topic={} id={}", topic, article.id(), e);
        }
    }

    /** Logs the first connection too, since subscribing starts here, and (re)subscribes. */
    @Override
    protected void onConnected(boolean reconnect, String serverUri) {
        log.info("{}: broker={}", reconnect ? "reconnected" : "connected", serverUri);
        try {
            onConnected.accept(reconnect);
        } catch (RuntimeException e) {
            log.error("subscribing after connect failed", e);
        }
    }

    /** Messages dropped because they were not valid articles. */
    long invalidCount() {
        return invalid.get();
    }

    /** Messages dropped because their article id was seen recently. */
    long duplicateCount() {
        return duplicates.get();
    }
}
