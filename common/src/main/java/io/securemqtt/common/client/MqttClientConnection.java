package io.securemqtt.common.client;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.slf4j.Logger;

import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ClientStatus;
import io.securemqtt.common.mqtt.ConnectionCallback;
import io.securemqtt.common.mqtt.ConnectionListener;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.common.mqtt.SessionTakeovers;

/**
 * How every client of the project connects, in one place: a Paho client, its one callback with
 * everything that follows the connection (the program's {@code /health}, the
 * {@code clients/<identity>/<client-id>/status} topic, the takeover count, then the client's own
 * listeners), the connect, and a disconnect if the connect fails.
 *
 * <p>The Will ({@code offline}) is in the options {@link MqttConnections} makes, and {@code online}
 * goes to the topic of that Will, at every (re)connection: each client says both.
 *
 * <pre>{@code
 * MqttClientConnection connection = MqttClientConnection.create(settings, MqttConnections.cleanSession(settings), monitoring, log);
 * ... connection.client() ...                          // e.g. to make the listeners that publish with it
 * connection.connect(ConnectionCallback.NO_MESSAGES);  // returns once the broker has accepted us
 * ...
 * MqttConnections.close(connection.client(), log);      // DISCONNECT 0x04: the broker publishes our Will
 * }</pre>
 */
public final class MqttClientConnection {

    private final MqttSettings settings;
    private final MqttConnectionOptions options;
    private final Monitoring monitoring;
    private final Logger log;
    private final MqttAsyncClient client;
    private final ClientStatus status;

    private MqttClientConnection(MqttSettings settings, MqttConnectionOptions options, Monitoring monitoring, Logger log) {
        this.settings = settings;
        this.options = options;
        this.monitoring = monitoring;
        this.log = log;
        this.client = MqttConnections.newClient(settings);
        this.status = new ClientStatus(client, options);
    }

    /**
     * A client not connected yet.
     *
     * @param options    {@link MqttConnections#cleanSession} or {@link MqttConnections#persistentSession} for
     *                   {@code settings}, which carry the Will; they may be adjusted before (the benchmark does)
     * @param monitoring where the connection's health and takeovers are counted
     * @param log        the client's own logger, for the lines about its connection
     * @throws IllegalArgumentException if the options carry no Will
     */
    public static MqttClientConnection create(MqttSettings settings, MqttConnectionOptions options, Monitoring monitoring, Logger log) {
        return new MqttClientConnection(settings, options, monitoring, log);
    }

    /** The client, connected once {@link #connect} has returned. */
    public MqttAsyncClient client() {
        return client;
    }

    /**
     * Sets the callback, then connects and waits for the CONNACK; {@code online} follows on Paho's
     * callback thread. The callback is set first: with a persistent session, queued messages arrive
     * right after the CONNACK. If the connect fails, the client is disconnected and closed.
     *
     * @param messages  every message that arrives ({@link ConnectionCallback#NO_MESSAGES} for a publisher)
     * @param listeners the client's own, told of every connection and loss after health, status and takeovers
     * @throws io.securemqtt.common.mqtt.BrokerConnectionException if the broker cannot be reached or refuses us
     */
    public void connect(IMqttMessageListener messages, ConnectionListener... listeners) {
        List<ConnectionListener> all = new ArrayList<>();
        all.add(monitoring.connection());
        all.add(status);
        all.add(new SessionTakeovers(monitoring.registry()));
        all.addAll(List.of(listeners));
        client.setCallback(new ConnectionCallback(log, messages, all));
        try {
            MqttConnections.connect(client, options, settings);
        } catch (RuntimeException e) {
            MqttConnections.disconnectQuietly(client);
            throw e;
        }
    }
}
