package io.securemqtt.subscriber;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.Article;
import io.securemqtt.common.ArticleCodec;
import io.securemqtt.common.ConnectionEventsLogger;
import io.securemqtt.common.InvalidArticleException;

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
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    /**
     * @param onConnected called with {@code reconnect} after every successful connection; Paho does not
     *                    restore subscriptions itself, so this is where they are (re)made
     */
    IncomingArticles(ArticleHandler handler, RecentIds recentIds, Consumer<Boolean> onConnected) {
        super(log);
        this.handler = handler;
        this.recentIds = recentIds;
        this.onConnected = onConnected;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        byte[] payload = message.getPayload();
        Article article;
        try {
            article = codec.decode(payload);
        } catch (InvalidArticleException e) {
            invalid.incrementAndGet();
            log.warn("invalid article ignored: topic={} bytes={} reason={}", topic, payload == null ? 0 : payload.length, e.getMessage());
            return;
        }
        if (!article.topic().equals(topic)) {
            // A mislabelled article would slip past the subscriber's topic filter.
            invalid.incrementAndGet();
            log.warn("invalid article ignored: topic={} id={} reason=it says it belongs to {}", topic, article.id(), article.topic());
            return;
        }
        if (!recentIds.firstSighting(article.id())) {
            duplicates.incrementAndGet();
            log.info("duplicate article ignored: topic={} id={}", topic, article.id());
            return;
        }
        try {
            handler.onArticle(topic, article);
        } catch (RuntimeException e) {
            log.error("article handler failed: topic={} id={}", topic, article.id(), e);
        }
    }

    /** Logs the first connection too, since subscribing starts here, and (re)subscribes. */
    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
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
