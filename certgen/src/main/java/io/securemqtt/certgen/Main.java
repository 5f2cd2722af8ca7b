package io.securemqtt.certgen;

import io.securemqtt.certgen.cli.Commands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code certgen} command: creates or refreshes the deployment's PKI (see
 * {@code certgen --help}). Exit status 0 on success, 1 on a failure (the message names the
 * file and what to do), 2 on a bad command line.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Creates or refreshes the PKI in {@code outDir}, exactly as {@code certgen --out outDir options...}
     * would, for programs and tests that want one in a directory.
     *
     * @param options further command-line options, e.g. {@code "--client", "sensor-1"}
     * @return what certgen printed: a line for each certificate, saying whether it was created, issued,
     *         kept or re-issued
     * @throws CertgenException with certgen's error output, if it did not succeed
     */
    public static String generate(Path outDir, String... options) {
        return execute(Stream.concat(Stream.of("--out", outDir.toString()), Stream.of(options)).toArray(String[]::new));
    }

    /**
     * Runs any certgen command, e.g. {@code execute("revoke", "sensor-1", "--out", dir)}.
     *
     * @return what certgen printed on standard output
     * @throws CertgenException with certgen's error output, if it did not succeed
     */
    public static String execute(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new CertgenException(err.toString(StandardCharsets.UTF_8).strip() + " (exit status " + status + ")"
                    + (out.size() == 0 ? "" : "\n" + out.toString(StandardCharsets.UTF_8).strip()));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Runs certgen without exiting the JVM, so that tests and other tools can call it. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Commands.run(List.of(args), out, err, Clock.systemUTC());
    }
}
