package io.securemqtt.bench;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Counts the lines mosquitto_sub prints (one per message: it flushes after each), reading in large
 * chunks so that the JVM is never what slows the C subscriber down; each line is a receipt, counted
 * with when the first and the latest line were read.
 */
final class LineCounter implements AutoCloseable {

    private final Thread reader;
    private final ReceiptCounter lines = new ReceiptCounter();
    private volatile boolean ended;

    LineCounter(InputStream output, String name) {
        reader = new Thread(() -> count(output), "lines-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void count(InputStream output) {
        byte[] buffer = new byte[1 << 16];
        try (output) {
            int n;
            while ((n = output.read(buffer)) > 0) {
                long now = System.nanoTime();
                long found = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        found++;
                    }
                }
                if (found > 0) {
                    lines.received(now, found);
                }
            }
        } catch (IOException e) {
            // the process was stopped: what was counted stands
        } finally {
            ended = true;
        }
    }

    /**
     * The lines read: {@link ReceiptCounter#count()}, and when the first chunk with a line and the
     * latest were read.
     */
    ReceiptCounter lines() {
        return lines;
    }

    /** Waits for {@code expected} lines, or until no line came for {@code idle}, or the output ended. */
    boolean await(long expected, Duration idle) throws InterruptedException {
        return Waiting.until(() -> lines.count() >= expected || ended, lines::count, idle) && lines.count() >= expected;
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
