package io.securemqtt.common.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.securemqtt.common.mqtt.BrokerConnectionException;

class StartupRetryTest {

    private final StartupRetry retry = new StartupRetry(Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void retriesRetryableFailuresUntilSuccess() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Optional<String> result = retry.connect(() -> {
            if (attempts.incrementAndGet() < 4) {
                throw new BrokerConnectionException("not yet", null, true);
            }
            return "connected";
        }, new GracefulShutdown());
        assertEquals(Optional.of("connected"), result);
        assertEquals(4, attempts.get());
    }

    @Test
    void rethrowsPermanentFailureAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        BrokerConnectionException permanent = new BrokerConnectionException("not authorized", null, false);
        BrokerConnectionException thrown = assertThrows(BrokerConnectionException.class, () -> retry.connect(() -> {
            attempts.incrementAndGet();
            throw permanent;
        }, new GracefulShutdown()));
        assertSame(permanent, thrown);
        assertEquals(1, attempts.get());
    }

    @Test
    void stopsWhenShutdownIsRequested() throws Exception {
        GracefulShutdown shutdown = new GracefulShutdown();
        AtomicInteger attempts = new AtomicInteger();
        Optional<Object> result = retry.connect(() -> {
            if (attempts.incrementAndGet() == 3) {
                shutdown.request();
            }
            throw new BrokerConnectionException("down", null, true);
        }, shutdown);
        assertTrue(result.isEmpty());
        assertEquals(3, attempts.get());
    }
}
