package io.securemqtt.exporter;

import java.util.List;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.client.MqttClientConnection;
import io.securemqtt.common.client.Subscriptions;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ClientCredentials;
import io.securemqtt.common.mqtt.ConnectionListener;
import io.securemqtt.common.mqtt.MqttConnections;

/**
 * The exporter's connection: a clean session subscribed to {@code $SYS/#} at every (re)connection
 * (Paho does not resubscribe, and a clean session keeps nothing), every message handed to
 * {@link BrokerFigures}. QoS 0: a figure that is lost is replaced by the next one within
 * Mosquitto's {@code sys_interval}, and the broker keeps nothing for us while we are away.
 *
 * <p>Mosquitto grants the SUBSCRIBE whatever the ACL says and applies the read ACL per message: an
 * identity without {@code topic read $SYS/#} is subscribed and receives nothing, which
 * {@code mosquitto_up 0} shows.
 */
final class SysSubscription implements IMqttMessageListener, ConnectionListener, AutoCloseable {

    static final String FILTER = "$SYS/#";
    static final int QOS = 0;

    /** Also the logger of the exporter's connection lines ({@code connected}, {@code reconnected}, {@code connection to broker lost}). */
    private static final Logger log = LoggerFactory.getLogger(SysSubscription.class);

    private final BrokerFigures figures;
    private MqttAsyncClient client;

    private SysSubscription(BrokerFigures figures) {
        this.figures = figures;
    }

    /**
     * Connects and subscribes; returns once the broker has accepted the connection (the SUBACK follows).
     *
     * @throws io.securemqtt.common.mqtt.BrokerConnectionException if the broker cannot be reached or refuses us
     */
    static SysSubscription start(ClientCredentials credentials, BrokerFigures figures, Monitoring monitoring) {
        SysSubscription subscription = new SysSubscription(figures);
        MqttClientConnection connection = MqttClientConnection.create(credentials.settings(),
                MqttConnections.cleanSession(credentials), monitoring, log);
        subscription.client = connection.client();
        connection.connect(subscription, subscription);
        return subscription;
    }

    /** Never throws: {@link BrokerFigures#accept} refuses what it cannot use, and Paho would drop the connection. */
    @Override
    public void messageArrived(String topic, MqttMessage message) {
        try {
            figures.accept(topic, message.getPayload());
        } catch (RuntimeException e) {
            log.error("$SYS message handling failed: topic={}", SysTopic.of(topic).map(SysTopic::topic).orElse("(another)"), e);
        }
    }

    @Override
    public void connected(boolean reconnect, String serverUri) {
        if (!reconnect) {
            log.info("connected: broker={}", serverUri);
        }
        Subscriptions.subscribe(client, List.of(new MqttSubscription(FILTER, QOS))).whenComplete((refusal, failure) -> {
            if (failure != null) {
                log.error("subscription to '{}' failed: {}", FILTER, failure.getMessage());
            } else if (refusal.isPresent()) {
                log.error("broker refused subscription to '{}' with SUBACK {}", FILTER, refusal.get().reason());
            } else {
                log.info("subscribed: filter={} qos={}", FILTER, QOS);
            }
        });
    }

    /** Nothing to do: Paho reconnects by itself, and {@code mosquitto_up} follows the connection. */
    @Override
    public void lost(String reason) {
    }

    @Override
    public void close() {
        MqttConnections.close(client, log);
    }
}
