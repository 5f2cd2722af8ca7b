package io.securemqtt.certgen.cli;

import io.securemqtt.certgen.cli.CommandLine.Argument;
import io.securemqtt.certgen.pki.Expiry;
import io.securemqtt.certgen.pki.PkiVerifier;
import io.securemqtt.certgen.pki.RenewalSchedule;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code certgen verify [DIR]} (or {@code certgen verify --out DIR}): checks a PKI directory (see
 * {@link PkiVerifier}) and prints one line per problem, each naming the file and what to do, or, if
 * there is none, a line per file checked and when certgen renews each certificate it issued and the
 * CRL (with {@code --renew-within} as generate is given it; by default, the default window). Notes (a certificate or the CRL due within 30 days) do not
 * change the exit status: 0 no problems, 1 problems found (or no PKI in DIR), 2 bad command line.
 */
final class VerifyCommand {

    private static final String DEFAULT_DIRECTORY = "certs";
    private static final CommandLine.Syntax SYNTAX = new CommandLine.Syntax(Set.of("--out", "--renew-within"),
            Set.of(), true, option -> "verify has no option " + option + "; it takes a directory and --renew-within:"
                    + " certgen verify DIR");

    private VerifyCommand() {
    }

    /** Runs {@code certgen verify} with the arguments after "verify", at the clock's time; returns the exit status. */
    static int run(List<String> args, PrintStream out, Clock clock) throws UsageException {
        String directory = null;
        Optional<Duration> renewWithin = Optional.empty();
        for (Argument argument : CommandLine.parse(args, SYNTAX)) {
            String value = argument.value(); // the directory, given with --out or alone
            if (argument.is("--renew-within")) {
                renewWithin = Optional.of(GenerateCommand.renewWithin(value));
                continue;
            }
            if (value.isBlank()) {
                throw new UsageException("verify needs a directory, not an empty name");
            }
            if (directory != null) {
                throw new UsageException("verify checks one directory, but got " + directory + " and " + value);
            }
            directory = value;
        }
        if (directory == null) {
            directory = DEFAULT_DIRECTORY;
        }

        Instant now = clock.instant();
        PkiVerifier.Result result = new PkiVerifier(Path.of(directory), now, new RenewalSchedule(renewWithin)).verify();
        long problems = result.problems();
        for (PkiVerifier.Finding finding : result.findings()) {
            // With problems, the files that are fine would only hide them.
            if (problems == 0 || finding.kind() != PkiVerifier.Kind.OK) {
                out.println(finding.line());
            }
        }
        if (problems > 0) {
            out.println(directory + ": " + Expiry.count(problems, "problem"));
            return 1;
        }
        result.renewals().forEach(renewal -> out.println(renewal.line(now)));
        out.println("verified " + directory + ": " + Expiry.count(result.certificates(), "certificate")
                + (result.crl() ? " and crl.pem" : "") + ", no problems");
        return 0;
    }
}
