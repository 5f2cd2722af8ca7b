package io.securemqtt.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class UtcDatesTest {

    @Test
    void theDateIsTheUtcDayWhateverTheLocalZone() {
        assertEquals(LocalDate.of(2026, 11, 23), UtcDates.date(Instant.parse("2026-11-23T23:59:59Z")));
        assertEquals(LocalDate.of(2026, 11, 24), UtcDates.date(Instant.parse("2026-11-24T00:00:00Z")));
    }

    @Test
    void theTimeIsPrintedToTheSecondInUtc() {
        assertEquals("2026-11-23 10:15:00 UTC", UtcDates.time(Instant.parse("2026-11-23T10:15:00.750Z")));
    }

    @Test
    void daysBetweenKeepTheFractionAndTurnNegativeOncePast() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        assertEquals(1.5, UtcDates.daysBetween(now, Instant.parse("2026-11-24T22:00:00Z")), 1e-12);
        assertEquals(-0.25, UtcDates.daysBetween(now, Instant.parse("2026-11-23T04:00:00Z")), 1e-12);
        assertEquals(0.0, UtcDates.daysBetween(now, now));
    }
}
