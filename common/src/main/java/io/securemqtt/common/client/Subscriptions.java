package io.securemqtt.common.client;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import io.securemqtt.common.mqtt.ReasonCodes;

/**
 * How every client subscribes: at every connection (Paho 1.2.5 does not subscribe again after an
 * automatic reconnect, and a session may have expired meanwhile), from Paho's callback thread
 * without waiting there, with the SUBACK read filter by filter. Each caller says the outcome in its
 * own words.
 *
 * <pre>{@code
 * public void connected(boolean reconnect, String serverUri) {   // a ConnectionListener
 *     Subscriptions.subscribe(client, List.of(new MqttSubscription("$SYS/#", 0))).whenComplete((refusal, failure) -> ...);
 * }
 * }</pre>
 */
public final class Subscriptions {

    /** The broker's SUBACK refused {@code filter} with {@code reasonCode}, e.g. 0x87 not authorized by the ACL. */
    public record Refusal(String filter, int reasonCode) {

        /** E.g. {@code 0x87 (not authorized)}. */
        public String reason() {
            return ReasonCodes.describe(reasonCode);
        }
    }

    private Subscriptions() {
    }

    /**
     * Sends one SUBSCRIBE for all of {@code subscriptions} and returns at once. The future completes
     * on Paho's callback thread: empty when the broker granted every filter, the first refused one
     * otherwise; it fails with Paho's exception when the SUBSCRIBE cannot be sent or is lost.
     */
    public static CompletableFuture<Optional<Refusal>> subscribe(MqttAsyncClient client, List<MqttSubscription> subscriptions) {
        CompletableFuture<Optional<Refusal>> outcome = new CompletableFuture<>();
        MqttActionListener listener = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                outcome.complete(firstRefusal(subscriptions, token.getReasonCodes()));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                outcome.completeExceptionally(exception);
            }
        };
        // Never waits: a wait on the callback thread would keep Paho from reading the SUBACK.
        // The MqttSubscription[] overload: the String[] one with a listener recurses forever in Paho 1.2.5.
        try {
            client.subscribe(subscriptions.toArray(MqttSubscription[]::new), null, listener, null);
        } catch (MqttException | RuntimeException e) {
            outcome.completeExceptionally(e);
        }
        return outcome;
    }

    /** A SUBACK without a code for a filter grants it, as Paho reads it. */
    private static Optional<Refusal> firstRefusal(List<MqttSubscription> subscriptions, int[] codes) {
        for (int i = 0; i < subscriptions.size(); i++) {
            if (codes != null && i < codes.length && ReasonCodes.isFailure(codes[i])) {
                return Optional.of(new Refusal(subscriptions.get(i).getTopic(), codes[i]));
            }
        }
        return Optional.empty();
    }
}
