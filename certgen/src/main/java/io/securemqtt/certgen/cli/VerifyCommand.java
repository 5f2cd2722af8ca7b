package io.securemqtt.certgen.cli;

import io.securemqtt.certgen.cli.CommandLine.Argument;
import io.securemqtt.certgen.pki.Expiry;
import io.securemqtt.certgen.pki.PkiVerifier;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * {@code certgen verify [DIR]} (or {@code certgen verify --out DIR}): checks a PKI directory (see
 * {@link PkiVerifier}) and prints one line per problem, each naming the file and what to do, or, if
 * there is none, a line per file checked. Notes (a certificate or the CRL due within 30 days) do not
 * change the exit status: 0 no problems, 1 problems found (or no PKI in DIR), 2 bad command line.
 */
final class VerifyCommand {

    private static final String DEFAULT_DIRECTORY = "certs";
    private static final CommandLine.Syntax SYNTAX = new CommandLine.Syntax(Set.of("--out"), Set.of(), true,
            option -> "verify has no option " + option + "; it takes a directory: certgen verify DIR");

    private VerifyCommand() {
    }

    /** Runs {@code certgen verify} with the arguments after "verify", at the clock's time; returns the exit status. */
    static int run(List<String> args, PrintStream out, Clock clock) throws UsageException {
        String directory = null;
        for (Argument argument : CommandLine.parse(args, SYNTAX)) {
            String value = argument.value(); // the directory, given with --out or alone
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

        PkiVerifier.Result result = new PkiVerifier(Path.of(directory), clock.instant()).verify();
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
        out.println("verified " + directory + ": " + Expiry.count(result.certificates(), "certificate")
                + (result.crl() ? " and crl.pem" : "") + ", no problems");
        return 0;
    }
}
