package io.securemqtt.certgen.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * {@code certgen verify [DIR]}: checks a PKI directory (see {@link PkiVerifier}) and prints one
 * line per problem, each naming the file and what to do, or, if there is none, a line per file
 * checked. Notes (a certificate or the CRL due within 30 days) do not change the exit status.
 */
final class VerifyCommand {

    static final String USAGE = """
            Usage: certgen verify [DIR]        (or: certgen verify --out DIR)

            Checks the PKI in DIR (default: certs) as the broker and the clients will use it: ca.crt is
            a valid self-signed CA and private/ca.key, if present, its key; every other NAME.crt was
            issued by ca.crt, is valid now, has its key in NAME.key and the extended key usage of its
            role (server.crt: serverAuth, the clients: clientAuth) and is not revoked; crl.pem, if
            present, was signed by ca.crt and is not out of date. Prints a line per problem, saying
            what to do, and a note for what expires within 30 days.

            Exit status: 0 no problems, 1 problems found (or no PKI in DIR), 2 bad command line.
            """;

    private static final String DEFAULT_DIRECTORY = "certs";

    private VerifyCommand() {
    }

    /** Runs {@code certgen verify} with the arguments after "verify"; returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, Clock.systemUTC());
    }

    /** As {@link #run(List, PrintStream, PrintStream)}, at the clock's time. */
    static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        String directory = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value;
            if (arg.equals("--help") || arg.equals("-h")) {
                out.print(USAGE);
                return 0;
            } else if (arg.equals("--out")) {
                if (i + 1 == args.size() || args.get(i + 1).startsWith("-")) {
                    return usageError(err, "--out needs a directory");
                }
                value = args.get(++i);
            } else if (arg.startsWith("--out=")) {
                value = arg.substring("--out=".length());
            } else if (arg.startsWith("-")) {
                return usageError(err, "verify has no option " + arg + "; it takes a directory: certgen verify DIR");
            } else {
                value = arg;
            }
            if (value.isBlank()) {
                return usageError(err, "verify needs a directory, not an empty name");
            }
            if (directory != null) {
                return usageError(err, "verify checks one directory, but got " + directory + " and " + value);
            }
            directory = value;
        }
        if (directory == null) {
            directory = DEFAULT_DIRECTORY;
        }

        PkiVerifier.Result result;
        try {
            result = new PkiVerifier(Path.of(directory), clock.instant()).verify();
        } catch (CertgenException e) {
            err.println("certgen: " + e.getMessage());
            return 1;
        }
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

    private static int usageError(PrintStream err, String message) {
        err.println("certgen: " + message);
        err.println("Run certgen --help to see the options.");
        return 2;
    }
}
