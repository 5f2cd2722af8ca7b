package io.securemqtt.common.program;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void signalWakesTheMainThreadAndWaitsForItsCleanup() throws Exception {
        GracefulShutdown shutdown = new GracefulShutdown();
        assertFalse(shutdown.awaitRequest(Duration.ofMillis(10)));

        Thread hook = new Thread(shutdown::onSignal);
        hook.start();
        assertTrue(shutdown.awaitRequest(Duration.ofSeconds(5)), "the main thread is woken");
        assertTrue(hook.isAlive(), "the hook waits while the main thread cleans up");

        shutdown.completed();
        hook.join(5_000);
        assertFalse(hook.isAlive(), "the hook returns once cleanup is done");
    }

    @Test
    void hookReturnsAtOnceAfterTheMainThreadFinished() {
        GracefulShutdown shutdown = new GracefulShutdown();
        shutdown.completed();
        assertTimeoutPreemptively(Duration.ofSeconds(1), shutdown::onSignal);
    }
}
