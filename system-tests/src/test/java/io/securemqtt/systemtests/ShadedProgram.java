package io.securemqtt.systemtests;

import io.securemqtt.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shaded publisher, subscriber and exporter jars, run as their containers run them: {@code java -jar},
 * configured by the environment alone. Unlike calling {@code Main.run} in this JVM, this covers the
 * manifest, the shading, the exit code and what really reaches stderr.
 *
 * <p>The jars are the ones {@code mvn verify} builds in the sibling modules before it gets to
 * system-tests; the system property {@code <name>.jar} overrides the location.
 */
enum ShadedProgram {
    PUBLISHER("publisher"),
    SUBSCRIBER("subscriber"),
    EXPORTER("exporter");

    private final String name;

    ShadedProgram(String name) {
        this.name = name;
    }

    /** The program's own identity in a certgen PKI, and its default client id. */
    String identity() {
        return name;
    }

    Path jar() {
        String location = System.getProperty(name + ".jar", "../" + name + "/target/" + name + "-all.jar");
        Path jar = Path.of(location).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it first with 'mvn package' from the root"
                    + " (or 'mvn verify', which packages " + name + " before running system-tests)");
        }
        return jar;
    }

    /**
     * Starts the program with exactly {@code environment}: nothing of this JVM's environment leaks
     * in, so a variable a case leaves out is really unset. Output goes to files in {@code workDir},
     * which never fill up and block the child the way an unread pipe does.
     */
    Running start(Map<String, String> environment, Path workDir) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            Path dir = Files.createTempDirectory(workDir, name + "-");
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar", jar().toString())
                    .directory(dir.toFile())
                    .redirectOutput(dir.resolve("stdout").toFile())
                    .redirectError(dir.resolve("stderr").toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            return new Running(this, builder.start(), dir.resolve("stdout"), dir.resolve("stderr"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Starts the program and waits for it to end, for at most {@code timeout}. */
    Finished run(Map<String, String> environment, Path workDir, Duration timeout) throws InterruptedException {
        try (Running running = start(environment, workDir)) {
            return running.awaitExit(timeout);
        }
    }

    /** What a finished run left behind. */
    record Finished(int exitCode, String stdout, String stderr) {

        /** For assertion messages: everything the program said. */
        String describe() {
            return "exit code " + exitCode + "\n--- stderr:\n" + stderr + "--- stdout:\n" + stdout;
        }
    }

    /** A started program; closing it kills it if it is still running. */
    static final class Running implements AutoCloseable {

        private final ShadedProgram program;
        private final Process process;
        private final Path stdout;
        private final Path stderr;

        private Running(ShadedProgram program, Process process, Path stdout, Path stderr) {
            this.program = program;
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** Fails, after killing it, if the program is still running after {@code timeout}. */
        Finished awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError(program.name + " was still running after " + timeout.toSeconds()
                        + " s, so it was killed\n--- stderr:\n" + read(stderr) + "--- stdout:\n" + read(stdout));
            }
            return new Finished(process.exitValue(), read(stdout), read(stderr));
        }

        /** Waits up to {@code timeout} for {@code fragment} on stdout; fails if the program exits or stays silent. */
        void awaitStdout(String fragment, Duration timeout) {
            Await.until(() -> read(stdout).contains(fragment) || !process.isAlive(), timeout,
                    () -> program.name + " did not print \"" + fragment + "\" within " + timeout.toSeconds() + " s" + output());
            if (!read(stdout).contains(fragment)) {
                throw new AssertionError(program.name + " exited with " + process.exitValue() + " before printing \"" + fragment + "\""
                        + output());
            }
        }

        private String output() {
            return "\n--- stderr:\n" + read(stderr) + "--- stdout:\n" + read(stdout);
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /**
         * The program's threads as {@code jcmd Thread.print} shows them, for a failure message: where a
         * program that stopped making progress is stuck; or, if it has ended, its exit code.
         */
        String threadDump() {
            if (!process.isAlive()) {
                // Killed from outside (e.g. by the kernel) it printed nothing: the exit code is all there is.
                return "(no thread dump: " + program.name + " is not running; it exited with " + process.exitValue() + ")";
            }
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            try {
                Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                        .redirectErrorStream(true).start();
                String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                dump.waitFor(30, TimeUnit.SECONDS);
                return text;
            } catch (IOException e) {
                return "(no thread dump: " + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "(no thread dump: interrupted)";
            }
        }

        String stderr() {
            return read(stderr);
        }

        String stdout() {
            return read(stdout);
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }

        private void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }

        private static String read(Path file) {
            try {
                // Lenient decoding: a program run without LANG writes in ASCII, and a stray byte must not hide the rest.
                return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
