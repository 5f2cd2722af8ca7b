package io.securemqtt.certgen.pki;

import static io.securemqtt.certgen.PkiFiles.certgen;
import static io.securemqtt.certgen.PkiFiles.certgenOk;
import static io.securemqtt.certgen.PkiFiles.certificate;
import static io.securemqtt.certgen.PkiFiles.mode;
import static io.securemqtt.certgen.PkiFiles.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.PkiFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NAME.clientid: the secret half of each client identity's default client id, on real files. */
class ClientIdSuffixTest {

    private static final Pattern FILE_CONTENT = Pattern.compile("[a-z0-9]{20}\n");
    private static final List<String> DEFAULT_CLIENTS = List.of("publisher", "subscriber", "healthcheck", "operator", "exporter");

    @TempDir
    Path temp;

    Path dir() {
        return temp.resolve("certs");
    }

    byte[] suffix(String identity) throws Exception {
        return Files.readAllBytes(dir().resolve(identity + ".clientid"));
    }

    @Test
    void everyClientIdentityGetsItsOwnPrivateSuffixAndTheServerNone() throws Exception {
        PkiFiles.Run run = certgenOk(dir());

        Set<String> suffixes = new HashSet<>();
        for (String identity : DEFAULT_CLIENTS) {
            String content = new String(suffix(identity), StandardCharsets.US_ASCII);
            assertTrue(FILE_CONTENT.matcher(content).matches(), identity + ": " + content);
            assertEquals("rw-------", mode(dir().resolve(identity + ".clientid")), identity);
            assertTrue(run.out().contains("wrote " + identity + ".clientid (the secret suffix of " + identity
                    + "'s client id)"), run.out());
            assertFalse(run.out().contains(content.strip()), "the secret is never printed");
            suffixes.add(content);
        }
        assertEquals(DEFAULT_CLIENTS.size(), suffixes.size(), "one suffix each");
        assertFalse(Files.exists(dir().resolve("server.clientid")), "the broker has no client id");
    }

    @Test
    void rerunLeavesEverySuffixByteForByte() throws Exception {
        certgenOk(dir());
        var before = snapshot(dir());

        PkiFiles.Run again = certgenOk(dir());

        assertEquals(before, snapshot(dir()), again.out());
        assertFalse(again.out().contains(".clientid"), again.out());
    }

    @Test
    void renewalKeepsTheSuffix() throws Exception {
        certgenOk(dir());
        byte[] before = suffix("subscriber");
        var pki = new PkiDirectory(dir());
        Instant now = Instant.now();
        pki.save("subscriber", pki.loadCertificateAuthority().issueClient("subscriber", KeyType.EC_P256,
                now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(5))));

        PkiFiles.Run run = certgenOk(dir());

        assertTrue(run.out().contains("re-issued subscriber.crt"), run.out());
        assertArrayEquals(before, suffix("subscriber"));
    }

    @Test
    void forceReissuesTheCertificatesButKeepsEverySuffix() throws Exception {
        certgenOk(dir());
        var before = snapshot(dir());

        PkiFiles.Run run = certgenOk(dir(), "--force");

        var after = snapshot(dir());
        for (String identity : DEFAULT_CLIENTS) {
            assertNotEquals(before.get(identity + ".crt"), after.get(identity + ".crt"), identity);
            assertEquals(before.get(identity + ".clientid"), after.get(identity + ".clientid"), identity);
        }
        assertFalse(run.out().contains(".clientid"), run.out());
    }

    @Test
    void addedClientGetsASuffixAndRevokeRemovesIt() throws Exception {
        certgenOk(dir());
        PkiFiles.Run added = certgen("add-client", "sensor-1", "--out", dir().toString());
        assertEquals(0, added.exitCode(), added.err());
        byte[] first = suffix("sensor-1");
        assertTrue(FILE_CONTENT.matcher(new String(first, StandardCharsets.US_ASCII)).matches());
        assertEquals("rw-------", mode(dir().resolve("sensor-1.clientid")));

        PkiFiles.Run revoked = certgen("revoke", "sensor-1", "--out", dir().toString());

        assertEquals(0, revoked.exitCode(), revoked.err());
        assertTrue(revoked.out().contains("removed sensor-1.key and sensor-1.clientid"), revoked.out());
        assertFalse(Files.exists(dir().resolve("sensor-1.clientid")));
        assertTrue(Files.exists(dir().resolve("publisher.clientid")), "other identities keep theirs");

        // Whoever held the revoked key may know the old suffix: a new identity gets a new one.
        assertEquals(0, certgen("add-client", "sensor-1", "--out", dir().toString()).exitCode());
        assertFalse(java.util.Arrays.equals(first, suffix("sensor-1")));
    }

    @Test
    void revokedIdentityIsNotGivenASuffixByALaterRun() throws Exception {
        certgenOk(dir());
        assertEquals(0, certgen("revoke", "operator", "--out", dir().toString()).exitCode());

        certgenOk(dir());

        assertFalse(Files.exists(dir().resolve("operator.clientid")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc\n", "abcdefghij0123456789", "abcdefghij0123456789\n\n", "ABCDEFGHIJ0123456789\n",
            "abcdefghij-123456789\n", "abcdefghij0123456789\r\n"})
    void damagedSuffixIsReplacedWithTheReason(String content) throws Exception {
        certgenOk(dir());
        Files.writeString(dir().resolve("publisher.clientid"), content, StandardCharsets.ISO_8859_1);

        PkiFiles.Run run = certgenOk(dir());

        assertTrue(run.out().contains("rewrote publisher.clientid: it did not hold one line of 20 characters"
                + " from a-z and 0-9 (publisher gets a new client id"), run.out());
        assertTrue(FILE_CONTENT.matcher(new String(suffix("publisher"), StandardCharsets.US_ASCII)).matches());
        assertEquals("rw-------", mode(dir().resolve("publisher.clientid")));
    }

    @Test
    void changedModeIsRestored() throws Exception {
        certgenOk(dir());
        Path file = dir().resolve("subscriber.clientid");
        byte[] before = Files.readAllBytes(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        PkiFiles.Run run = certgenOk(dir());

        assertEquals("rw-------", mode(file));
        assertTrue(run.out().contains("restored the mode of subscriber.clientid"), run.out());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void ownerOptionGivesTheSuffixToTheUid() throws Exception {
        PkiFiles.Run run = certgen("--out", dir().toString(), "--owner", "publisher=10001:10001");
        boolean root = (int) Files.getAttribute(temp, "unix:uid") == 0; // JUnit made temp as this process's user
        if (root) {
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(10001, Files.getAttribute(dir().resolve("publisher.clientid"), "unix:uid"));
            assertEquals(10001, Files.getAttribute(dir().resolve("publisher.clientid"), "unix:gid"));
            assertEquals(0, Files.getAttribute(dir().resolve("subscriber.clientid"), "unix:uid"));
            assertTrue(run.out().contains("gave publisher.clientid to 10001:10001"), run.out());
        } else { // only root may give files away: certgen must say so
            assertEquals(1, run.exitCode());
            assertTrue(run.err().contains("publisher") && run.err().contains("root"), run.err());
        }
    }

    @Test
    void suffixesAreRandomFromTheWholeAlphabet() {
        Set<String> seen = new HashSet<>();
        Set<Integer> characters = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> {
            String value = ClientIdSuffix.random().value();
            assertTrue(FILE_CONTENT.matcher(value + "\n").matches(), value);
            seen.add(value);
            value.chars().forEach(characters::add);
        });
        assertEquals(1000, seen.size(), "no repeats");
        assertEquals(36, characters.size(), "every one of a-z and 0-9 occurs in 20,000 draws");
        // 20 characters of 36: at least the 100 bits of entropy the client id needs.
        assertTrue(ClientIdSuffix.LENGTH * Math.log(36) / Math.log(2) >= 100);
    }

    @Test
    void suffixIsNotPrintedByToString() {
        ClientIdSuffix suffix = ClientIdSuffix.random();
        assertFalse(suffix.toString().contains(suffix.value()), suffix.toString());
        assertThrows(IllegalArgumentException.class, () -> new ClientIdSuffix("short"));
        assertEquals(suffix, ClientIdSuffix.parse(suffix.fileContent()).orElseThrow());
    }

    @Test
    void certificateIsUntouchedWhenOnlyTheSuffixIsMissing() throws Exception {
        certgenOk(dir());
        var before = certificate(dir().resolve("publisher.crt"));
        Files.delete(dir().resolve("publisher.clientid"));

        PkiFiles.Run run = certgenOk(dir());

        assertTrue(run.out().contains("wrote publisher.clientid"), run.out());
        assertEquals(before, certificate(dir().resolve("publisher.crt")));
    }
}
