package io.securemqtt.publisher;

import java.time.Duration;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes asynchronously as fast as the broker lets us: up to its Receive Maximum (Mosquitto's
 * {@code max_inflight_messages}) QoS 1 messages await their PUBACK at once, and a publish beyond
 * that waits for one to be acknowledged instead of failing.
 *
 * <p>Paho 1.2.5 honours the broker's Receive Maximum by throwing "too many publishes in progress"
 * (reason code 32202) rather than waiting; its own count of messages in flight stays the one truth
 * here, so nothing can leak a permit when a connection drops with messages in flight.
 *
 * <pre>{@code
 * WindowedPublisher window = new WindowedPublisher(client);
 * window.publish(topic, message, listener);   // returns at once unless the window is full
 * }</pre>
 */
public final class WindowedPublisher {

    /** Paho's reason code for a publish beyond the broker's Receive Maximum. */
    static final int MAX_INFLIGHT = MqttClientException.REASON_CODE_MAX_INFLIGHT;

    private static final Logger log = LoggerFactory.getLogger(WindowedPublisher.class);

    private final MqttAsyncClient client;
    private final Duration maxWait;
    private final Object acknowledged = new Object();

    /** Waits at most 10 s for room in the window, Paho's own PUBACK patience being of that order. */
    public WindowedPublisher(MqttAsyncClient client) {
        this(client, Duration.ofSeconds(10));
    }

    public WindowedPublisher(MqttAsyncClient client, Duration maxWait) {
        this.client = client;
        this.maxWait = maxWait;
    }

    /**
     * Publishes, waiting while the broker's window is full. The listener is called on Paho's
     * callback thread when the PUBACK (QoS 1) arrives or the publish fails.
     *
     * @throws MqttException as Paho's {@code publish}, or with reason 32202 if no room came within
     *                       the maximum wait
     * @throws InterruptedException if interrupted while waiting for room
     */
    public IMqttToken publish(String topic, MqttMessage message, MqttActionListener listener)
            throws MqttException, InterruptedException {
        MqttActionListener signalling = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                wakeWaiting();
                if (listener != null) {
                    guarded(topic, () -> listener.onSuccess(token));
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                wakeWaiting();
                if (listener != null) {
                    guarded(topic, () -> listener.onFailure(token, failure));
                }
            }
        };
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            try {
                return client.publish(topic, message, null, signalling);
            } catch (MqttException e) {
                if (e.getReasonCode() != MAX_INFLIGHT || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            synchronized (acknowledged) {
                // Timed: an acknowledgement may have come between the refusal and this wait.
                acknowledged.wait(1);
            }
        }
    }

    /**
     * Paho calls these listeners on its own threads, also in the middle of shutting a lost connection
     * down: anything escaping there, an Error too, would end that shutdown half way and with it every
     * automatic reconnect, silently. So it ends here, in one line with the topic.
     */
    private static void guarded(String topic, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            log.error("publish outcome not handled: topic={}", topic, e);
        }
    }

    private void wakeWaiting() {
        synchronized (acknowledged) {
            acknowledged.notifyAll();
        }
    }
}
