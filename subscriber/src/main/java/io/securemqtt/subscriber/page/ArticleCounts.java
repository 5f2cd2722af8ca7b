package io.securemqtt.subscriber.page;

import java.time.Instant;
import java.util.Arrays;

/**
 * How many articles arrived lately: per second over the last minute and per minute over the last
 * hour, in two fixed rings of 60 counters. A slot is reused when its second (or minute) comes round
 * again, so the memory never grows: {@link #BYTES}, however many articles and for however long.
 *
 * <p>The last minute is counted by the second (the current second and the 59 before it), so that it
 * holds the articles of the last 60 s whatever the clock's minute, to the second; the last hour is the
 * current minute and the 59 before it. Not thread-safe: {@link PageFigures} locks around it.
 */
final class ArticleCounts {

    /** Slots in each ring: seconds in a minute, minutes in an hour. */
    static final int SLOTS = 60;
    /** The four arrays' contents: a stamp and a count for each slot of each ring. */
    static final long BYTES = 4L * SLOTS * Long.BYTES;

    private final Ring seconds = new Ring();
    private final Ring minutes = new Ring();

    /** Counts one article received at {@code at}. */
    void add(Instant at) {
        long second = at.getEpochSecond();
        seconds.add(second);
        minutes.add(Math.floorDiv(second, 60));
    }

    /** Articles received in the current second and the 59 before it. */
    long lastMinute(Instant now) {
        return seconds.sum(now.getEpochSecond());
    }

    /** Articles received in the current minute and the 59 before it. */
    long lastHour(Instant now) {
        return minutes.sum(minute(now));
    }

    /** Articles per minute, oldest first: index 59 is the current minute, index 0 the one 59 minutes before. */
    long[] perMinute(Instant now) {
        return minutes.window(minute(now));
    }

    private static long minute(Instant now) {
        return Math.floorDiv(now.getEpochSecond(), 60);
    }

    /** 60 counters, each with the period (second or minute number) it counts. */
    private static final class Ring {

        private final long[] period = new long[SLOTS];
        private final long[] count = new long[SLOTS];

        Ring() {
            // No period is -1 since 1970: every slot starts out stale.
            Arrays.fill(period, -1);
        }

        void add(long now) {
            int slot = (int) Math.floorMod(now, (long) SLOTS);
            if (period[slot] != now) {
                period[slot] = now;
                count[slot] = 0;
            }
            count[slot]++;
        }

        long sum(long now) {
            long sum = 0;
            for (long n : window(now)) {
                sum += n;
            }
            return sum;
        }

        long[] window(long now) {
            long[] window = new long[SLOTS];
            for (int i = 0; i < SLOTS; i++) {
                long wanted = now - (SLOTS - 1) + i;
                int slot = (int) Math.floorMod(wanted, (long) SLOTS);
                window[i] = period[slot] == wanted ? count[slot] : 0;
            }
            return window;
        }
    }
}
