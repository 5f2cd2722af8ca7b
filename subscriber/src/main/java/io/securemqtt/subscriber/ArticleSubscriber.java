package io.securemqtt.subscriber;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.article.Topics;
import io.securemqtt.common.client.MqttClientConnection;
import io.securemqtt.common.client.Subscriptions;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ClientCredentials;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.common.mqtt.ReasonCodes;

/**
 * Receives articles on the given topic filters with QoS 1 and a persistent session: the broker
 * keeps the subscription and queues articles for a day while the subscriber is away, and delivers
 * them when it returns.
 *
 * <pre>{@code
 * try (ArticleSubscriber subscriber = ArticleSubscriber.start(settings, List.of("articulos/+/futbol"), new ArticleLogger(), monitoring)) {
 *     ...   // articles arrive on Paho's thread
 * }
 * }</pre>
 *
 * <p>Counts what arrives in the {@link Monitoring} it is given, and reports its connection there
 * ({@code /health}) and on {@code clients/<identity>/<client-id>/status}.
 */
public final class ArticleSubscriber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArticleSubscriber.class);

    static final int QOS = 1;
    /**
     * MQTT 5 retain handling 1: the broker sends a topic's retained article only when the subscription
     * is new. We subscribe again at every connection, and with our persistent session the
     * subscription usually still exists: with the default (0) the same retained article would be
     * handed over, and logged as new, after every restart. It comes again only once the session has
     * expired ({@link #SESSION_EXPIRY}), and never to a shared subscription (MQTT 5 sends none there).
     */
    static final int RETAIN_HANDLING = 1;
    /** How long the broker keeps our session, subscriptions and queued articles after we disconnect. */
    public static final Duration SESSION_EXPIRY = Duration.ofDays(1);
    private static final Duration SUBACK_TIMEOUT = Duration.ofSeconds(10);

    private final MqttAsyncClient client;
    private final List<String> topicFilters;
    private final CompletableFuture<Void> firstSubscription = new CompletableFuture<>();

    private ArticleSubscriber(MqttAsyncClient client, List<String> topicFilters) {
        this.client = client;
        this.topicFilters = topicFilters;
    }

    /**
     * As {@link #start(MqttSettings, List, ArticleHandler, Monitoring)}, counting in a {@link Monitoring} nobody reads.
     */
    public static ArticleSubscriber start(MqttSettings settings, List<String> topicFilters, ArticleHandler handler) {
        return start(settings, topicFilters, handler, new Monitoring());
    }

    /**
     * Connects, subscribes, and returns once the broker has confirmed every subscription (SUBACK).
     * Articles queued while we were away may reach {@code handler} before this returns.
     *
     * @param monitoring where to count articles and report the connection's health
     * @throws IllegalArgumentException                        if a topic filter is not valid
     * @throws io.securemqtt.common.tls.TlsMaterialException       if a certificate or key file cannot be used
     * @throws io.securemqtt.common.mqtt.BrokerConnectionException if the broker cannot be reached or refuses us
     * @throws SubscriptionException                           if the broker refuses a subscription, e.g. 0x87 not authorized
     */
    public static ArticleSubscriber start(MqttSettings settings, List<String> topicFilters, ArticleHandler handler,
            Monitoring monitoring) {
        Objects.requireNonNull(handler, "handler");
        List<String> filters = checked(topicFilters);
        return start(ClientCredentials.load(settings), filters, handler, monitoring);
    }

    /**
     * As {@link #start(MqttSettings, List, ArticleHandler, Monitoring)}, with the certificate and key files read at start.
     *
     * @throws IllegalArgumentException                        if a topic filter is not valid
     * @throws io.securemqtt.common.mqtt.BrokerConnectionException if the broker cannot be reached or refuses us
     * @throws SubscriptionException                           if the broker refuses a subscription, e.g. 0x87 not authorized
     */
    public static ArticleSubscriber start(ClientCredentials credentials, List<String> topicFilters, ArticleHandler handler,
            Monitoring monitoring) {
        Objects.requireNonNull(handler, "handler");
        List<String> filters = checked(topicFilters);
        MqttSettings settings = credentials.settings();
        MqttClientConnection connection = MqttClientConnection.create(settings,
                MqttConnections.persistentSession(credentials, SESSION_EXPIRY), monitoring, IncomingArticles.log);
        ArticleSubscriber subscriber = new ArticleSubscriber(connection.client(), filters);
        IncomingArticles incoming = new IncomingArticles(handler, new RecentIds(RecentIds.DEFAULT_MAX_IDS), subscriber::subscribe,
                new SubscriberMetrics(monitoring.registry(), monitoring.clock()));
        connection.connect(incoming, incoming);
        try {
            subscriber.awaitFirstSubscription();
        } catch (RuntimeException e) {
            MqttConnections.disconnectQuietly(connection.client());
            throw e;
        }
        return subscriber;
    }

    private static List<String> checked(List<String> topicFilters) {
        if (topicFilters.isEmpty()) {
            throw new IllegalArgumentException("no topic filters to subscribe to");
        }
        return topicFilters.stream().map(Topics::checkFilter).toList();
    }

    /**
     * Called on every (re)connection: {@link Subscriptions} says why. On a session the broker still
     * has, this simply replaces the same subscriptions.
     */
    private void subscribe(boolean reconnect) {
        List<MqttSubscription> subscriptions = topicFilters.stream().map(ArticleSubscriber::subscription).toList();
        Subscriptions.subscribe(client, subscriptions).whenComplete((refusal, failure) -> {
            if (failure != null) {
                failed(new SubscriptionException("subscription to " + topicFilters + " failed: " + failure.getMessage(), failure));
            } else if (refusal.isPresent()) {
                failed(new SubscriptionException("broker refused subscription to '" + refusal.get().filter() + "' with SUBACK "
                        + refusal.get().reason() + hint(refusal.get().reasonCode()), null));
            } else {
                log.info("subscribed: filters={} qos={}", topicFilters, QOS);
                firstSubscription.complete(null);
            }
        });
    }

    private void failed(SubscriptionException e) {
        if (!firstSubscription.completeExceptionally(e)) {
            // After start(): nobody to throw to, and no articles will come.
            log.error("{}", e.getMessage());
        }
    }

    private static MqttSubscription subscription(String filter) {
        MqttSubscription subscription = new MqttSubscription(filter, QOS);
        subscription.setRetainHandling(RETAIN_HANDLING);
        return subscription;
    }

    private void awaitFirstSubscription() {
        try {
            firstSubscription.get(SUBACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SubscriptionException failure) {
                throw failure;
            }
            throw new SubscriptionException("subscription to " + topicFilters + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new SubscriptionException("no SUBACK for " + topicFilters + " within " + SUBACK_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubscriptionException("interrupted while subscribing to " + topicFilters, e);
        }
    }

    private static String hint(int reasonCode) {
        return reasonCode == ReasonCodes.NOT_AUTHORIZED
                ? "; the broker's ACL must grant this certificate's CN read access to the filter"
                : "";
    }

    public List<String> topicFilters() {
        return topicFilters;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /**
     * Disconnects cleanly. The session stays on the broker for {@link #SESSION_EXPIRY}, so articles
     * published meanwhile are delivered on the next start with the same client id.
     */
    @Override
    public void close() {
        MqttConnections.close(client, log);
    }
}
