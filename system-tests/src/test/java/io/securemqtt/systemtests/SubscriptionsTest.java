package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.client.MqttClientConnection;
import io.securemqtt.common.client.Subscriptions;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ConnectionCallback;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.MqttSettings;

/** The one way every client subscribes, against the real broker: its SUBACK read filter by filter, and its failures. */
class SubscriptionsTest {

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void everyFilterTheBrokerGrantsCompletesEmpty() throws Exception {
        MqttAsyncClient client = connected(broker.settings("subscriber"));
        try {
            CompletableFuture<Optional<Subscriptions.Refusal>> outcome = Subscriptions.subscribe(client,
                    List.of(new MqttSubscription("articulos/+/futbol", 1), new MqttSubscription("articulos/+/deportes", 1)));
            assertEquals(Optional.empty(), outcome.get(10, TimeUnit.SECONDS));
        } finally {
            MqttConnections.close(client, LoggerFactory.getLogger(SubscriptionsTest.class));
        }
    }

    /** Paho throws at once when not connected: that becomes the future's failure, for the caller's own words, not an exception on Paho's thread. */
    @Test
    void aSubscribeThatCannotBeSentFailsTheFutureInsteadOfThrowing() {
        MqttAsyncClient client = MqttConnections.newClient(broker.settings("subscriber"));
        CompletableFuture<Optional<Subscriptions.Refusal>> outcome = Subscriptions.subscribe(client, List.of(new MqttSubscription("articulos/+/futbol", 1)));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> outcome.get(10, TimeUnit.SECONDS));
        assertInstanceOf(MqttException.class, failure.getCause());
        assertEquals(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED, ((MqttException) failure.getCause()).getReasonCode());
    }

    private static MqttAsyncClient connected(MqttSettings settings) {
        MqttClientConnection connection = MqttClientConnection.create(settings, MqttConnections.cleanSession(settings), new Monitoring(),
                LoggerFactory.getLogger(SubscriptionsTest.class));
        connection.connect(ConnectionCallback.NO_MESSAGES);
        return connection.client();
    }
}
