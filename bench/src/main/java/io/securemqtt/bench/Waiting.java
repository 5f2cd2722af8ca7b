package io.securemqtt.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Waiting on a counter that should reach a target. It gives up only when the counter has stopped
 * moving for a while, so a slow run is measured to its end and a run that lost messages ends soon.
 * Polling every 2 ms costs nothing measurable; the times that count are taken where things happen.
 */
final class Waiting {

    private Waiting() {
    }

    static boolean until(BooleanSupplier done, LongSupplier progress, Duration idle) throws InterruptedException {
        long last = progress.getAsLong();
        long lastChange = System.nanoTime();
        while (!done.getAsBoolean()) {
            Thread.sleep(2);
            long now = progress.getAsLong();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > idle.toNanos()) {
                return done.getAsBoolean();
            }
        }
        return true;
    }

    /** Sleeps until {@link System#nanoTime()} reaches {@code deadline}; returns at once if it has. */
    static void untilNanos(long deadline) {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(remaining);
        }
    }
}
