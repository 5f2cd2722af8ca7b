package io.securemqtt.subscriber.page;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The latencies of the latest articles (at most {@link #CAPACITY}, and only those of the last hour),
 * for their p50 and p99 on the page. Two fixed arrays, the oldest sample overwritten by the newest:
 * {@link #BYTES}, however many articles. Not thread-safe: {@link PageFigures} locks around it.
 */
final class LatencyWindow {

    /** Enough for a p99 that means something; at the default rate (one article a second) it is the last 17 minutes. */
    static final int CAPACITY = 1024;
    /** How far back a sample still counts: the page says "over the last hour". */
    static final Duration SPAN = Duration.ofHours(1);
    /** The two arrays' contents: when each sample was taken and its latency, in milliseconds. */
    static final long BYTES = 2L * CAPACITY * Long.BYTES;

    /**
     * @param articles how many latencies the percentiles are of
     * @param p50      the median: half the articles took no longer
     * @param p99      99 in 100 took no longer
     */
    record Percentiles(int articles, Duration p50, Duration p99) {
    }

    private final long[] takenAt = new long[CAPACITY];
    private final long[] millis = new long[CAPACITY];
    private int next;
    private int size;

    /**
     * Records an article's latency. A negative one (the publisher's clock ahead of ours) counts as
     * zero, as {@code articles_latency_seconds} counts it, so that the page and /metrics agree.
     */
    void add(Instant receivedAt, Duration latency) {
        takenAt[next] = receivedAt.toEpochMilli();
        // Article.publishedAt is after 1970: no latency overflows a long of milliseconds.
        millis[next] = Math.max(0, latency.toMillis());
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    /** Samples held: at most {@link #CAPACITY}. */
    int size() {
        return size;
    }

    /** The percentiles of the samples taken in the hour up to {@code now}; empty if there is none. */
    Optional<Percentiles> percentiles(Instant now) {
        long since = now.minus(SPAN).toEpochMilli();
        long[] recent = new long[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (takenAt[i] > since) {
                recent[n++] = millis[i];
            }
        }
        if (n == 0) {
            return Optional.empty();
        }
        Arrays.sort(recent, 0, n);
        return Optional.of(new Percentiles(n, Duration.ofMillis(rank(recent, n, 50)), Duration.ofMillis(rank(recent, n, 99))));
    }

    /** The nearest-rank percentile: the smallest sample that {@code percent} % of the samples do not exceed. */
    private static long rank(long[] sorted, int n, int percent) {
        int rank = (percent * n + 99) / 100;
        return sorted[Math.max(rank, 1) - 1];
    }
}
