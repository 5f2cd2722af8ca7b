package io.securemqtt.subscriber;

import java.util.function.Consumer;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.article.ArticleCodec;
import io.securemqtt.common.article.InvalidArticleException;
import io.securemqtt.common.mqtt.ConnectionCallback;
import io.securemqtt.common.mqtt.ConnectionListener;

/**
 * What arrives on the subscriber's connection: each message, decoded, with duplicates dropped and new
 * articles handed to the {@link ArticleHandler}; and each (re)connection, after which it subscribes
 * again. The connection's {@link ConnectionCallback} hands it both.
 *
 * <p>Nothing may escape {@link #messageArrived}: Paho treats an exception there as fatal and drops
 * the connection, and the broker would then redeliver the same bad message forever. A bad payload
 * or a failing handler costs one log line and the next message is handled as usual. Values from
 * the network reach the log through {@code LogFormat}, which escapes control characters.
 */
final class IncomingArticles implements IMqttMessageListener, ConnectionListener {

    /**
     * Also the logger of the subscriber's connection lines ({@code connected}, {@code reconnected},
     * {@code connection to broker lost}): operators and the smoke test read them under this name.
     */
    static final Logger log = LoggerFactory.getLogger(IncomingArticles.class);

    /** Longer topics are cut short in log lines; a valid article's topic has at most 139 code points. */
    static final int MAX_LOGGED_TOPIC_LENGTH = 200;

    private final ArticleCodec codec = new ArticleCodec();
    private final ArticleHandler handler;
    private final RecentIds recentIds;
    private final Consumer<Boolean> onConnected;
    private final SubscriberMetrics metrics;

    /**
     * @param onConnected called with {@code reconnect} after every successful connection; Paho does not
     *                    restore subscriptions itself, so this is where they are (re)made
     * @param metrics     counts what arrives
     */
    IncomingArticles(ArticleHandler handler, RecentIds recentIds, Consumer<Boolean> onConnected, SubscriberMetrics metrics) {
        this.handler = handler;
        this.recentIds = recentIds;
        this.onConnected = onConnected;
        this.metrics = metrics;
    }

    /**
     * Never throws. Paho acknowledges the message when this returns, whatever became of it: an
     * invalid payload or a failed handling costs a log line and a count, never a redelivery loop.
     *
     * <p>The id is remembered before the handler runs, not after it succeeds. Since the message is
     * acknowledged either way, the broker resends it only if the connection dropped before the
     * acknowledgement went out, and then the handler did run: handing it over again would repeat
     * what it already did (a log line, a page event). A handler that fails is a bug, logged at
     * ERROR and counted in {@code articles_failed_total}, not a reason to run it twice.
     */
    @Override
    public void messageArrived(String topic, MqttMessage message) {
        String id = null;
        try {
            byte[] payload = message.getPayload();
            Article article;
            try {
                article = codec.decode(payload);
            } catch (InvalidArticleException e) {
                ignoreInvalid();
                log.warn("invalid article ignored: topic={} bytes={} reason={}", shown(topic), payload == null ? 0 : payload.length,
                        e.getMessage());
                return;
            }
            id = article.id();
            if (!article.topic().equals(topic)) {
                // A mislabelled article would slip past the subscriber's topic filter.
                ignoreInvalid();
                log.warn("invalid article ignored: topic={} id={} reason=it says it belongs to {}", shown(topic), id, article.topic());
                return;
            }
            if (!recentIds.firstSighting(id)) {
                metrics.duplicate();
                log.info("duplicate article ignored: topic={} id={}", topic, id);
                return;
            }
            // Counted before the handler runs, so that the latency is the broker's and not the handler's.
            metrics.received(article);
            handler.onArticle(topic, article);
        } catch (Exception | StackOverflowError e) {
            // Not OutOfMemoryError and the like: the JVM is then in no state to go on (the image exits on it).
            metrics.failed();
            log.error("article handling failed: topic={} id={}", shown(topic), id == null ? "unknown" : id, e);
        }
    }

    private void ignoreInvalid() {
        metrics.invalid();
    }

    /**
     * The topic as a log line shows it: a topic may be some 64 KiB long (the broker allows it, and
     * {@code +} matches any level), and one message should not cost a log line that size.
     */
    static String shown(String topic) {
        if (topic == null || topic.length() <= MAX_LOGGED_TOPIC_LENGTH) {
            return topic;
        }
        return topic.substring(0, MAX_LOGGED_TOPIC_LENGTH) + "...(" + topic.length() + " characters)";
    }

    /**
     * Logs the first connection, since subscribing starts here ({@link ConnectionCallback} logs a
     * reconnection), and (re)subscribes.
     */
    @Override
    public void connected(boolean reconnect, String serverUri) {
        if (!reconnect) {
            log.info("connected: broker={}", serverUri);
        }
        try {
            onConnected.accept(reconnect);
        } catch (RuntimeException e) {
            log.error("subscribing after connect failed", e);
        }
    }

    /** Nothing to do: the broker keeps our session, and Paho reconnects by itself. */
    @Override
    public void lost(String reason) {
    }
}
