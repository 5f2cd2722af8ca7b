package io.securemqtt.bench;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import io.securemqtt.subscriber.ArticleSubscriber;

import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.ReasonCodes;

/**
 * Our subscriber's connection, as the product makes it (MqttConnections, a persistent session, TLS
 * from PEM files, automatic reconnect), with a callback that only counts or time-stamps instead of
 * decoding articles: the figure is then of the client and broker, not of JSON parsing.
 */
final class BenchSubscriber implements AutoCloseable {

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
        MqttAsyncClient client = MqttConnections.newClient(settings);
        ConnectionLosses callback = new ConnectionLosses("bench subscriber") {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                receipts.received(System.nanoTime(), message.getPayload());
            }
        };
        BenchSubscriber subscriber = new BenchSubscriber(client, callback);
        client.setCallback(callback);
        try {
            MqttConnections.connect(client, options, settings);
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
