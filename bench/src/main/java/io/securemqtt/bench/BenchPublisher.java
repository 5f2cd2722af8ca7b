package io.securemqtt.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.client.MqttClientConnection;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ConnectionCallback;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.ReasonCodes;
import io.securemqtt.publisher.WindowedPublisher;

/**
 * Our publisher's connection (MqttClientConnection, a clean session) publishing through the product's
 * {@link WindowedPublisher}: asynchronously, up to the broker's Receive Maximum unacknowledged.
 * Counts acknowledgements (QoS 1: the PUBACK; QoS 0: Paho wrote it) and failures, including a
 * PUBACK with a failure reason code, which Paho reports as a success.
 */
final class BenchPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BenchPublisher.class);

    private final MqttAsyncClient client;
    private final WindowedPublisher window;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ConnectionLosses connectionLosses = new ConnectionLosses();
    private volatile long lastAcknowledgedNanos;
    private volatile String firstFailure;
    private final MqttActionListener listener = new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            int failure = ReasonCodes.firstFailure(token.getReasonCodes());
            if (failure >= 0) {
                fail("PUBACK " + ReasonCodes.describe(failure));
                return;
            }
            lastAcknowledgedNanos = System.nanoTime();
            acknowledged.incrementAndGet();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            fail(String.valueOf(exception));
        }
    };

    private BenchPublisher(MqttAsyncClient client) {
        this.client = client;
        this.window = new WindowedPublisher(client, Duration.ofSeconds(10));
    }

    static BenchPublisher connect(Broker broker, String clientId, ClientTuning tuning) {
        var settings = broker.settings(Broker.PUBLISHER, clientId);
        MqttClientConnection connection = MqttClientConnection.create(settings, tuning.apply(MqttConnections.cleanSession(settings)),
                new Monitoring(), log);
        BenchPublisher publisher = new BenchPublisher(connection.client());
        connection.connect(ConnectionCallback.NO_MESSAGES, publisher.connectionLosses);
        return publisher;
    }

    /**
     * Hands one message to Paho, waiting while the broker's window is full. A new MqttMessage each
     * time: Paho keeps the one it was given until the PUBACK. The payload array may be shared.
     */
    void publish(String topic, byte[] payload, int qos) throws MqttException, InterruptedException {
        window.publish(topic, new MqttMessage(payload, qos, false, null), listener);
    }

    /** Waits until {@code expected} publishes completed either way, or nothing happened for {@code idle}. */
    boolean awaitCompletion(long expected, Duration idle) throws InterruptedException {
        return Waiting.until(() -> acknowledged.get() + failed.get() >= expected, () -> acknowledged.get() + failed.get(), idle);
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long failed() {
        return failed.get();
    }

    String firstFailure() {
        return firstFailure;
    }

    long lastAcknowledgedNanos() {
        return lastAcknowledgedNanos;
    }

    int connectionLosses() {
        return connectionLosses.count();
    }

    @Override
    public void close() {
        MqttConnections.disconnectQuietly(client);
    }

    private void fail(String why) {
        if (firstFailure == null) {
            firstFailure = why;
        }
        failed.incrementAndGet();
    }
}
