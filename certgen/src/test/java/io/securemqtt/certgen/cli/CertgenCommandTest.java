package io.securemqtt.certgen.cli;

import static io.securemqtt.certgen.PkiFiles.certgen;
import static io.securemqtt.certgen.PkiFiles.certgenOk;
import static io.securemqtt.certgen.PkiFiles.certificate;
import static io.securemqtt.certgen.PkiFiles.keyMatches;
import static io.securemqtt.certgen.PkiFiles.mode;
import static io.securemqtt.certgen.PkiFiles.privateKey;
import static io.securemqtt.certgen.PkiFiles.snapshot;
import static io.securemqtt.certgen.PkiFiles.validateChain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.certgen.Main;
import io.securemqtt.certgen.PkiFiles;
import io.securemqtt.certgen.pki.CertificateAuthority;
import io.securemqtt.certgen.pki.IssuedCertificate;
import io.securemqtt.certgen.pki.KeyType;
import io.securemqtt.certgen.pki.PkiDirectory;
import io.securemqtt.certgen.store.PemFiles;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line's behaviour: reruns, changes, refusals and failures. */
class CertgenCommandTest {

    @TempDir
    Path temp;

    Path dir() {
        return temp.resolve("certs");
    }

    // --- reruns and changes -------------------------------------------------------------------

    @Test
    void secondRunWithTheSameOptionsChangesNoFile() throws Exception {
        certgenOk(dir());
        var before = snapshot(dir());
        Thread.sleep(20); // a rewrite would now show in the modification times

        PkiFiles.Run second = certgenOk(dir());

        assertEquals(before, snapshot(dir()));
        assertEquals(8, second.outLines().size()); // CA, server, five clients, CRL
        assertTrue(second.outLines().stream().allMatch(line -> line.startsWith("kept ")), second.out());
    }

    @Test
    void changedServerNameReissuesOnlyTheServerCertificate() throws Exception {
        certgenOk(dir());
        var before = snapshot(dir());

        PkiFiles.Run run = certgenOk(dir(), "--server-name", "broker.example.org", "--server-name", "10.0.0.7");

        var after = snapshot(dir());
        assertNotEquals(before.get("server.crt"), after.get("server.crt"));
        assertNotEquals(before.get("server.key"), after.get("server.key"), "a new certificate gets a new key");
        // The ledger records the new certificate; nothing else changes.
        before.keySet().stream().filter(name -> !name.startsWith("server.") && !name.equals("ledger.tsv"))
                .forEach(name -> assertEquals(before.get(name), after.get(name), name));
        assertTrue(run.out().contains("re-issued server.crt: names changed"), run.out());
        X509Certificate server = certificate(dir().resolve("server.crt"));
        assertEquals(Set.of(List.of(2, "broker.example.org"), List.of(7, "10.0.0.7")),
                new HashSet<>(server.getSubjectAlternativeNames()));
        assertEquals("CN=broker.example.org", server.getSubjectX500Principal().getName());
        validateChain(server, certificate(dir().resolve("ca.crt")));
    }

    @Test
    void clientCertificateAboutToExpireIsReissued() throws Exception {
        certgenOk(dir());
        var pki = new PkiDirectory(dir());
        Instant now = Instant.now();
        pki.save("publisher", pki.loadCertificateAuthority()
                .issueClient("publisher", KeyType.EC_P256, now.minus(Duration.ofDays(360)), now.plus(Duration.ofDays(5))));
        var before = snapshot(dir());

        PkiFiles.Run run = certgenOk(dir());

        assertTrue(run.out().contains("re-issued publisher.crt: it expires on"), run.out());
        X509Certificate renewed = certificate(dir().resolve("publisher.crt"));
        assertTrue(renewed.getNotAfter().toInstant().isAfter(now.plus(Duration.ofDays(364))));
        assertTrue(keyMatches(privateKey(dir().resolve("publisher.key")), renewed.getPublicKey()));
        var after = snapshot(dir());
        before.keySet().stream().filter(name -> !name.startsWith("publisher.") && !name.equals("ledger.tsv"))
                .forEach(name -> assertEquals(before.get(name), after.get(name), name));
    }

    @Test
    void clientCertificateFromAnotherCaWithOurNameIsReissued() throws Exception {
        certgenOk(dir());
        var impostor = CertificateAuthority.create(CertificateAuthority.COMMON_NAME, KeyType.EC_P256, Duration.ofDays(30));
        Instant now = Instant.now();
        new PkiDirectory(dir()).save("subscriber",
                impostor.issueClient("subscriber", KeyType.EC_P256, now, now.plus(Duration.ofDays(300))));

        PkiFiles.Run run = certgenOk(dir());

        assertTrue(run.out().contains("re-issued subscriber.crt: it was not issued by the current CA"), run.out());
        validateChain(certificate(dir().resolve("subscriber.crt")), certificate(dir().resolve("ca.crt")));
    }

    @Test
    void damagedClientKeyIsReissuedWithTheReason() throws Exception {
        certgenOk(dir());
        Files.writeString(dir().resolve("operator.key"), "not a key");

        PkiFiles.Run run = certgenOk(dir());

        assertTrue(run.out().contains("re-issued operator.crt: "), run.out());
        assertTrue(run.out().contains("operator.key"), run.out());
        assertTrue(keyMatches(privateKey(dir().resolve("operator.key")),
                certificate(dir().resolve("operator.crt")).getPublicKey()));
    }

    @Test
    void missingClientCertificateIsReissued() throws Exception {
        certgenOk(dir());
        Files.delete(dir().resolve("healthcheck.crt"));

        PkiFiles.Run run = certgenOk(dir());

        assertTrue(run.out().contains("re-issued healthcheck.crt: "), run.out());
        assertTrue(run.out().contains("does not exist"), run.out());
    }

    @Test
    void otherKeyTypeReissuesEveryLeafButKeepsTheCa() throws Exception {
        certgenOk(dir(), "--client", "publisher");
        byte[] ca = Files.readAllBytes(dir().resolve("ca.crt"));

        PkiFiles.Run run = certgenOk(dir(), "--client", "publisher", "--key-type", "rsa-2048");

        assertArrayEquals(ca, Files.readAllBytes(dir().resolve("ca.crt")));
        assertTrue(run.out().contains("re-issued server.crt: its key type is ec-p256, --key-type asks for rsa-2048"));
        for (String identity : List.of("server", "publisher")) {
            X509Certificate certificate = certificate(dir().resolve(identity + ".crt"));
            assertEquals(2048, ((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength());
            assertEquals("SHA256withECDSA", certificate.getSigAlgName(), "signed by the EC CA");
            validateChain(certificate, certificate(dir().resolve("ca.crt")));
        }
    }

    @Test
    void changedKeyModeIsRestored() throws Exception {
        certgenOk(dir());
        Files.setPosixFilePermissions(dir().resolve("server.key"), PosixFilePermissions.fromString("rw-r--r--"));

        PkiFiles.Run run = certgenOk(dir());

        assertEquals("rw-------", mode(dir().resolve("server.key")));
        assertTrue(run.out().contains("restored the mode of server.key"), run.out());
    }

    // --- options ------------------------------------------------------------------------------

    @Test
    void rsaKeysOnRequest() throws Exception {
        certgenOk(dir(), "--key-type", "rsa-2048");
        X509Certificate ca = certificate(dir().resolve("ca.crt"));
        assertEquals("SHA256withRSA", ca.getSigAlgName());
        for (String identity : List.of("ca", "server", "publisher", "subscriber", "healthcheck", "operator", "exporter")) {
            X509Certificate certificate = certificate(dir().resolve(identity + ".crt"));
            var key = privateKey(identity.equals("ca") ? dir().resolve("private/ca.key") : dir().resolve(identity + ".key"));
            assertTrue(key instanceof RSAPrivateKey, identity);
            assertEquals(2048, ((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength(), identity);
            assertEquals("SHA256withRSA", certificate.getSigAlgName(), identity);
            assertTrue(keyMatches(key, certificate.getPublicKey()), identity);
            validateChain(certificate, ca);
        }
        for (String identity : List.of("server", "publisher", "subscriber", "healthcheck", "operator", "exporter")) {
            boolean[] keyUsage = certificate(dir().resolve(identity + ".crt")).getKeyUsage();
            // No keyEncipherment (bit 2): a peer may not use RSA key transport, which has no forward secrecy.
            assertArrayEquals(new boolean[] {true, false, false, false, false, false, false, false, false}, keyUsage,
                    identity + ": digitalSignature alone");
        }
    }

    /** RSA server certificates of the certgen before this one had keyEncipherment: the next run replaces them. */
    @Test
    void rsaLeafWithKeyEnciphermentIsReissued() throws Exception {
        certgenOk(dir(), "--key-type", "rsa-2048", "--client", "publisher");
        var pki = new PkiDirectory(dir());
        Instant now = Instant.now();
        CertificateAuthority ca = pki.loadCertificateAuthority();
        pki.save("server", withKeyEncipherment(ca, now));
        var before = snapshot(dir());

        PkiFiles.Run run = certgenOk(dir(), "--key-type", "rsa-2048", "--client", "publisher");

        assertTrue(run.out().contains("re-issued server.crt: its key usage is not digitalSignature alone (it has"
                + " digitalSignature, keyEncipherment): keyEncipherment allows TLS 1.2's RSA key transport"), run.out());
        assertFalse(certificate(dir().resolve("server.crt")).getKeyUsage()[2]);
        assertEquals(before.get("publisher.crt"), snapshot(dir()).get("publisher.crt"), "the others are kept");
    }

    /** A server certificate as the certgen before this one issued it with an RSA key. */
    private static IssuedCertificate withKeyEncipherment(CertificateAuthority ca, Instant now) throws Exception {
        KeyPair keys = KeyType.RSA_2048.generateKeyPair();
        var builder = new JcaX509v3CertificateBuilder(ca.certificate(), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))),
                new X500Name("CN=mosquitto"), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "mosquitto"), new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        var signer = new JcaContentSignerBuilder("SHA256withRSA").build(ca.privateKey());
        return new IssuedCertificate(new JcaX509CertificateConverter().getCertificate(builder.build(signer)), keys.getPrivate());
    }

    @Test
    void rsa3072KeysOnRequest() throws Exception {
        // RSA-3072 key generation is slow: one client only.
        certgenOk(dir(), "--key-type", "rsa-3072", "--client", "publisher");
        X509Certificate ca = certificate(dir().resolve("ca.crt"));
        for (String identity : List.of("ca", "server", "publisher")) {
            X509Certificate certificate = certificate(dir().resolve(identity + ".crt"));
            assertEquals(3072, ((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength(), identity);
            validateChain(certificate, ca);
        }
    }

    @Test
    void givenClientsReplaceTheDefaultList() throws Exception {
        certgenOk(dir(), "--client", "alice", "--client", "sensor-01");
        try (Stream<Path> files = Files.list(dir())) {
            assertEquals(Set.of("ca.crt", "private", "server.crt", "server.key", "alice.crt", "alice.key",
                    "alice.clientid", "sensor-01.crt", "sensor-01.key", "sensor-01.clientid", "crl.pem", "ledger.tsv", ".certgen.lock"), files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()));
        }
        assertEquals("CN=sensor-01", certificate(dir().resolve("sensor-01.crt")).getSubjectX500Principal().getName());
    }

    @Test
    void ipv6ServerNameBecomesAnIpAddressEntry() throws Exception {
        certgenOk(dir(), "--server-name", "mosquitto", "--server-name", "::1", "--client", "publisher");
        assertEquals(Set.of(List.of(2, "mosquitto"), List.of(7, "0:0:0:0:0:0:0:1")),
                new HashSet<>(certificate(dir().resolve("server.crt")).getSubjectAlternativeNames()));
    }

    @Test
    void validityDaysAreConfigurable() throws Exception {
        Instant started = Instant.now();
        certgenOk(dir(), "--days", "30", "--ca-days", "100", "--client", "publisher");
        assertEquals(started.plus(Duration.ofDays(100)).getEpochSecond(),
                certificate(dir().resolve("ca.crt")).getNotAfter().toInstant().getEpochSecond(), 120);
        assertEquals(started.plus(Duration.ofDays(30)).getEpochSecond(),
                certificate(dir().resolve("publisher.crt")).getNotAfter().toInstant().getEpochSecond(), 120);
        // 30-day certificates are not within a 30-day margin: a tenth of --days applies.
        assertTrue(certgenOk(dir(), "--days", "30", "--client", "publisher").outLines().stream()
                .allMatch(line -> line.startsWith("kept ")));
    }

    @Test
    void filesHaveTheirModes() throws Exception {
        certgenOk(dir());
        assertEquals("rwxr-xr-x", mode(dir()));
        assertEquals("rwx------", mode(dir().resolve("private")));
        assertEquals("rw-------", mode(dir().resolve("private/ca.key")));
        assertEquals("rw-r--r--", mode(dir().resolve("ca.crt")));
        for (String identity : List.of("server", "publisher", "subscriber", "healthcheck", "operator", "exporter")) {
            assertEquals("rw-------", mode(dir().resolve(identity + ".key")), identity);
            assertEquals("rw-r--r--", mode(dir().resolve(identity + ".crt")), identity);
        }
        try (Stream<Path> files = Files.list(dir())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void ownerOptionGivesTheIdentitysFilesToTheUid() throws Exception {
        PkiFiles.Run run = certgen("--out", dir().toString(), "--owner", "server=1883:1883", "--owner", "publisher=10001");
        boolean root = (int) Files.getAttribute(temp, "unix:uid") == 0; // JUnit made temp as this process's user
        if (root) {
            assertEquals(0, run.exitCode(), run.err());
            for (String file : List.of("server.key", "server.crt")) {
                assertEquals(1883, Files.getAttribute(dir().resolve(file), "unix:uid"), file);
                assertEquals(1883, Files.getAttribute(dir().resolve(file), "unix:gid"), file);
            }
            assertEquals(10001, Files.getAttribute(dir().resolve("publisher.key"), "unix:uid"));
            assertEquals(0, Files.getAttribute(dir().resolve("subscriber.key"), "unix:uid"));
            assertEquals("rw-------", mode(dir().resolve("server.key")));
            assertTrue(run.out().contains("gave server.key to 1883:1883"), run.out());
            assertTrue(certgenOk(dir(), "--owner", "server=1883:1883", "--owner", "publisher=10001").outLines()
                    .stream().allMatch(line -> line.startsWith("kept ")), "owners already right: nothing to do");
        } else { // only root may give files away: certgen must say so
            assertEquals(1, run.exitCode());
            assertTrue(run.err().contains("server.key") && run.err().contains("root"), run.err());
        }
    }

    @Test
    void helpListsEveryOption() {
        PkiFiles.Run run = certgen("--help");
        assertEquals(0, run.exitCode());
        for (String option : List.of("--out", "--client", "--server-name", "--key-type", "--days", "--ca-days", "--owner")) {
            assertTrue(run.out().contains(option), option);
        }
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of(List.of("--frobnicate"), "--frobnicate"),
                Arguments.of(List.of("somedir"), "somedir"),
                Arguments.of(List.of("--out"), "--out needs a value"),
                Arguments.of(List.of("--days", "abc"), "--days"),
                Arguments.of(List.of("--days", "0"), "--days"),
                Arguments.of(List.of("--ca-days", "-5"), "--ca-days"),
                Arguments.of(List.of("--key-type", "dsa"), "--key-type"),
                Arguments.of(List.of("--server-name", "bad name"), "--server-name"),
                Arguments.of(List.of("--server-name", "300.1.1.1"), "--server-name"),
                Arguments.of(List.of("--owner", "server"), "--owner"),
                Arguments.of(List.of("--owner", "nobody=1883"), "nobody"),
                Arguments.of(List.of("--owner", "server=abc"), "--owner"),
                Arguments.of(List.of("--client", "alice", "--client", "Alice"), "twice"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void badCommandLineIsAUsageErrorNamingTheOption(List<String> args, String named) {
        List<String> all = new ArrayList<>(List.of("--out", dir().toString()));
        all.addAll(args);
        PkiFiles.Run run = certgen(all.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains(named), run.err());
        assertFalse(Files.exists(dir()), "nothing written");
    }

    static Stream<Arguments> refusedIdentities() {
        return Stream.of(
                Arguments.of("a+b", "\"a+b\"", "wildcard"),
                Arguments.of("a#", "\"a#\"", "wildcard"),
                Arguments.of("a/b", "\"a/b\"", "separator"),
                Arguments.of("a\u0000b", "\"a\\u0000b\"", "non-printable"),
                Arguments.of("a\nb", "\"a\\u000Ab\"", "non-printable"),
                Arguments.of("", "\"\"", "empty"),
                Arguments.of("x".repeat(65), "\"" + "x".repeat(65) + "\"", "64"),
                Arguments.of("..", "\"..\"", "'.'"),
                Arguments.of(".hidden", "\".hidden\"", "'.'"),
                Arguments.of("server", "\"server\"", "reserved"),
                Arguments.of("CA", "\"CA\"", "reserved"));
    }

    @ParameterizedTest
    @MethodSource("refusedIdentities")
    void refusedIdentityIsAUsageErrorWithTheReason(String identity, String quoted, String reason) {
        PkiFiles.Run run = certgen("--out", dir().toString(), "--client", identity);
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--client"), run.err());
        assertTrue(run.err().contains(quoted), run.err());
        assertTrue(run.err().contains(reason), run.err());
        assertFalse(Files.exists(dir()), "nothing written");
    }

    // --- failures -----------------------------------------------------------------------------

    @Test
    void damagedCaCertificateStopsCertgenAndIsNotReplaced() throws Exception {
        certgenOk(dir());
        Path caCertificate = dir().resolve("ca.crt");
        Files.writeString(caCertificate, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
        var before = snapshot(dir());

        PkiFiles.Run run = certgen("--out", dir().toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(caCertificate.toString()), run.err());
        assertTrue(run.err().contains("move ca.crt and private/ca.key"), "says what to do: " + run.err());
        assertEquals(before, snapshot(dir()));
    }

    @Test
    void caKeyNotMatchingTheCaCertificateStopsCertgen() throws Exception {
        certgenOk(dir());
        Instant now = Instant.now();
        var other = CertificateAuthority.create("Other CA", KeyType.EC_P256, now, now.plus(Duration.ofDays(1)));
        PemFiles.writePrivateKey(dir().resolve("private/ca.key"), other.privateKey());
        var before = snapshot(dir());

        PkiFiles.Run run = certgen("--out", dir().toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(dir().resolve("private/ca.key").toString()), run.err());
        assertEquals(before, snapshot(dir()));
    }

    @Test
    void caCertificateWithoutItsKeyStopsCertgen() throws Exception {
        certgenOk(dir());
        Files.delete(dir().resolve("private/ca.key"));
        var before = snapshot(dir());

        PkiFiles.Run run = certgen("--out", dir().toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("ca.key is missing"), run.err());
        assertEquals(before, snapshot(dir()));
    }

    @Test
    void caKeyWithoutItsCertificateStopsCertgen() throws Exception {
        certgenOk(dir());
        Files.delete(dir().resolve("ca.crt"));
        var before = snapshot(dir());

        PkiFiles.Run run = certgen("--out", dir().toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("ca.crt is missing"), run.err());
        assertEquals(before, snapshot(dir()));
    }

    @Test
    void outputDirectoryThatCannotBeCreatedIsNamed() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "in the way");
        Path impossible = file.resolve("certs");

        PkiFiles.Run run = certgen("--out", impossible.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(impossible.toString()), run.err());
        assertTrue(run.err().contains("--out"), "says what to do: " + run.err());
    }

    @Test
    void outputPathThatIsAFileIsNamed() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "in the way");

        PkiFiles.Run run = certgen("--out", file.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(file + " exists but is not a directory"), run.err());
        assertEquals("in the way", Files.readString(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ca.crt", "server.crt"})
    void expiredOrForeignFilesAreNeverSilentlyAccepted(String name) throws Exception {
        // A CA certificate past its end stops certgen; an expired server certificate is re-issued.
        certgenOk(dir());
        var pki = new PkiDirectory(dir());
        Instant now = Instant.now();
        if (name.equals("ca.crt")) {
            var expired = CertificateAuthority.create(CertificateAuthority.COMMON_NAME, KeyType.EC_P256,
                    now.minus(Duration.ofDays(20)), now.minus(Duration.ofDays(1)));
            pki.save(expired);
            PkiFiles.Run run = certgen("--out", dir().toString());
            assertEquals(1, run.exitCode());
            assertTrue(run.err().contains("ca.crt expired on"), run.err());
        } else {
            pki.save("server", pki.loadCertificateAuthority().issueServer(List.of("mosquitto", "localhost", "127.0.0.1"),
                    KeyType.EC_P256, now.minus(Duration.ofDays(20)), now.minus(Duration.ofDays(1))));
            PkiFiles.Run run = certgenOk(dir());
            assertTrue(run.out().contains("re-issued server.crt: it expired on"), run.out());
        }
    }

    // --- Main.generate, for programs and tests ------------------------------------------------

    @Test
    void generateWritesThePkiAndReturnsWhatCertgenPrinted() throws Exception {
        String printed = Main.generate(dir(), "--client", "sensor-01");

        assertEquals(List.of("created ca.crt", "issued server.crt", "issued sensor-01.crt", "wrote sensor-01.clientid",
                        "created crl.pem"),
                printed.lines().map(line -> line.replaceAll(" \\(.*", "")).toList(), printed);
        validateChain(certificate(dir().resolve("sensor-01.crt")), certificate(dir().resolve("ca.crt")));
        assertTrue(keyMatches(privateKey(dir().resolve("sensor-01.key")), certificate(dir().resolve("sensor-01.crt")).getPublicKey()));
        assertTrue(Main.generate(dir(), "--client", "sensor-01").lines().allMatch(line -> line.startsWith("kept ")));
    }

    @Test
    void generateThrowsCertgensUsageErrorWithItsExitStatus() {
        CertgenException e = assertThrows(CertgenException.class, () -> Main.generate(dir(), "--key-type", "dsa"));

        assertTrue(e.getMessage().startsWith("certgen: "), e.getMessage());
        assertTrue(e.getMessage().contains("--key-type"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(exit status 2)"), e.getMessage());
        assertFalse(Files.exists(dir()), "nothing written");
    }

    @Test
    void generateThrowsCertgensFailureWithItsExitStatus() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "in the way");

        CertgenException e = assertThrows(CertgenException.class, () -> Main.generate(file));

        assertTrue(e.getMessage().contains(file + " exists but is not a directory"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(exit status 1)"), e.getMessage());
    }
}
