package io.securemqtt.publisher;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The articles the broker acknowledged in the last {@link #WINDOW} of acknowledgements, kept to be
 * published again after the connection is lost.
 *
 * <p>Why: Mosquitto 2.1.2 sends its PUBACK as soon as it has handled a PUBLISH, and its
 * persist-sqlite plugin commits at the end of that pass of the broker's loop. A broker killed in
 * between (SIGKILL, power loss) comes back without an article it acknowledged: measured as 4 to 6
 * acknowledgements in the instant of a kill, and 1 of 821 lost to an offline session in one run.
 * Publishing those again after the reconnect closes that window end to end; QoS 1 allows duplicates
 * and the subscriber drops them by article id.
 *
 * <p>The window is measured back from the last acknowledgement before the loss, not from the moment
 * the loss is noticed, so that a broker whose host vanished (noticed only at the keep-alive timeout)
 * is covered as well. Memory is bounded in bytes: past {@link #MAX_BYTES} of payload the oldest are
 * dropped first, which at the publisher's rates (one article every few seconds) never happens.
 *
 * <p>Thread-safe: acknowledgements arrive on Paho's callback thread, losses on whichever thread
 * Paho notices them.
 */
final class RecentlyAcknowledged {

    /** Far longer than one pass of the broker's loop, the real window, even on a loaded machine. */
    static final Duration WINDOW = Duration.ofSeconds(2);
    /** Payload bytes kept at most: 16 articles of the largest size, thousands of usual ones. */
    static final long MAX_BYTES = 1024 * 1024;

    /** One acknowledged article, as it was sent. */
    record Sent(String topic, String id, byte[] payload, long acknowledgedAtNanos) {
    }

    private final long windowNanos;
    private final long maxBytes;
    private final LongSupplier nanoClock;
    private final Deque<Sent> sent = new ArrayDeque<>();
    private long bytes;
    /** Set by a loss: until the reconnect takes them, nothing is dropped for age. */
    private boolean lost;
    private long lastAcknowledgedAtLoss;

    RecentlyAcknowledged() {
        this(WINDOW, MAX_BYTES, System::nanoTime);
    }

    RecentlyAcknowledged(Duration window, long maxBytes, LongSupplier nanoClock) {
        this.windowNanos = window.toNanos();
        this.maxBytes = maxBytes;
        this.nanoClock = nanoClock;
    }

    synchronized void acknowledged(String topic, String id, byte[] payload) {
        long now = nanoClock.getAsLong();
        sent.addLast(new Sent(topic, id, payload, now));
        bytes += payload.length;
        while (bytes > maxBytes) {
            bytes -= sent.removeFirst().payload().length;
        }
        if (!lost) {
            dropOlderThan(now - windowNanos);
        }
    }

    /** The connection is gone: keep what was acknowledged in the window before its last acknowledgement. */
    synchronized void connectionLost() {
        if (!lost) {
            lost = true;
            // Empty after a reconnect took everything: what fails to go out again from now on is kept.
            lastAcknowledgedAtLoss = sent.isEmpty() ? nanoClock.getAsLong() : sent.getLast().acknowledgedAtNanos();
        }
    }

    /**
     * What to publish again now that the connection is back: the window before the loss, and anything
     * acknowledged since (Paho may report an acknowledgement of the old connection late; a new one
     * sent again is only a duplicate). Empty if no loss came first.
     */
    synchronized List<Sent> takeForRepublish() {
        if (!lost) {
            return List.of();
        }
        lost = false;
        long from = lastAcknowledgedAtLoss - windowNanos;
        List<Sent> again = sent.stream().filter(s -> s.acknowledgedAtNanos() - from >= 0).toList();
        sent.clear();
        bytes = 0;
        return again;
    }

    synchronized long bytes() {
        return bytes;
    }

    private void dropOlderThan(long oldestKept) {
        while (!sent.isEmpty() && sent.getFirst().acknowledgedAtNanos() - oldestKept < 0) {
            bytes -= sent.removeFirst().payload().length;
        }
    }
}
