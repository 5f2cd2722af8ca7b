package io.securemqtt.certgen.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of an option that takes a length of time: a whole number and a unit, {@code s}, {@code m},
 * {@code h} or {@code d} ({@code 365d}, {@code 90m}); a bare number is days, as {@code --days} and
 * {@code --renew-within} always took them.
 */
final class DurationOption {

    /** A hundred years: beyond any certificate's use, and far from an overflow. */
    static final Duration MAX = Duration.ofDays(36500);

    private static final Pattern FORMAT = Pattern.compile("([0-9]{1,9})([smhd]?)");

    private DurationOption() {
    }

    /** The duration {@code value} gives, from one second to {@link #MAX}, or a message naming the option and the value. */
    static Duration parse(String option, String value) throws UsageException {
        Matcher matcher = FORMAT.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            Duration duration = switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount); // "d", or none
            };
            if (amount > 0 && duration.compareTo(MAX) <= 0) {
                return duration;
            }
        }
        throw new UsageException(option + " \"" + value + "\" is not a duration from 1s to " + MAX.toDays()
                + "d: a whole number with s, m, h or d (seconds, minutes, hours, days), e.g. 365d, 12h or 3m;"
                + " a number alone is days");
    }

    /** As typed back in messages: the largest unit that divides it, e.g. 30d, 90m. */
    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86400 == 0) {
            return seconds / 86400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
