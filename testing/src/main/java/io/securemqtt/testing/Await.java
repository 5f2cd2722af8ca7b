package io.securemqtt.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one way tests wait: polling for what another thread, process, container or the other end of
 * a socket does in its own time. A timeout is a bound for a failing run, never a measurement.
 */
public final class Await {

    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /** Waits until {@code condition} holds; fails with {@code failure} after {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout, String failure) {
        until(condition, timeout, () -> failure + " within " + timeout.toSeconds() + " s");
    }

    /**
     * As {@link #until(BooleanSupplier, Duration, String)}, with a message made at the time of the
     * failure: e.g. a container's log as it then is.
     */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(failure.get());
            }
            pause(POLL_MILLIS);
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("interrupted while waiting: " + failure.get());
            }
        }
    }

    /** Sleeps, keeping the interrupt for the caller to see. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
