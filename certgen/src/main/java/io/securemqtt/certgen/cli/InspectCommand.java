package io.securemqtt.certgen.cli;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.certgen.cli.CommandLine.Argument;
import io.securemqtt.certgen.pki.Expiry;
import io.securemqtt.certgen.pki.RenewalSchedule;
import io.securemqtt.certgen.store.PemFiles;
import io.securemqtt.x509.UtcDates;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code certgen inspect [--json] [--renew-within N] FILE...}: what is in certificate and CRL files,
 * in words or as JSON, with when certgen renews each (see {@link RenewalSchedule}). A file that cannot be read is reported on the error stream and the others are still shown;
 * the exit status is then 1.
 */
final class InspectCommand {

    private static final CommandLine.Syntax SYNTAX = new CommandLine.Syntax(Set.of("--renew-within"),
            Set.of("--json"), true,
            option -> "inspect has no option " + option + "; it takes --json, --renew-within and FILE names");

    /** One certificate or CRL, described. */
    sealed interface Report permits CertificateReport, CrlReport {

        /** The file as given on the command line. */
        String file();

        /** {@code certificate} or {@code crl}, as in the JSON. */
        String type();

        /** The text form: labelled values, in order. */
        List<Line> lines(Instant now);

        /** The JSON form: an object with stable camelCase keys. */
        Map<String, Object> json(Instant now);
    }

    /** A label and its value, which may take several lines (e.g. the revoked serial numbers). */
    record Line(String label, List<String> values) {
        static Line of(String label, String value) {
            return new Line(label, List.of(value));
        }

        /** When a validity period begins, and how far off while it has not yet begun. */
        static Line start(String label, Instant now, Instant start) {
            return of(label, UtcDates.time(start)
                    + (now.isBefore(start) ? " (not yet valid, starts " + Expiry.relative(now, start) + ")" : ""));
        }

        /** When a validity period ends, and the time left. */
        static Line end(String label, Instant now, Instant end) {
            return of(label, UtcDates.time(end) + " (" + Expiry.timeLeft(now, end) + ")");
        }
    }

    private InspectCommand() {
    }

    /** Runs {@code certgen inspect} with the arguments after "inspect", at the clock's time (for days left). */
    static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) throws UsageException {
        boolean json = false;
        Optional<Duration> renewWithin = Optional.empty();
        List<String> files = new ArrayList<>();
        for (Argument argument : CommandLine.parse(args, SYNTAX)) {
            if (argument.isOperand()) {
                files.add(argument.value());
            } else if (argument.is("--renew-within")) {
                renewWithin = Optional.of(GenerateCommand.renewWithin(argument.value()));
            } else {
                json = true; // --json
            }
        }
        RenewalSchedule schedule = new RenewalSchedule(renewWithin);
        if (files.isEmpty()) {
            throw new UsageException("inspect needs at least one FILE, e.g. certgen inspect certs/server.crt");
        }

        Instant now = clock.instant();
        List<Map<String, Object>> objects = new ArrayList<>();
        boolean failed = false;
        boolean first = true;
        for (String file : files) {
            List<Report> reports;
            try {
                reports = read(file, schedule);
            } catch (CertgenException e) {
                err.println("certgen: " + e.getMessage());
                failed = true;
                continue;
            }
            for (int i = 0; i < reports.size(); i++) {
                Report report = reports.get(i);
                if (json) {
                    objects.add(report.json(now));
                    continue;
                }
                if (!first) {
                    out.println();
                }
                first = false;
                String position = reports.size() > 1 ? " " + (i + 1) + " of " + reports.size() : "";
                out.println(file + " (" + (report.type().equals("crl") ? "CRL" : "certificate") + position + ")");
                print(report.lines(now), out);
            }
        }
        if (json) {
            out.println(Json.write(objects));
        }
        return failed ? 1 : 0;
    }

    /** Every certificate and CRL in a PEM file, in order; fails, naming the file, if there is none. */
    static List<Report> read(String file, RenewalSchedule schedule) {
        List<Report> reports = new ArrayList<>();
        for (Object object : PemFiles.readCertificatesAndCrls(Path.of(file))) {
            if (object instanceof X509Certificate certificate) {
                reports.add(CertificateReport.of(file, certificate, schedule));
            } else if (object instanceof X509CRL crl) {
                reports.add(CrlReport.of(file, crl, schedule));
            }
        }
        if (reports.isEmpty()) {
            throw new CertgenException(file + " holds no certificate or CRL: " + PemFiles.EXPECTED_CERTIFICATE_OR_CRL + ". (For a DER file,"
                    + " convert it first: openssl x509 -inform der -in " + file + " -out " + file + ".pem)");
        }
        return reports;
    }

    /** "  label:   value", the values aligned in one column, continuation lines under the first. */
    private static void print(List<Line> lines, PrintStream out) {
        int width = lines.stream().mapToInt(line -> line.label().length()).max().orElse(0) + 1;
        for (Line line : lines) {
            String label = line.label() + ":";
            for (int i = 0; i < line.values().size(); i++) {
                String prefix = i == 0 ? label : "";
                out.println("  " + prefix + " ".repeat(width - prefix.length() + 1) + line.values().get(i));
            }
        }
    }
}
