package io.securemqtt.certgen;

import static io.securemqtt.certgen.PkiFiles.certgenOk;
import static io.securemqtt.certgen.PkiFiles.mode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compose-certs.sh's delivery, run with sh on real files: its functions are sourced and given a
 * PKI and consumer directories in a temporary directory, as uid and gid the test's own (Compose
 * runs it as root and gives keys to 1883 or 10001). What a planted link points to is never written,
 * chowned nor chmodded.
 */
class ComposeCertsTest {

    private static final Path SCRIPT = Path.of("compose-certs.sh").toAbsolutePath();

    @TempDir
    Path temp;
    Path pki;
    Path consumer;
    /** What a planted link points to: a file the script must leave exactly as it is. */
    Path victim;
    byte[] victimContent = "the CA's key, say\n".getBytes(StandardCharsets.US_ASCII);

    @BeforeEach
    void pkiAndAConsumer() throws Exception {
        pki = temp.resolve("pki");
        consumer = Files.createDirectory(temp.resolve("publisher-certs"));
        certgenOk(pki);
        victim = temp.resolve("victim");
        Files.write(victim, victimContent);
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
    }

    record Result(int exitCode, String out) {
    }

    /** Sources compose-certs.sh (its functions only) and runs {@code commands} with $pki, $me and $public set. */
    Result sh(String commands) throws Exception {
        String me = owner();
        var builder = new ProcessBuilder("sh", "-c", ". '" + SCRIPT + "'\npki='" + pki + "'\nme='" + me + "'\npublic=\"$me\"\n" + commands)
                .redirectErrorStream(true);
        builder.environment().put("COMPOSE_CERTS_FUNCTIONS_ONLY", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly); // e.g. a cmp reading a FIFO
            process.destroyForcibly();
            throw new AssertionError("the script hangs");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    Result deliverPublisher() throws Exception {
        return sh("deliver '" + consumer + "' \"$me\" publisher");
    }

    @Test
    void deliversCertificateKeyAndClientIdWithTheirModesAndNothingTwice() throws Exception {
        Result first = deliverPublisher();

        assertEquals(0, first.exitCode(), first.out());
        for (String file : List.of("ca.crt", "publisher.crt", "publisher.key", "publisher.clientid")) {
            assertArrayEquals(Files.readAllBytes(pki.resolve(file)), Files.readAllBytes(consumer.resolve(file)), file);
            assertTrue(first.out().contains("delivered " + consumer.resolve(file)), first.out());
        }
        assertEquals("rw-r--r--", mode(consumer.resolve("publisher.crt")));
        assertEquals("rw-------", mode(consumer.resolve("publisher.key")));
        assertEquals("rw-------", mode(consumer.resolve("publisher.clientid")));
        assertEquals(List.of("ca.crt", "publisher.clientid", "publisher.crt", "publisher.key"), files(consumer));

        Files.setPosixFilePermissions(consumer.resolve("publisher.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Result again = deliverPublisher();
        assertEquals(0, again.exitCode(), again.out());
        assertEquals("", again.out(), "nothing to deliver again");
        assertEquals("rw-------", mode(consumer.resolve("publisher.key")), "the mode is put right");
    }

    @Test
    void exporterGetsItsIdentityAndTheBrokersPublicFilesButNeverTheBrokersKey() throws Exception {
        Path exporter = Files.createDirectory(temp.resolve("exporter-certs"));
        Result first = sh("deliver_exporter '" + exporter + "' \"$me\"");
        assertEquals(0, first.exitCode(), first.out());

        assertEquals(List.of("ca.crt", "crl.pem", "exporter.clientid", "exporter.crt", "exporter.key", "server.crt"), files(exporter));
        for (String file : List.of("ca.crt", "crl.pem", "exporter.clientid", "exporter.crt", "exporter.key", "server.crt")) {
            assertArrayEquals(Files.readAllBytes(pki.resolve(file)), Files.readAllBytes(exporter.resolve(file)), file);
        }
        for (String file : List.of("ca.crt", "crl.pem", "exporter.crt", "server.crt")) {
            assertEquals("rw-r--r--", mode(exporter.resolve(file)), file);
        }
        assertEquals("rw-------", mode(exporter.resolve("exporter.key")));
        assertEquals("rw-------", mode(exporter.resolve("exporter.clientid")));

        Result again = sh("deliver_exporter '" + exporter + "' \"$me\"");
        assertEquals(0, again.exitCode(), again.out());
        assertEquals("", again.out(), "nothing to deliver again");
    }

    @Test
    void linkPlantedAtTheTargetIsReplacedAndWhatItPointsToIsLeftAlone() throws Exception {
        Files.createSymbolicLink(consumer.resolve("publisher.key"), victim);

        Result run = deliverPublisher();

        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().contains("removed " + consumer.resolve("publisher.key") + ": not a regular file"), run.out());
        assertDelivered("publisher.key");
        assertVictimUntouched();
    }

    /** The old script's chown and chmod followed such a link when the content was already right. */
    @Test
    void linkToAFileWithTheRightContentIsReplacedToo() throws Exception {
        Files.copy(pki.resolve("publisher.key"), victim, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        victimContent = Files.readAllBytes(victim);
        Files.createSymbolicLink(consumer.resolve("publisher.key"), victim);

        Result run = deliverPublisher();

        assertEquals(0, run.exitCode(), run.out());
        assertDelivered("publisher.key");
        assertEquals("rw-r--r--", mode(victim), "chmod did not follow the link");
    }

    @Test
    void linkPlantedAtTheTemporaryNameIsNeverWrittenThrough() throws Exception {
        Files.createSymbolicLink(consumer.resolve("publisher.key.tmp"), victim);

        Result run = deliverPublisher();

        assertEquals(0, run.exitCode(), run.out());
        assertDelivered("publisher.key");
        assertFalse(Files.exists(consumer.resolve("publisher.key.tmp"), LinkOption.NOFOLLOW_LINKS));
        assertVictimUntouched();
    }

    @Test
    void linkToADirectoryDoesNotMoveTheFileIntoIt() throws Exception {
        Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"));
        Files.createSymbolicLink(consumer.resolve("publisher.crt"), elsewhere);

        Result run = deliverPublisher();

        assertEquals(0, run.exitCode(), run.out());
        assertDelivered("publisher.crt");
        assertEquals(List.of(), files(elsewhere));
    }

    @Test
    void fifoAtTheTargetIsReplacedRatherThanWaitedOn() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", consumer.resolve("publisher.clientid").toString()).start();
        assertEquals(0, mkfifo.waitFor());

        Result run = deliverPublisher();

        assertEquals(0, run.exitCode(), run.out());
        assertDelivered("publisher.clientid");
    }

    @Test
    void directoryAtTheTargetStopsTheDeliveryNamingIt() throws Exception {
        Files.createDirectory(consumer.resolve("publisher.key"));

        Result run = deliverPublisher();

        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.out().contains("compose-certs: " + consumer.resolve("publisher.key")
                + " is a directory, where certgen delivers a file: remove it"), run.out());
    }

    @Test
    void revokedIdentityIsWithdrawnLinksIncludedWithoutTouchingTheirTargets() throws Exception {
        assertEquals(0, deliverPublisher().exitCode());
        assertEquals(0, PkiFiles.certgen("revoke", "publisher", "--out", pki.toString()).exitCode());
        Files.delete(consumer.resolve("publisher.clientid"));
        Files.createSymbolicLink(consumer.resolve("publisher.clientid"), victim);

        Result run = deliverPublisher();

        assertEquals(0, run.exitCode(), run.out());
        for (String file : List.of("publisher.crt", "publisher.key", "publisher.clientid")) {
            assertTrue(run.out().contains("withdrew " + consumer.resolve(file)), run.out());
        }
        assertEquals(List.of("ca.crt"), files(consumer));
        assertVictimUntouched();
    }

    // --- helpers -----------------------------------------------------------------------------

    private void assertDelivered(String file) throws IOException {
        Path target = consumer.resolve(file);
        assertTrue(Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS), file + " is a regular file");
        assertArrayEquals(Files.readAllBytes(pki.resolve(file)), Files.readAllBytes(target), file);
        assertEquals(file.endsWith(".crt") ? "rw-r--r--" : "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS)), file);
    }

    private void assertVictimUntouched() throws IOException {
        assertArrayEquals(victimContent, Files.readAllBytes(victim));
        assertEquals("rw-------", mode(victim));
    }

    private static List<String> files(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** The test's own uid:gid, which the script may give files to without being root. */
    private static String owner() throws Exception {
        Process id = new ProcessBuilder("sh", "-c", "echo \"$(id -u):$(id -g)\"").start();
        String owner = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, id.waitFor());
        return owner;
    }
}
