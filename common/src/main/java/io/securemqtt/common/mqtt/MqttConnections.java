package io.securemqtt.common.mqtt;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;

import io.securemqtt.common.article.ArticleCodec;
import io.securemqtt.common.tls.TlsMaterialException;

/**
 * Every Paho connection setting of the project in one place, with the defaults that Paho 1.2.5
 * gets wrong for a long-running service fixed.
 *
 * <p>A client program connects through {@code io.securemqtt.common.client.MqttClientConnection}, which
 * uses these with its callback, status and health; alone they serve tools and tests:
 *
 * <pre>{@code
 * MqttAsyncClient client = MqttConnections.newClient(settings);
 * client.setCallback(callback);                      // before connect: queued messages arrive right after CONNACK
 * MqttConnections.connect(client, MqttConnections.persistentSession(settings, Duration.ofDays(1)), settings);
 * }</pre>
 */
public final class MqttConnections {

    static final int CONNECTION_TIMEOUT_SECONDS = 10;
    static final int KEEP_ALIVE_SECONDS = 30;
    static final int RECONNECT_MIN_DELAY_SECONDS = 1;
    static final int RECONNECT_MAX_DELAY_SECONDS = 30;

    /**
     * Room in a PUBLISH beyond its payload: fixed header (at most 5 bytes), topic (2 + its length; ours
     * are {@code articulos/<newspaper>/<section>}, well under 200), packet id (2) and properties
     * (content type, payload format, message expiry, subscription identifiers, a broker's user
     * properties). Generous on purpose: a valid article that does not fit would be dropped for us in silence.
     */
    static final int PUBLISH_OVERHEAD_BYTES = 4 * 1024;

    /**
     * The MQTT 5 Maximum Packet Size every client announces in its CONNECT: the largest article and
     * its headers. The broker must not send us a bigger packet (Mosquitto drops it for us, and drops
     * a QoS 1 one from our session, so it is not redelivered). Without it a single huge publish made
     * Paho allocate the whole packet before any check of ours, and the subscriber died of
     * OutOfMemoryError at every restart.
     */
    public static final int MAXIMUM_PACKET_SIZE = ArticleCodec.MAX_PAYLOAD_BYTES + PUBLISH_OVERHEAD_BYTES;

    /** DISCONNECT reason code "Disconnect with Will Message": the broker publishes our Will all the same. */
    static final int DISCONNECT_WITH_WILL = 0x04;

    /** Paho's own timeout covers TCP and TLS; this also bounds the wait for CONNACK. */
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(CONNECTION_TIMEOUT_SECONDS + 5);
    /** How long a disconnect lets messages in flight finish before it sends DISCONNECT. */
    private static final Duration DISCONNECT_QUIESCE = Duration.ofSeconds(5);
    private static final Duration DISCONNECT_WAIT = Duration.ofSeconds(6);

    /** Paho's threads for every client: its own, without the 100 ms sleeps of its components' starts. */
    private static final PahoThreads THREADS = new PahoThreads();

    private MqttConnections() {
    }

    /**
     * Options for a session that ends with the connection: nothing is queued for us while away.
     * Right for a publisher.
     *
     * @throws TlsMaterialException if a certificate or key file cannot be used
     */
    public static MqttConnectionOptions cleanSession(MqttSettings settings) {
        return cleanSession(ClientCredentials.load(settings));
    }

    /** As {@link #cleanSession(MqttSettings)}, with files read already. */
    public static MqttConnectionOptions cleanSession(ClientCredentials credentials) {
        MqttConnectionOptions options = base(credentials);
        options.setCleanStart(true);
        return options;
    }

    /**
     * Options for a session the broker keeps for {@code expiry} after we disconnect, queueing QoS 1
     * messages for our subscriptions meanwhile. Right for a subscriber that must not miss articles.
     *
     * @throws TlsMaterialException if a certificate or key file cannot be used
     */
    public static MqttConnectionOptions persistentSession(MqttSettings settings, Duration expiry) {
        return persistentSession(ClientCredentials.load(settings), expiry);
    }

    /** As {@link #persistentSession(MqttSettings, Duration)}, with files read already. */
    public static MqttConnectionOptions persistentSession(ClientCredentials credentials, Duration expiry) {
        if (expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("session expiry must be positive, got " + expiry);
        }
        MqttConnectionOptions options = base(credentials);
        options.setCleanStart(false);
        // Without an expiry interval MQTT 5 ends the session at disconnect, cleanStart=false or not.
        options.setSessionExpiryInterval(expiry.toSeconds());
        return options;
    }

    /**
     * A client that keeps its in-flight state in memory: the container's working directory stays
     * clean, and a persistent session on the broker is what survives restarts. Its threads are
     * {@link PahoThreads}, and its keep-alive runs on a timer of its own, as Paho's default does.
     */
    public static MqttAsyncClient newClient(MqttSettings settings) {
        try {
            return new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence(),
                    new TimerPingSender(null), THREADS);
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.serverUri() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects and waits for the CONNACK.
     *
     * @throws BrokerConnectionException saying what to check, e.g. host name, CA, ACL
     */
    public static void connect(MqttAsyncClient client, MqttConnectionOptions options, MqttSettings settings) {
        try {
            client.connect(options).waitForCompletion(CONNECT_WAIT.toMillis());
        } catch (MqttException | RuntimeException e) {
            throw ConnectFailures.explain(settings, e);
        }
    }

    /**
     * Disconnects politely if connected, then releases the client's threads. Never throws: this runs
     * on shutdown paths, where there is nothing better to do with a failure than to log it.
     *
     * <p>The DISCONNECT carries reason code 0x04, so the broker publishes our Will: a client that
     * stops is {@code offline} on its status topic ({@link ClientStatus}) like one that vanished.
     *
     * @return a description of what went wrong, or null if all went well
     */
    public static String disconnectQuietly(MqttAsyncClient client) {
        String problem = null;
        try {
            if (client.isConnected()) {
                disconnect(client);
            }
        } catch (MqttException | RuntimeException e) {
            problem = "disconnect failed: " + e.getMessage();
        }
        try {
            // force: also between two of Paho's automatic reconnect attempts. During an attempt Paho
            // refuses (32110, connect in progress), and the problem returned says so.
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            problem = (problem == null ? "" : problem + "; ") + "close failed: " + e.getMessage();
        }
        return problem;
    }

    /**
     * DISCONNECT 0x04, and waits until Paho has stopped its threads and closed the socket. Paho's
     * {@code disconnect} sleeps 100 ms on the thread that calls it, after handing the work to a
     * thread of its own: it is called on a short-lived thread, and this one waits for the outcome
     * only, through the token's listener, which Paho calls once all is done.
     */
    private static void disconnect(MqttAsyncClient client) throws MqttException {
        CompletableFuture<IMqttToken> done = new CompletableFuture<>();
        MqttActionListener listener = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.complete(token);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                done.complete(token);
            }
        };
        Thread caller = new Thread(() -> {
            try {
                client.disconnect(DISCONNECT_QUIESCE.toMillis(), null, listener, DISCONNECT_WITH_WILL, new MqttProperties());
            } catch (MqttException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "MQTT Disc call: " + client.getClientId());
        caller.setDaemon(true);
        caller.start();
        IMqttToken token;
        try {
            token = done.get(DISCONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MqttException mqtt) {
                throw mqtt;
            }
            throw (RuntimeException) e.getCause();
        } catch (TimeoutException e) {
            throw new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttException(e);
        }
        // Complete: returns at once, or throws what went wrong, as it always did.
        token.waitForCompletion(DISCONNECT_WAIT.toMillis());
    }

    /**
     * A client's own close: {@link #disconnectQuietly}, and one line on {@code log} saying whether
     * the disconnect was clean.
     */
    public static void close(MqttAsyncClient client, Logger log) {
        String problem = disconnectQuietly(client);
        if (problem == null) {
            log.info("disconnected: clientId={}", client.getClientId());
        } else {
            log.warn("disconnect was not clean: clientId={} {}", client.getClientId(), problem);
        }
    }

    /** One line on why a connection ended, for the {@code disconnected} callback's log line. */
    public static String describe(MqttDisconnectResponse response) {
        if (response == null) {
            return "no reason given";
        }
        if (response.getException() != null) {
            Throwable cause = response.getException().getCause();
            return response.getException().getMessage() + (cause == null ? "" : " (" + cause + ")");
        }
        int code = response.getReturnCode();
        String text = "broker sent DISCONNECT " + ReasonCodes.describe(code)
                + (response.getReasonString() == null ? "" : ": " + response.getReasonString());
        if (code == ReasonCodes.SESSION_TAKEN_OVER) {
            text += "; another client connected with the same client id (" + MqttSettings.CLIENT_ID + ")";
        }
        return text;
    }

    private static MqttConnectionOptions base(ClientCredentials credentials) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        // Read at start; read again at every connection, so that renewed files take effect without a
        // restart (Paho keeps this factory for all its automatic reconnects).
        options.setSocketFactory(credentials.sockets());
        ClientStatus.setWill(options, credentials.statusTopic());
        // Checks the broker certificate's SANs against MQTT_HOST, as HTTPS does. Never turn it off:
        // any certificate from our CA would then pass for the broker.
        options.setHttpsHostnameVerificationEnabled(true);
        options.setConnectionTimeout(CONNECTION_TIMEOUT_SECONDS);
        options.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        options.setMaximumPacketSize((long) MAXIMUM_PACKET_SIZE);
        // Paho's default is to give up after the first connection loss.
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(RECONNECT_MIN_DELAY_SECONDS, RECONNECT_MAX_DELAY_SECONDS);
        return options;
    }
}
