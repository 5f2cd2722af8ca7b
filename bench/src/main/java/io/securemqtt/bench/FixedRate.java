package io.securemqtt.bench;

/**
 * A fixed-rate schedule (not fixed delay): message i is due at start + i / rate. A sender that
 * falls behind sends the overdue ones at once and catches up, and the latency of each is counted
 * from when it was due, so stalls are not hidden (no coordinated omission).
 */
final class FixedRate {

    private final long startNanos;
    private final long periodNanos;

    /** Starts a little in the future, so that the first message is not already late. */
    FixedRate(int ratePerSecond) {
        this.periodNanos = 1_000_000_000L / ratePerSecond;
        this.startNanos = System.nanoTime() + 50_000_000L;
    }

    long dueNanos(long i) {
        return startNanos + i * periodNanos;
    }

    /** Waits until message {@code i} is due, and returns when that is. */
    long awaitDue(long i) {
        long due = dueNanos(i);
        Waiting.untilNanos(due);
        return due;
    }
}
