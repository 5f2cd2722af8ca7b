package io.securemqtt.systemtests;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for what happens on the other side of a network: brokers and clients take their time. */
final class Await {

    private Await() {
    }

    /** Waits until {@code condition} holds; fails with {@code failure} after {@code timeout}. */
    static void until(BooleanSupplier condition, Duration timeout, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure + " within " + timeout.toSeconds() + " s");
            }
            pause(50);
        }
    }

    /** Sleeps, keeping the interrupt for the caller to see. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
