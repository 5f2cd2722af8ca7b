package io.securemqtt.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Whether the program's MQTT client is connected, and since when or why not: what {@code GET /health}
 * answers, and the {@code mqtt_connected} and {@code mqtt_reconnects_total} metrics.
 *
 * <p>Thread-safe: Paho's callback thread writes, the HTTP server's threads read.
 */
public final class ConnectionHealth implements ConnectionListener {

    static final String CONNECTED = "mqtt.connected";
    static final String RECONNECTS = "mqtt.reconnects";

    /**
     * What {@code /health} says.
     *
     * @param connected   true while the client is connected to the broker
     * @param description one line, e.g. {@code connected to ssl://mosquitto:8883 for 42 s} or
     *                    {@code not connected: connection lost 12 s ago: Connection lost (java.io.EOFException)}
     */
    public record Status(boolean connected, String description) {
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
        state = new State(false, null, oneLine(reason), clock.instant());
    }

    public boolean isConnected() {
        return state.connected();
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

    /** A health check reads one line; Paho's messages may carry a stack of causes. */
    private static String oneLine(String text) {
        return text == null ? "no reason given" : text.replaceAll("[\\r\\n]+", " ");
    }
}
