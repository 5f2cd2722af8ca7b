package io.securemqtt.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** What /health says, and the two connection metrics, as the connection comes and goes. */
class ConnectionHealthTest {

    private final MonitoringServerTest.MutableClock clock = new MonitoringServerTest.MutableClock(Instant.parse("2026-01-10T12:00:00Z"));
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final ConnectionHealth health = new ConnectionHealth(registry, clock);

    private double connectedGauge() {
        return registry.get("mqtt.connected").gauge().value();
    }

    private double reconnects() {
        return registry.get("mqtt.reconnects").counter().count();
    }

    @Test
    void followsTheConnection() {
        assertEquals(new ConnectionHealth.Status(false, "not connected: not connected yet, starting 0 s ago"), health.status());
        assertEquals(0, connectedGauge());

        health.connected(false, "ssl://mosquitto:8883");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(new ConnectionHealth.Status(true, "connected to ssl://mosquitto:8883 for 5 s"), health.status());
        assertTrue(health.isConnected());
        assertEquals(1, connectedGauge());
        assertEquals(0, reconnects(), "the first connection is no reconnect");

        health.lost("Connection lost (java.io.EOFException)");
        clock.advance(Duration.ofSeconds(12));
        assertEquals(new ConnectionHealth.Status(false, "not connected: connection lost 12 s ago: Connection lost (java.io.EOFException)"),
                health.status());
        assertFalse(health.isConnected());
        assertEquals(0, connectedGauge());

        health.connected(true, "ssl://mosquitto:8883");
        assertEquals(1, connectedGauge());
        assertEquals(1, reconnects());
    }
}
