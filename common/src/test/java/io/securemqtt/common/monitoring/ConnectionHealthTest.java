package io.securemqtt.common.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securemqtt.testing.TravellingClock;

/** What /health says, and the two connection metrics, as the connection comes and goes. */
class ConnectionHealthTest {

    private final TravellingClock clock = new TravellingClock(Instant.parse("2026-01-10T12:00:00Z"));
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

    @Test
    void tellsSinceWhenItIsConnectedOrNot() {
        Instant start = clock.instant();
        assertEquals(new ConnectionHealth.Since(false, start), health.since(), "not yet connected: since the start");

        clock.advance(Duration.ofSeconds(3));
        health.connected(false, "ssl://mosquitto:8883");
        clock.advance(Duration.ofSeconds(40));
        assertEquals(new ConnectionHealth.Since(true, start.plusSeconds(3)), health.since());

        health.lost("Connection lost (java.io.EOFException)");
        clock.advance(Duration.ofSeconds(7));
        assertEquals(new ConnectionHealth.Since(false, start.plusSeconds(43)), health.since());

        health.connected(true, "ssl://mosquitto:8883");
        assertEquals(new ConnectionHealth.Since(true, start.plusSeconds(50)), health.since());
    }

    @Test
    void aLossIsToldByItsKindOnly() {
        // Paho's words and the cause's class; never the cause's message
        assertEquals("Connection lost (java.io.EOFException)", ConnectionHealth.category("Connection lost (java.io.EOFException)"));
        assertEquals("Connection lost (java.net.SocketException)",
                ConnectionHealth.category("Connection lost (java.net.SocketException: Connection reset)"));
        assertEquals("Connection lost (javax.net.ssl.SSLException)", ConnectionHealth.category(
                "Connection lost (javax.net.ssl.SSLException: certificate file /certs/publisher.crt is not readable by uid 10001 (user 'app'))"));
        assertEquals("Connection lost", ConnectionHealth.category("Connection lost"));
        // the code and our name for it; never the broker's reason string
        assertEquals("broker sent DISCONNECT 0x8E (session taken over)", ConnectionHealth.category(
                "broker sent DISCONNECT 0x8E (session taken over): Session taken over; another client connected with the same client id"));
        assertEquals("broker sent DISCONNECT 0x89 (server busy)", ConnectionHealth.category("broker sent DISCONNECT 0x89 (server busy): \u001b[2J"));
        // anything else: our words only
        for (String other : new String[] {"/certs/publisher.key: uid 10001", "Connection lost\n(java.io.EOFException)",
                "Connection lost (java.io.EOFException)\n\tat somewhere", "Connection lost (/etc/passwd)", "x".repeat(100)}) {
            assertEquals("connection lost (the log says why)", ConnectionHealth.category(other), other);
        }
        assertEquals("no reason given", ConnectionHealth.category(null));
    }
}
