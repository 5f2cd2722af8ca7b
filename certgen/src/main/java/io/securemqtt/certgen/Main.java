package io.securemqtt.certgen;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code certgen} command: creates or refreshes the deployment's PKI (see
 * {@link CertgenOptions#USAGE}). Exit status 0 on success, 1 on a failure (the message names the
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
        if (CertgenOptions.wantsHelp(args)) {
            out.print(CertgenOptions.USAGE);
            return 0;
        }
        // Without a command name, certgen generates: the form scripts used before there were commands.
        boolean named = args.length > 0 && !args[0].startsWith("-");
        String command = named ? args[0] : "generate";
        List<String> rest = List.of(args).subList(named ? 1 : 0, args.length);
        try {
            switch (command) {
                case "generate" -> new PkiGenerator(CertgenOptions.parse(rest.toArray(String[]::new)), Clock.systemUTC(), out)
                        .generate();
                case "add-client" -> {
                    Identity client = identity(command, rest);
                    CertgenOptions options = CertgenOptions.parse(rest.subList(1, rest.size()).toArray(String[]::new));
                    new PkiGenerator(options.withClient(client), Clock.systemUTC(), out).generate(Optional.of(client));
                }
                case "revoke" -> {
                    Identity client = identity(command, rest);
                    CertgenOptions options = CertgenOptions.parse(rest.subList(1, rest.size()).toArray(String[]::new));
                    new PkiGenerator(options, Clock.systemUTC(), out).revoke(client);
                }
                case "inspect" -> {
                    return InspectCommand.run(rest, out, err);
                }
                case "verify" -> {
                    return VerifyCommand.run(rest, out, err);
                }
                default -> throw new UsageException("unknown command \"" + command + "\"; the commands are generate (the"
                        + " default), add-client, revoke, inspect and verify");
            }
            return 0;
        } catch (UsageException e) {
            err.println("certgen: " + e.getMessage());
            err.println("Run certgen --help to see the options.");
            return 2;
        } catch (CertgenException e) {
            err.println("certgen: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("certgen: unexpected error, a bug in certgen (please report it with this output):");
            e.printStackTrace(err);
            return 1;
        }
    }

    private static Identity identity(String command, List<String> rest) throws UsageException {
        if (rest.isEmpty() || rest.get(0).startsWith("-")) {
            throw new UsageException(command + " needs the identity's NAME first, e.g. certgen " + command
                    + " sensor-1 --out certs");
        }
        try {
            return new Identity(rest.get(0));
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
    }
}
