package io.securemqtt.bench;

import java.time.Duration;

/**
 * Counts messages and remembers when the first and the last arrived. Only one thread writes (Paho's
 * single callback thread, or a {@link LineCounter}'s reader); the benchmark thread reads.
 */
final class ReceiptCounter implements Receipts {

    private volatile long count;
    private volatile long firstNanos;
    private volatile long lastNanos;

    @Override
    public void received(long receivedNanos, byte[] payload) {
        received(receivedNanos, 1);
    }

    /** Several messages that arrived together, e.g. the lines of one chunk of mosquitto_sub's output. */
    void received(long receivedNanos, long messages) {
        if (count == 0) {
            firstNanos = receivedNanos;
        }
        lastNanos = receivedNanos;
        count = count + messages; // one writer: Paho's callback thread, or LineCounter's reader
    }

    long firstNanos() {
        return firstNanos;
    }

    long count() {
        return count;
    }

    long lastNanos() {
        return lastNanos;
    }

    /**
     * Waits until {@code expected} messages arrived, or none arrived for {@code idle}: with QoS 0 a
     * lost message never comes, and waiting for it would only add to the run time.
     *
     * @return whether all arrived
     */
    boolean await(long expected, Duration idle) throws InterruptedException {
        return Waiting.until(() -> count >= expected, () -> count, idle);
    }
}
