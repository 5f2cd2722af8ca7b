package io.securemqtt.certgen.pki;

import io.securemqtt.x509.UtcDates;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How {@code inspect} and {@code verify} speak of validity dates: in UTC, and in whole calendar
 * days, so that "365 days left" agrees with the date printed next to it whatever the time of day.
 */
public final class Expiry {

    private Expiry() {
    }

    /** Calendar days (UTC) from now to the instant: 0 on the same day, negative once past. */
    public static long daysUntil(Instant now, Instant instant) {
        return ChronoUnit.DAYS.between(UtcDates.date(now), UtcDates.date(instant));
    }

    /** E.g. "365 days left", "expires today", "expired 3 days ago". */
    public static String timeLeft(Instant now, Instant end) {
        long days = daysUntil(now, end);
        if (now.isBefore(end)) {
            return days == 0 ? "expires today" : count(days, "day") + " left";
        }
        return days == 0 ? "expired today" : "expired " + count(-days, "day") + " ago";
    }

    /** E.g. "in 3 days", "today", "3 days ago". */
    public static String relative(Instant now, Instant instant) {
        long days = daysUntil(now, instant);
        return days == 0 ? "today" : days > 0 ? "in " + count(days, "day") : count(-days, "day") + " ago";
    }

    /** {@code valid}, {@code expired} or {@code notYetValid}: the JSON status of a validity period. */
    public static String status(Instant now, Instant start, Instant end) {
        if (now.isBefore(start)) {
            return "notYetValid";
        }
        return end != null && !now.isBefore(end) ? "expired" : "valid";
    }

    /** E.g. "1 day", "3 problems". */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
