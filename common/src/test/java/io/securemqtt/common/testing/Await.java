package io.securemqtt.common.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for what another thread or the other end of a socket does in its own time. */
public final class Await {

    private Await() {
    }

    /** Waits until {@code condition} holds; fails with {@code failure} after {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure + " within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + failure, e);
            }
        }
    }
}
