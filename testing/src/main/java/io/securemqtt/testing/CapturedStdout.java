package io.securemqtt.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What an action prints on standard output, where the programs' log lines go. Not for tests that
 * run in parallel.
 *
 * <pre>{@code
 * LogFormat.TEXT.install();   // as the program does
 * String log = CapturedStdout.during(() -> handler.messageArrived(topic, message));
 * }</pre>
 */
public final class CapturedStdout {

    private CapturedStdout() {
    }

    /** Runs {@code action} with standard output captured, and returns what it printed. */
    public static String during(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
