package io.securemqtt.subscriber.page;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The page's counts: the last 60 seconds, and the last hour minute by minute, in fixed rings. */
class ArticleCountsTest {

    private static final Instant NOON = Instant.parse("2026-01-10T12:00:00Z");

    private final ArticleCounts counts = new ArticleCounts();

    private static Instant at(String time) {
        return Instant.parse("2026-01-10T" + time + "Z");
    }

    @Test
    void theLastMinuteIsTheSixtySecondsUpToNowWhateverTheClocksMinute() {
        counts.add(at("12:00:50"));
        counts.add(at("12:01:05.900"));

        assertEquals(2, counts.lastMinute(at("12:01:10")), "across the minute's change");
        assertEquals(2, counts.lastMinute(at("12:01:49.999")));
        assertEquals(1, counts.lastMinute(at("12:01:50")), "the first is 60 s old");
        assertEquals(1, counts.lastMinute(at("12:02:04.999")));
        assertEquals(0, counts.lastMinute(at("12:02:05")), "counted by the second: 12:01:05.900 is in 12:01:05");
    }

    @Test
    void theLastHourIsThisMinuteAndTheFiftyNineBeforeItOneByOne() {
        counts.add(at("11:00:30"));
        counts.add(at("11:01:00"));
        counts.add(at("11:30:10"));
        counts.add(at("11:30:59"));
        counts.add(at("12:00:01"));

        Instant now = at("12:00:20");
        long[] expected = new long[60];
        expected[0] = 1;  // 11:01
        expected[29] = 2; // 11:30
        expected[59] = 1; // 12:00, this minute
        assertArrayEquals(expected, counts.perMinute(now));
        assertEquals(4, counts.lastHour(now), "11:00 is 60 minutes back: no longer in the hour");
        assertEquals(1, counts.lastMinute(now));
        assertEquals(0, counts.lastHour(at("13:00:00")));
    }

    @Test
    void aSlotComingRoundAgainStartsFromZero() {
        counts.add(at("12:00:10"));
        counts.add(at("12:00:11"));
        // The same slot of both rings, an hour (and so a minute, and a second) later.
        counts.add(at("13:00:10"));

        assertEquals(1, counts.lastMinute(at("13:00:30")));
        assertEquals(1, counts.lastHour(at("13:00:30")));
        assertEquals(1, counts.perMinute(at("13:00:30"))[59]);
    }

    @Test
    void holdsAFixedSizeHoweverManyArticlesAndStillCountsRight() {
        // Ten hours at 100 articles a minute: 60,000 articles in 240 fixed counters.
        Instant last = NOON;
        for (int i = 0; i < 60_000; i++) {
            last = NOON.plus(Duration.ofMillis(600L * i));
            counts.add(last);
        }
        assertEquals(4L * 60 * Long.BYTES, ArticleCounts.BYTES);
        Instant now = last.plusMillis(1);
        assertEquals(100, counts.lastMinute(now));
        assertEquals(6_000, counts.lastHour(now));
        for (long perMinute : counts.perMinute(now)) {
            assertEquals(100, perMinute);
        }
    }
}
