package io.securemqtt.x509;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Validity dates as certgen prints them: in UTC, so that a date means the same wherever the PKI is
 * made or read.
 */
public final class UtcDates {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();

    private UtcDates() {
    }

    /**
     * Days, with their fraction, from {@code from} to {@code to}; negative once {@code to} is past.
     * What every {@code *_days_left} gauge shows: an alert at 14 days should fire at the hour, not at
     * the next whole day.
     */
    public static double daysBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / MILLIS_PER_DAY;
    }

    /** The calendar day (UTC), e.g. 2026-11-23. */
    public static LocalDate date(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** E.g. "2026-11-23 10:15:00 UTC". */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }
}
