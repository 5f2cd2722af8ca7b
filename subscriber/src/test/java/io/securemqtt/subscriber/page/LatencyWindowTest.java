package io.securemqtt.subscriber.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The page's p50 and p99: the latest latencies of the last hour, in fixed arrays. */
class LatencyWindowTest {

    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    private final LatencyWindow window = new LatencyWindow();

    private static LatencyWindow.Percentiles percentiles(int articles, long p50Millis, long p99Millis) {
        return new LatencyWindow.Percentiles(articles, Duration.ofMillis(p50Millis), Duration.ofMillis(p99Millis));
    }

    @Test
    void nothingBeforeTheFirstArticle() {
        assertTrue(window.percentiles(NOW).isEmpty());
    }

    @Test
    void nearestRankPercentiles() {
        // 1 to 100 ms, out of order.
        for (int i = 0; i < 100; i++) {
            window.add(NOW.minusSeconds(i), Duration.ofMillis((i * 37) % 100 + 1));
        }
        assertEquals(percentiles(100, 50, 99), window.percentiles(NOW).orElseThrow());

        window.add(NOW, Duration.ofSeconds(7));
        assertEquals(percentiles(101, 51, 100), window.percentiles(NOW).orElseThrow(), "101 samples: p99 is the 100th");
    }

    @Test
    void oneArticleIsItsOwnMedianAndP99() {
        window.add(NOW, Duration.ofMillis(12));
        assertEquals(percentiles(1, 12, 12), window.percentiles(NOW).orElseThrow());
    }

    @Test
    void aNegativeLatencyIsAClockSkewCountedAsZero() {
        window.add(NOW, Duration.ofMillis(-750));
        assertEquals(percentiles(1, 0, 0), window.percentiles(NOW).orElseThrow());
    }

    @Test
    void onlyTheLastHourCounts() {
        window.add(NOW.minus(Duration.ofMinutes(61)), Duration.ofSeconds(30));
        window.add(NOW.minus(Duration.ofMinutes(59)), Duration.ofMillis(20));
        window.add(NOW, Duration.ofMillis(10));

        assertEquals(percentiles(2, 10, 20), window.percentiles(NOW).orElseThrow());
        assertTrue(window.percentiles(NOW.plus(Duration.ofHours(1))).isEmpty());
    }

    @Test
    void keepsTheLatestCapacityAndNoMore() {
        // A slow start, then the latest 1,024 fast: only those are left.
        for (int i = 0; i < 5_000; i++) {
            Duration latency = i < 5_000 - LatencyWindow.CAPACITY ? Duration.ofSeconds(10) : Duration.ofMillis(5);
            window.add(NOW.minusMillis(5_000 - i), latency);
        }
        assertEquals(LatencyWindow.CAPACITY, window.size());
        assertEquals(percentiles(LatencyWindow.CAPACITY, 5, 5), window.percentiles(NOW).orElseThrow());
        assertEquals(2L * 1024 * Long.BYTES, LatencyWindow.BYTES);

        window.add(NOW, Duration.ofSeconds(10));
        // 1,024 samples again, the oldest fast one overwritten: 1,023 of 5 ms and one of 10 s.
        assertEquals(LatencyWindow.CAPACITY, window.size());
        assertEquals(percentiles(LatencyWindow.CAPACITY, 5, 5), window.percentiles(NOW).orElseThrow());
    }
}
