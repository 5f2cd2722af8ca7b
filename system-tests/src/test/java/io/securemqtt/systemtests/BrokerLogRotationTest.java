package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.testing.Await;
import io.securemqtt.testing.MosquittoContainer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The broker's log file stays bounded: mosquitto/rotate-log.sh, which the Compose healthcheck runs
 * before each probe, renames mosquitto.log to mosquitto.log.1 once it is over
 * MOSQUITTO_LOG_MAX_BYTES and has the real broker reopen its log (SIGRTMIN, which unlike SIGHUP does
 * not reload the configuration: no "Reloading config" line). Here with a limit of a
 * few bytes instead of 10 MiB; scripts/compose-smoke-test.sh checks the same in the Compose stack,
 * read-only and without capabilities.
 */
class BrokerLogRotationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String LOG = "/mosquitto/log/mosquitto.log";
    private static final String ROTATED = LOG + ".1";

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void logOverTheLimitIsRotatedWithoutLosingALineOrAConnection() throws Exception {
        String before = "before-rotation-" + UUID.randomUUID();
        String after = "after-rotation-" + UUID.randomUUID();
        try (ArticlePublisher connected = connect(before)) {
            awaitInFile(LOG, "as " + before);

            ExecResult rotation = rotate(String.valueOf(size(LOG) - 1));

            assertEquals(0, rotation.getExitCode(), rotation.getStderr());
            assertTrue(rotation.getStdout().startsWith("rotated " + LOG), rotation.getStdout());
            // Only the broker creates the file again: it has reopened its log.
            Await.until(() -> exists(LOG), TIMEOUT, "the broker did not reopen " + LOG + " after the rotation");
            // Connections stay open; the configuration was not reloaded.
            assertFalse(broker.container().getLogs().contains("Reloading config"), broker.container().getLogs());
            connected.publish(Articles.football("marca"));
            assertTrue(connected.isConnected());
            try (ArticlePublisher ignored = connect(after)) {
                awaitInFile(LOG, "as " + after);
            }
            assertTrue(read(ROTATED).contains("as " + before));
            assertFalse(read(LOG).contains(before), "the line before the rotation is in the new log too");

            // Nothing lost: the rotated file then the new one hold an unbroken run of what the broker printed.
            List<String> files = new ArrayList<>(lines(ROTATED));
            files.addAll(lines(LOG));
            Await.until(() -> Collections.indexOfSubList(broker.container().getLogs().lines().toList(), files) >= 0,
                    TIMEOUT, "mosquitto.log.1 followed by mosquitto.log is not the broker's output without a gap:\n"
                            + String.join("\n", files));
        }
    }

    @Test
    void logUnderTheDefaultLimitIsLeftAlone() throws Exception {
        String marker = "under-limit-" + UUID.randomUUID();
        try (ArticlePublisher ignored = connect(marker)) {
            awaitInFile(LOG, "as " + marker);
        }
        ExecResult rotation = broker.container().execInContainer(MosquittoContainer.ROTATE_LOG); // 10 MiB

        assertEquals(0, rotation.getExitCode(), rotation.getStderr());
        assertEquals("", rotation.getStdout());
        assertTrue(read(LOG).contains("as " + marker), "a log under 10 MiB was rotated");
    }

    @Test
    void onlyOneRotatedCopyIsKept() throws Exception {
        for (int round = 1; round <= 2; round++) {
            String marker = "round-" + round + "-" + UUID.randomUUID();
            try (ArticlePublisher ignored = connect(marker)) {
                awaitInFile(LOG, "as " + marker);
            }
            ExecResult rotation = rotate("1");
            assertEquals(0, rotation.getExitCode(), rotation.getStderr());
            Await.until(() -> exists(LOG), TIMEOUT, "the broker did not reopen " + LOG + " after rotation " + round);
            assertTrue(read(ROTATED).contains("as " + marker), "rotation " + round + " did not keep the latest log");
        }
        assertEquals(List.of("mosquitto.log", "mosquitto.log.1"), lines("/mosquitto/log/").stream().sorted().toList());
    }

    @Test
    void aLimitThatIsNotAWholeNumberOfBytesIsRefusedNamingTheVariable() throws Exception {
        for (String limit : List.of("10MB", "-1", "0", "1e6", "1000000000000000000")) {
            ExecResult rotation = rotate(limit);
            assertEquals(2, rotation.getExitCode(), "limit '" + limit + "': " + rotation.getStdout());
            assertTrue(rotation.getStderr().contains("MOSQUITTO_LOG_MAX_BYTES must be"), rotation.getStderr());
        }
        assertTrue(exists(LOG), "a refused limit moved the log");
    }

    private static ArticlePublisher connect(String clientId) {
        return ArticlePublisher.connect(broker.settings("publisher", clientId));
    }

    /** The rotation as the healthcheck runs it, with {@code MOSQUITTO_LOG_MAX_BYTES=limit}. */
    private static ExecResult rotate(String limit) throws IOException, InterruptedException {
        return broker.container().execInContainer("env", "MOSQUITTO_LOG_MAX_BYTES=" + limit, MosquittoContainer.ROTATE_LOG);
    }

    private static void awaitInFile(String file, String fragment) {
        Await.until(() -> read(file).contains(fragment), TIMEOUT, "the broker did not write \"" + fragment + "\" to " + file);
    }

    private static long size(String file) throws IOException, InterruptedException {
        return Long.parseLong(exec("sh", "-c", "wc -c <" + file).strip());
    }

    private static boolean exists(String file) {
        try {
            return broker.container().execInContainer("test", "-f", file).getExitCode() == 0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A file's lines, or a directory's entries. */
    private static List<String> lines(String path) throws IOException, InterruptedException {
        String text = path.endsWith("/") ? exec("ls", "-A", path) : read(path);
        return text.lines().toList();
    }

    private static String read(String file) {
        try {
            return exec("cat", file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String exec(String... command) throws IOException, InterruptedException {
        ExecResult result = broker.container().execInContainer(command);
        if (result.getExitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed in the broker container: " + result.getStderr());
        }
        return result.getStdout();
    }
}
