package io.securemqtt.systemtests;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.securemqtt.common.program.LogFormat;

/**
 * Records what this JVM prints on System.out and System.err while open, and still prints it: the
 * product's own code logs to standard output ({@link LogFormat}), the only record of its warnings.
 * Not for tests that run in parallel.
 *
 * <pre>{@code
 * try (ConsoleCapture console = ConsoleCapture.start()) { ...; console.lines() }
 * }</pre>
 */
final class ConsoleCapture implements AutoCloseable {

    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private ConsoleCapture() {
        System.setOut(tee(originalOut));
        System.setErr(tee(originalErr));
    }

    static ConsoleCapture start() {
        LogFormat.TEXT.install(); // as the programs do
        return new ConsoleCapture();
    }

    /** The lines printed so far, in order (lines from two threads interleave as they were written). */
    List<String> lines() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private PrintStream tee(PrintStream original) {
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                synchronized (captured) {
                    captured.write(bytes, offset, length);
                }
            }

            @Override
            public void flush() {
                original.flush();
            }
        };
        return new PrintStream(both, true, StandardCharsets.UTF_8);
    }
}
