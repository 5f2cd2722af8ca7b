package io.securemqtt.certgen.cli;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.certgen.cli.CommandLine.Argument;
import io.securemqtt.certgen.pki.CertgenOptions;
import io.securemqtt.certgen.pki.PkiGenerator;
import io.securemqtt.x509.UtcDates;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code certgen renew-loop [--every DURATION] [OPTIONS] [-- COMMAND...]}: what generate does, again
 * and again, every {@code --every}, for a PKI that must renew itself without a human or cron. After
 * the first round, and after each round that changed a file, it runs COMMAND (Compose's is
 * compose-certs.sh's delivery to each consumer's volume) and prints its output.
 *
 * <p>A round's output is generate's minus its "kept" and "skipped" lines: the log holds what changed, e.g. each
 * renewal with the identity and its old and new expiry, and is quiet in between.
 */
final class RenewLoopCommand {

    /** Without --every: this, or a quarter of the renewal window if that is shorter. */
    static final Duration DEFAULT_EVERY = Duration.ofHours(1);

    /** How the loop waits between rounds: {@link Thread#sleep} but in tests. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private RenewLoopCommand() {
    }

    /** Runs until interrupted (then returns) or until a round or the command fails (then throws). */
    static void run(List<String> args, Clock clock, PrintStream out, Sleeper sleeper) throws UsageException {
        int dashes = args.indexOf("--");
        List<String> options = dashes < 0 ? args : args.subList(0, dashes);
        List<String> command = dashes < 0 ? List.of() : List.copyOf(args.subList(dashes + 1, args.size()));
        if (dashes >= 0 && command.isEmpty()) {
            throw new UsageException("renew-loop: -- must be followed by the command to run after a change");
        }
        var generateSyntax = GenerateCommand.syntax();
        var syntax = new CommandLine.Syntax(plus(generateSyntax.valueOptions(), "--every"), generateSyntax.flags(),
                false, generateSyntax.unknownOption());
        Duration every = null; // not given
        String everyAsTyped = null;
        List<Argument> generateArguments = new ArrayList<>();
        for (Argument argument : CommandLine.parse(options, syntax)) {
            if (argument.is("--every")) {
                every = DurationOption.parse("--every", argument.value());
                everyAsTyped = "--every " + argument.value();
            } else if (argument.is("--force")) {
                throw new UsageException("renew-loop: --force would re-issue every certificate on every round;"
                        + " run certgen --force once instead");
            } else {
                generateArguments.add(argument);
            }
        }
        CertgenOptions certgenOptions = GenerateCommand.options(generateArguments);
        Duration window = new PkiGenerator(certgenOptions, clock, out).shortestRenewalWindow();
        if (every == null) {
            // Four checks inside the window: with minute-long certificates (--validity 3m
            // --renew-within 2m) the loop works without --every too.
            Duration quarter = window.dividedBy(4);
            every = quarter.compareTo(DEFAULT_EVERY) < 0 ? quarter : DEFAULT_EVERY;
        } else if (every.compareTo(window) >= 0) {
            // A certificate or the CRL could enter its window and expire between two rounds.
            throw new UsageException(everyAsTyped + " is not shorter than the renewal window, "
                    + DurationOption.format(window) + " (--renew-within, or half of the CRL's validity if that is"
                    + " shorter): something could expire between two checks; check more often or widen the window");
        }
        out.println("renew-loop: checking " + certgenOptions.outDir() + " every " + DurationOption.format(every)
                + " (renewal window " + DurationOption.format(window) + ", new certificates valid for "
                + DurationOption.format(certgenOptions.leafValidity()) + ")"
                + (command.isEmpty() ? "" : "; after a change: " + String.join(" ", command)));
        boolean first = true;
        while (true) {
            boolean changed = round(certgenOptions, clock, out);
            if (!command.isEmpty() && (first || changed)) {
                runCommand(command, out);
            }
            first = false;
            try {
                sleeper.sleep(every);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.println("renew-loop: stopped");
                return;
            }
        }
    }

    /**
     * One generate, its "kept" lines left out, and its "skipped" ones (a revoked identity, said on
     * every round otherwise); whether anything changed.
     */
    private static boolean round(CertgenOptions options, Clock clock, PrintStream out) {
        var buffer = new ByteArrayOutputStream();
        new PkiGenerator(options, clock, new PrintStream(buffer, true, StandardCharsets.UTF_8)).generate();
        List<String> changes = buffer.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("kept ") && !line.startsWith("skipped ")).toList();
        if (!changes.isEmpty()) {
            out.println("renew-loop: " + UtcDates.time(clock.instant()) + ": " + changes.size() + " change"
                    + (changes.size() == 1 ? "" : "s"));
            changes.forEach(out::println);
        }
        return !changes.isEmpty();
    }

    private static void runCommand(List<String> command, PrintStream out) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try (InputStream output = process.getInputStream()) {
                new String(output.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(out::println);
            }
            int status = process.waitFor();
            if (status != 0) {
                throw new CertgenException(String.join(" ", command) + " exited with status " + status
                        + ": the renewed files may not have reached their readers");
            }
        } catch (IOException e) {
            throw new CertgenException("cannot run " + String.join(" ", command) + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CertgenException("interrupted while " + String.join(" ", command) + " ran", e);
        }
    }

    private static Set<String> plus(Set<String> names, String name) {
        var more = new HashSet<>(names);
        more.add(name);
        return more;
    }
}
