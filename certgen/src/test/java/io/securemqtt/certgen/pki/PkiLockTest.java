package io.securemqtt.certgen.pki;

import static io.securemqtt.certgen.PkiFiles.certgenOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two certgen runs on one directory (the Compose renewer's round and a {@code --rotate}) take
 * turns: a run waits while another process holds the directory, so that one run's certificate is
 * never written beside the other's key.
 */
class PkiLockTest {

    @TempDir
    Path temp;

    @Test
    void aRunWaitsForTheTurnAnotherProcessHolds() throws Exception {
        Path dir = temp.resolve("certs");
        certgenOk(dir);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldTurn.class.getName(),
                dir.toString(), "3000").redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("holding", lines.readLine(), "the other process took the directory's turn");

            certgenOk(dir, "--force"); // must wait until the holder lets go

            // The holder says "released" before it lets go: a run that waited finds the line already there.
            assertTrue(lines.ready(), "certgen finished while another process still held the directory");
            assertEquals("released", lines.readLine());
            assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
        } finally {
            holder.destroyForcibly();
        }
    }

    /** Another process: takes the directory's turn, says so, holds it for a while, lets go. */
    static final class HoldTurn {
        public static void main(String[] args) throws Exception {
            PkiDirectory directory = new PkiDirectory(Path.of(args[0]));
            try (PkiDirectory.Turn turn = directory.lock()) {
                System.out.println("holding");
                System.out.flush();
                Thread.sleep(Long.parseLong(args[1]));
                System.out.println("released");
                System.out.flush();
            }
        }
    }
}
