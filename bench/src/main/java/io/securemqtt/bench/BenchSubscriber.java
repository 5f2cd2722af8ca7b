package io.securemqtt.bench;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.client.MqttClientConnection;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.ReasonCodes;
import io.securemqtt.subscriber.ArticleSubscriber;

/**
 * Our subscriber's connection, as the product makes it (MqttClientConnection, a persistent session, TLS
 * from PEM files, automatic reconnect), with a callback that only counts or time-stamps instead of
 * decoding articles: the figure is then of the client and broker, not of JSON parsing.
 */
final class BenchSubscriber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BenchSubscriber.class);

    private final MqttAsyncClient client;
    private final ConnectionLosses connectionLosses;

    private BenchSubscriber(MqttAsyncClient client, ConnectionLosses connectionLosses) {
        this.client = client;
        this.connectionLosses = connectionLosses;
    }

    /** Connects, subscribes with {@code qos} and returns once the SUBACK granted it. */
    static BenchSubscriber start(Broker broker, String clientId, String topic, int qos, Receipts receipts, ClientTuning tuning) {
        var settings = broker.settings(Broker.SUBSCRIBER, clientId);
        MqttConnectionOptions options = tuning.apply(MqttConnections.persistentSession(settings, ArticleSubscriber.SESSION_EXPIRY));
        MqttClientConnection connection = MqttClientConnection.create(settings, options, new Monitoring(), log);
        MqttAsyncClient client = connection.client();
        ConnectionLosses losses = new ConnectionLosses();
        BenchSubscriber subscriber = new BenchSubscriber(client, losses);
        try {
            connection.connect((received, message) -> receipts.received(System.nanoTime(), message.getPayload()), losses);
            // The array form, as ArticleSubscriber uses: the String[] overloads misbehave in Paho 1.2.5.
            IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(topic, qos)}, null, null, new MqttProperties());
            token.waitForCompletion(10_000);
            int failure = ReasonCodes.firstFailure(token.getReasonCodes());
            if (failure >= 0) {
                throw new IllegalStateException("broker refused the subscription to " + topic + ": " + ReasonCodes.describe(failure));
            }
        } catch (MqttException | RuntimeException e) {
            MqttConnections.disconnectQuietly(client);
            throw new IllegalStateException("bench subscriber " + clientId + " could not start: " + e.getMessage(), e);
        }
        return subscriber;
    }

    /** Connections lost during the run: automatic reconnect would otherwise hide them in the figures. */
    int connectionLosses() {
        return connectionLosses.count();
    }

    @Override
    public void close() {
        MqttConnections.disconnectQuietly(client);
    }
}
