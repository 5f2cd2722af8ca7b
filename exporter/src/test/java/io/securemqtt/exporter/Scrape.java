package io.securemqtt.exporter;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.program.LogFormat;
import io.securemqtt.testing.CapturedStdout;

/** What the tests read: samples of {@code /metrics} as Prometheus writes them, and the log lines of an action. */
final class Scrape {

    private Scrape() {
    }

    /** The value of {@code sample} (a name, with its labels as Prometheus writes them), if it is there. */
    static Optional<Double> sample(Monitoring monitoring, String sample) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(monitoring.scrape());
        return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.empty();
    }

    static double value(Monitoring monitoring, String sample) {
        return sample(monitoring, sample).orElseThrow(() -> new AssertionError("no sample " + sample + " in:\n" + monitoring.scrape()));
    }

    /** What {@code action} logged, as the program prints it (text format, on standard output). */
    static String log(Runnable action) {
        LogFormat.TEXT.install();
        return CapturedStdout.during(action);
    }
}
