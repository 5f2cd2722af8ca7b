package io.securemqtt.common.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.securemqtt.common.mqtt.ConnectionListener;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.ReasonCodes;

/**
 * Whether the program's MQTT client is connected, and since when or why not: what {@code GET /health}
 * answers, and the {@code mqtt_connected} and {@code mqtt_reconnects_total} metrics.
 *
 * <p>Thread-safe: Paho's callback thread writes, the HTTP server's threads read.
 */
public final class ConnectionHealth implements ConnectionListener {

    static final String CONNECTED = "mqtt.connected";
    static final String RECONNECTS = "mqtt.reconnects";

    /** What {@link MqttConnections#describe} starts a broker's DISCONNECT with, e.g. {@code broker sent DISCONNECT 0x8E (...)}. */
    private static final Pattern BROKER_DISCONNECT = Pattern.compile("broker sent DISCONNECT 0x([0-9A-F]{2})\\b.*", Pattern.DOTALL);
    /**
     * Paho's own message (words from its resource bundle) and the class of the cause, e.g.
     * {@code Connection lost (java.io.EOFException)}; the cause's message is left out.
     */
    private static final Pattern LOST = Pattern.compile("([A-Za-z][A-Za-z ]{0,79})(?: \\(((?:[A-Za-z_$][\\w$]*\\.)*[A-Za-z_$][\\w$]*)(?::.*)?\\))?",
            Pattern.DOTALL);

    /**
     * What {@code /health} says.
     *
     * @param connected   true while the client is connected to the broker
     * @param description one line, e.g. {@code connected to ssl://mosquitto:8883 for 42 s} or
     *                    {@code not connected: connection lost 12 s ago: Connection lost (java.io.EOFException)};
     *                    never a file path, user id or anything the network sent
     */
    public record Status(boolean connected, String description) {
    }

    /**
     * Whether the client is connected, and since when: its last connection, or else its last loss
     * (the program's start before any connection). Our clock's instant only: nothing the network sent.
     */
    public record Since(boolean connected, Instant at) {
    }

    /** The last event: a connection to {@code broker}, or a loss (or the start) for {@code reason}. */
    private record State(boolean connected, String broker, String reason, Instant since) {
    }

    private final Clock clock;
    private final Counter reconnects;
    private volatile State state;

    public ConnectionHealth(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.state = new State(false, null, null, clock.instant());
        Gauge.builder(CONNECTED, this, health -> health.isConnected() ? 1 : 0)
                .description("1 while the MQTT client is connected to the broker, else 0")
                .strongReference(true)
                .register(registry);
        this.reconnects = Counter.builder(RECONNECTS)
                .description("Automatic reconnections to the broker after a lost connection")
                .register(registry);
    }

    @Override
    public void connected(boolean reconnect, String serverUri) {
        state = new State(true, serverUri, null, clock.instant());
        if (reconnect) {
            reconnects.increment();
        }
    }

    @Override
    public void lost(String reason) {
        state = new State(false, null, category(reason), clock.instant());
    }

    public boolean isConnected() {
        return state.connected();
    }

    /** The state and when it began, read together (e.g. for the subscriber's page). */
    public Since since() {
        State current = state;
        return new Since(current.connected(), current.since());
    }

    public Status status() {
        State current = state;
        long seconds = Duration.between(current.since(), clock.instant()).toSeconds();
        if (current.connected()) {
            return new Status(true, "connected to " + current.broker() + " for " + seconds + " s");
        }
        if (current.reason() == null) {
            return new Status(false, "not connected: not connected yet, starting " + seconds + " s ago");
        }
        return new Status(false, "not connected: connection lost " + seconds + " s ago: " + current.reason());
    }

    /**
     * The kind of loss, from {@link MqttConnections#describe}'s text, for anyone who can reach
     * {@code /health}: the log line has the whole reason. Only our own words, a reason code and an
     * exception's class get through: an exception's message may name a file and the uid that
     * cannot read it (a TLS material problem), and a broker's reason string is network input.
     */
    static String category(String reason) {
        if (reason == null) {
            return "no reason given";
        }
        Matcher disconnect = BROKER_DISCONNECT.matcher(reason);
        if (disconnect.matches()) {
            return "broker sent DISCONNECT " + ReasonCodes.describe(Integer.parseInt(disconnect.group(1), 16));
        }
        Matcher lost = LOST.matcher(reason);
        if (lost.matches()) {
            return lost.group(1) + (lost.group(2) == null ? "" : " (" + lost.group(2) + ")");
        }
        return "connection lost (the log says why)";
    }
}
