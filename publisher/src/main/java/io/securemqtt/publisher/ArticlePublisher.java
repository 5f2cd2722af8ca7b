package io.securemqtt.publisher;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.article.ArticleCodec;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.client.MqttClientConnection;
import io.securemqtt.common.mqtt.ClientCredentials;
import io.securemqtt.common.mqtt.ConnectionCallback;
import io.securemqtt.common.mqtt.ConnectionListener;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.common.mqtt.ReasonCodes;

/**
 * Publishes articles as JSON to {@code articulos/<newspaper>/<section>} with QoS 1, so each one is
 * acknowledged by the broker (PUBACK) or reported as failed.
 *
 * <pre>{@code
 * try (ArticlePublisher publisher = ArticlePublisher.connect(settings)) {
 *     publisher.publish(article);   // returns once the broker has accepted it
 * }
 * }</pre>
 *
 * <p>Thread-safe. The session is clean: a publisher has nothing for the broker to keep.
 *
 * <p>After every reconnect it publishes again the articles acknowledged in the last seconds before
 * the loss ({@link RecentlyAcknowledged} says why): a broker killed just after a PUBACK may not
 * have stored the article. Subscribers see a duplicate at most, which QoS 1 allows.
 *
 * <p>Counts what it publishes, acknowledged or failed, in the {@link Monitoring} it is given, and
 * reports its connection there ({@code /health}) and on {@code clients/<identity>/<client-id>/status}.
 */
public final class ArticlePublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArticlePublisher.class);

    static final int QOS = 1;
    static final Duration PUBACK_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The {@code reason} of {@code articles_refused_total} for a PUBACK whose reason code Paho 1.2.5
     * cannot read: MQTT 5 allows only 0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97 and 0x99 in a
     * PUBACK, but Mosquitto 2.0 answers 0x95 (packet too large) to a payload over its
     * {@code message_size_limit}, and Paho drops the connection for it ("Invalid Return code").
     */
    static final String UNREADABLE_PUBACK = "unreadable";
    private static final String UNREADABLE_PUBACK_REASON = "a PUBACK reason code MQTT 5 does not allow (Mosquitto sends 0x95"
            + " packet too large for a payload over its message_size_limit), which Paho answers by dropping the connection; reconnecting";

    private final MqttAsyncClient client;
    private final WindowedPublisher window;
    private final ArticleCodec codec = new ArticleCodec();
    private final PublisherMetrics metrics;
    private final RecentlyAcknowledged recentlyAcknowledged = new RecentlyAcknowledged();
    /** Publishing again may wait for room in the broker's window: never on Paho's callback thread. */
    private final ExecutorService republishing = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "article-republisher");
        thread.setDaemon(true);
        return thread;
    });

    /** @param connection not connected yet: its listener, made here, publishes again after reconnects */
    ArticlePublisher(MqttClientConnection connection, PublisherMetrics metrics) {
        this.client = connection.client();
        this.window = new WindowedPublisher(client, PUBACK_TIMEOUT);
        this.metrics = metrics;
    }

    /**
     * As {@link #connect(MqttSettings, Monitoring)}, counting in a {@link Monitoring} nobody reads.
     */
    public static ArticlePublisher connect(MqttSettings settings) {
        return connect(settings, new Monitoring());
    }

    /**
     * Connects and returns once the broker has accepted the connection.
     *
     * @param monitoring where to count articles and report the connection's health
     * @throws io.securemqtt.common.tls.TlsMaterialException       if a certificate or key file cannot be used
     * @throws io.securemqtt.common.mqtt.BrokerConnectionException if the broker cannot be reached or refuses us
     */
    public static ArticlePublisher connect(MqttSettings settings, Monitoring monitoring) {
        return connect(ClientCredentials.load(settings), monitoring);
    }

    /**
     * As {@link #connect(MqttSettings, Monitoring)}, with the certificate and key files read at start.
     *
     * @throws io.securemqtt.common.mqtt.BrokerConnectionException if the broker cannot be reached or refuses us
     */
    public static ArticlePublisher connect(ClientCredentials credentials, Monitoring monitoring) {
        MqttSettings settings = credentials.settings();
        MqttClientConnection connection = MqttClientConnection.create(settings, MqttConnections.cleanSession(credentials), monitoring, log);
        ArticlePublisher publisher = new ArticlePublisher(connection, new PublisherMetrics(monitoring.registry()));
        try {
            connection.connect(ConnectionCallback.NO_MESSAGES, publisher.new RepublishAfterReconnect());
        } catch (RuntimeException e) {
            publisher.republishing.shutdownNow();
            throw e;
        }
        log.info("connected: broker={} clientId={}", settings.serverUri(), settings.clientId());
        return publisher;
    }

    /**
     * Publishes and waits for the broker's PUBACK.
     *
     * @throws PublishException if not connected, the broker refuses it (e.g. 0x87 not authorized by
     *                          the ACL, 0x95 packet too large), or no PUBACK arrives within 10 s
     */
    public void publish(Article article) {
        String topic = article.topic();
        try {
            publishAsync(article).get(PUBACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PublishException failure) {
                throw failure;
            }
            throw new PublishException(topic, article.id(), String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException(topic, article.id(), "no PUBACK from the broker within " + PUBACK_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException(topic, article.id(), "interrupted while waiting for the PUBACK", e);
        }
    }

    /**
     * Publishes without waiting for the PUBACK; it waits only while as many articles as the broker
     * accepts at once (its Receive Maximum) await theirs. The future completes when the PUBACK
     * arrives, or fails with a {@link PublishException}. It completes on Paho's callback thread:
     * chain slow work with the {@code ...Async} methods of {@link CompletableFuture}, or Paho stalls
     * meanwhile.
     */
    public CompletableFuture<Void> publishAsync(Article article) {
        String topic = article.topic();
        CompletableFuture<Void> result = new CompletableFuture<>();
        metrics.published();
        // Attached before anything can complete it: each outcome is counted once, on the thread that completes it.
        result.whenComplete((ignored, failure) -> {
            if (failure == null) {
                metrics.acknowledged();
            } else {
                metrics.failed();
            }
        });
        if (!client.isConnected()) {
            result.completeExceptionally(new PublishException(topic, article.id(),
                    "not connected to the broker (automatic reconnect in progress)", null));
            return result;
        }
        byte[] payload = codec.encode(article);
        try {
            window.publish(topic, message(payload), new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // A PUBACK with a failure reason code still counts as "success" for Paho.
                    int failure = ReasonCodes.firstFailure(token.getReasonCodes());
                    if (failure >= 0) {
                        metrics.refused(String.format("0x%02X", failure));
                        result.completeExceptionally(PublishException.refused(topic, article.id(), failure, hint(failure)));
                        return;
                    }
                    log.info("article published: topic={} id={} title=\"{}\"", topic, article.id(), article.title());
                    recentlyAcknowledged.acknowledged(topic, article.id(), payload);
                    result.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    if (failure instanceof MqttException e && e.getReasonCode() == MqttException.REASON_CODE_INVALID_RETURN_CODE) {
                        metrics.refused(UNREADABLE_PUBACK);
                        result.completeExceptionally(PublishException.refused(topic, article.id(), UNREADABLE_PUBACK_REASON, failure));
                        return;
                    }
                    result.completeExceptionally(new PublishException(topic, article.id(), String.valueOf(failure.getMessage()), failure));
                }
            });
        } catch (MqttException | RuntimeException e) {
            result.completeExceptionally(new PublishException(topic, article.id(), String.valueOf(e.getMessage()), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(new PublishException(topic, article.id(), "interrupted while waiting for"
                    + " room in the broker's window of unacknowledged messages", e));
        }
        return result;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Disconnects cleanly; a publish still waiting for its PUBACK fails. */
    @Override
    public void close() {
        republishing.shutdownNow();
        MqttConnections.close(client, log);
    }

    private static MqttMessage message(byte[] payload) {
        MqttProperties properties = new MqttProperties();
        properties.setContentType(ArticleCodec.CONTENT_TYPE);
        properties.setPayloadFormat(true); // UTF-8 text, so the broker and tools may check and show it
        return new MqttMessage(payload, QOS, false, properties);
    }

    /** Remembers each loss, and after each reconnect publishes the window before it again. */
    private final class RepublishAfterReconnect implements ConnectionListener {

        @Override
        public void connected(boolean reconnect, String serverUri) {
            if (reconnect) {
                try {
                    republishing.execute(ArticlePublisher.this::republish);
                } catch (RejectedExecutionException e) {
                    // Closing: a reconnect that completed meanwhile has nothing left to publish again.
                }
            }
        }

        @Override
        public void lost(String reason) {
            recentlyAcknowledged.connectionLost();
        }
    }

    private void republish() {
        var again = recentlyAcknowledged.takeForRepublish();
        if (!again.isEmpty()) {
            log.info("publishing again {} articles acknowledged in the {} s before the connection was lost:"
                    + " a broker that died then may not have stored them", again.size(), RecentlyAcknowledged.WINDOW.toSeconds());
        }
        for (RecentlyAcknowledged.Sent sent : again) {
            try {
                window.publish(sent.topic(), message(sent.payload()), new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        int failure = ReasonCodes.firstFailure(token.getReasonCodes());
                        if (failure >= 0) {
                            log.warn("article not published again: topic={} id={} reason={}", sent.topic(), sent.id(),
                                    ReasonCodes.describe(failure));
                            return; // refused, not lost: the broker says so and will say so again
                        }
                        metrics.republished();
                        log.info("article published again: topic={} id={}", sent.topic(), sent.id());
                        recentlyAcknowledged.acknowledged(sent.topic(), sent.id(), sent.payload());
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable failure) {
                        keepForNextReconnect(sent, String.valueOf(failure.getMessage()));
                    }
                });
            } catch (MqttException | RuntimeException e) {
                keepForNextReconnect(sent, String.valueOf(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // closing
            }
        }
    }

    private void keepForNextReconnect(RecentlyAcknowledged.Sent sent, String reason) {
        log.warn("article not published again, kept for the next reconnect: topic={} id={} reason={}", sent.topic(), sent.id(), reason);
        recentlyAcknowledged.acknowledged(sent.topic(), sent.id(), sent.payload());
    }

    private static String hint(int reasonCode) {
        return reasonCode == ReasonCodes.NOT_AUTHORIZED
                ? "; the broker's ACL must grant this certificate's CN write access to the topic"
                : "";
    }
}
