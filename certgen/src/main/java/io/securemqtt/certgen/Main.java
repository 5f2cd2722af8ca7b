package io.securemqtt.certgen;

import java.io.PrintStream;
import java.time.Clock;

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

    /** Runs certgen without exiting the JVM, so that tests and other tools can call it. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (CertgenOptions.wantsHelp(args)) {
            out.print(CertgenOptions.USAGE);
            return 0;
        }
        try {
            new PkiGenerator(CertgenOptions.parse(args), Clock.systemUTC(), out).generate();
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
}
