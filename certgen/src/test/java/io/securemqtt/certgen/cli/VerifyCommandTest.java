package io.securemqtt.certgen.cli;

import static io.securemqtt.certgen.PkiFiles.certificate;
import static io.securemqtt.certgen.PkiFiles.privateKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.Main;
import io.securemqtt.certgen.PkiFiles;
import io.securemqtt.certgen.pki.CertificateAuthority;
import io.securemqtt.certgen.pki.Expiry;
import io.securemqtt.certgen.pki.KeyPurpose;
import io.securemqtt.certgen.pki.KeyType;
import io.securemqtt.certgen.pki.PkiDirectory;
import io.securemqtt.certgen.store.PemFiles;
import io.securemqtt.x509.Certificates;
import io.securemqtt.x509.UtcDates;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certgen verify}: a fresh PKI passes, and each kind of damage is found on its own. */
class VerifyCommandTest {

    @TempDir
    Path temp;
    Path dir;
    Instant now;

    @BeforeEach
    void freshPki() {
        dir = temp.resolve("certs");
        Main.generate(dir);
        // Whole seconds, as in certificates; the commands run at this fixed time, so that the days
        // counted do not depend on the time of day the test runs at.
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    // --- a good PKI ---------------------------------------------------------------------------

    @Test
    void freshPkiHasNoProblems() {
        PkiFiles.Run run = verify(dir.toString());

        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> lines = run.outLines();
        assertTrue(lines.get(lines.size() - 1).startsWith("verified " + dir + ": 7 certificates"), run.out());
        assertTrue(lines.get(lines.size() - 1).endsWith(", no problems"), run.out());
        assertTrue(lines.contains("ok  private/ca.key (matches ca.crt)"), run.out());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("ok  ca.crt (CA, self-signed, expires ")), run.out());
        assertTrue(lines.stream().anyMatch(line -> line.matches(
                "ok  server\\.crt \\(serverAuth, expires \\d{4}-\\d\\d-\\d\\d, 36[45] days left\\)")), run.out());
        for (String client : List.of("publisher", "subscriber", "healthcheck", "operator", "exporter")) {
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("ok  " + client + ".crt (clientAuth, expires ")),
                    run.out());
        }
        assertFalse(run.out().contains("PROBLEM"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void defaultDirectoryAndOutOptionNameTheSameDirectory() {
        assertEquals(0, verify("--out", dir.toString()).exitCode());
        assertEquals(0, verify("--out=" + dir).exitCode());
        // The default, certs, is relative to the working directory: only its message is checked here.
        PkiFiles.Run defaulted = verify();
        if (!Files.isDirectory(Path.of("certs"))) {
            assertEquals(1, defaulted.exitCode());
            assertTrue(defaulted.err().startsWith("certgen: certs does not exist"), defaulted.err());
        }
    }

    @Test
    void showsWhenCertgenRenewsEachCertificateAndTheCrl() throws Exception {
        X509Certificate server = certificate(dir.resolve("server.crt"));
        Instant notAfter = server.getNotAfter().toInstant();
        Instant nextUpdate = PkiFiles.crl(dir.resolve("crl.pem")).getNextUpdate().toInstant();

        PkiFiles.Run run = verify(dir.toString());

        assertEquals(0, run.exitCode(), run.out());
        // By default the window certgen gives a year's certificate, 30 days, and the same for the CRL.
        Instant renewal = notAfter.minus(Duration.ofDays(30));
        assertTrue(run.outLines().contains("renew server.crt from " + UtcDates.time(renewal) + " ("
                + Expiry.relative(now, renewal) + "; expires " + UtcDates.time(notAfter) + ", window 30 days)"), run.out());
        for (String client : List.of("publisher", "subscriber", "healthcheck", "operator", "exporter")) {
            assertTrue(run.outLines().stream().anyMatch(line -> line.startsWith("renew " + client + ".crt from ")),
                    run.out());
        }
        Instant refresh = nextUpdate.minus(Duration.ofDays(30));
        assertTrue(run.outLines().contains("refresh crl.pem from " + UtcDates.time(refresh) + " ("
                + Expiry.relative(now, refresh) + "; next update " + UtcDates.time(nextUpdate) + ", window 30 days)"),
                run.out());
        assertFalse(run.out().contains("renew ca.crt"), "certgen never renews a CA");
        assertTrue(last(run).startsWith("verified " + dir + ": "), run.out());

        PkiFiles.Run narrow = verify(dir.toString(), "--renew-within", "7");

        assertTrue(narrow.outLines().stream().anyMatch(line -> line.startsWith("renew server.crt from "
                + UtcDates.time(notAfter.minus(Duration.ofDays(7))) + " (") && line.endsWith(", window 7 days)")),
                narrow.out());
        assertTrue(narrow.outLines().stream().anyMatch(line -> line.startsWith("refresh crl.pem from "
                + UtcDates.time(nextUpdate.minus(Duration.ofDays(7))) + " (")), narrow.out());
    }

    @Test
    void machineWithoutTheCaKeyIsFineAndItIsNotMentioned() throws Exception {
        Files.delete(dir.resolve("private/ca.key"));
        Files.delete(dir.resolve("private"));

        PkiFiles.Run run = verify(dir.toString());

        assertEquals(0, run.exitCode(), run.out());
        assertFalse(run.out().contains("ca.key"), run.out());
    }

    @Test
    void revokedCopiesAndKeyStoresAreNotLeafCertificates() throws Exception {
        Files.createDirectories(dir.resolve("revoked"));
        Files.writeString(dir.resolve("revoked/publisher-01.crt"), "not looked at");
        Files.write(dir.resolve("publisher.p12"), new byte[] {0x30, (byte) 0x82, 0x01});
        Files.writeString(dir.resolve("publisher.p12.pass"), "secret");

        PkiFiles.Run run = verify(dir.toString());

        assertEquals(0, run.exitCode(), run.out());
        assertFalse(run.out().contains("revoked/") || run.out().contains(".p12"), run.out());
    }

    @Test
    void certificateExpiringWithin30DaysGetsANoteButNoProblem() throws Exception {
        saveClient("subscriber", now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(10)));

        PkiFiles.Run run = verify(dir.toString());

        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.outLines().contains("note: subscriber.crt: expires on "
                + UtcDates.date(now.plus(Duration.ofDays(10))) + ", in 10 days; run certgen --out " + dir
                + " to renew it"), run.out());
    }

    // --- one problem at a time ----------------------------------------------------------------

    @Test
    void certificateFromAnotherCaWithTheSameName() {
        var impostor = CertificateAuthority.create(CertificateAuthority.COMMON_NAME, KeyType.EC_P256, Duration.ofDays(30));
        new PkiDirectory(dir).save("subscriber",
                impostor.issueClient("subscriber", KeyType.EC_P256, now, now.plus(Duration.ofDays(300))));

        String problem = assertOneProblem(verify(dir.toString()), "subscriber.crt");

        assertTrue(problem.contains("its signature does not verify with ca.crt's key"), problem);
        assertTrue(problem.contains("another CA of the same name"), problem);
        assertTrue(problem.endsWith("; run certgen --out " + dir + " to re-issue it"), problem);
    }

    @Test
    void certificateFromACaWithAnotherName() {
        var other = CertificateAuthority.create("Someone Else's CA", KeyType.EC_P256, Duration.ofDays(30));
        new PkiDirectory(dir).save("operator", other.issueClient("operator", KeyType.EC_P256, now, now.plus(Duration.ofDays(300))));

        String problem = assertOneProblem(verify(dir.toString()), "operator.crt");

        assertTrue(problem.contains("was issued by CN=Someone Else's CA, not by the CA in ca.crt"), problem);
    }

    @Test
    void keyThatDoesNotMatchItsCertificate() throws Exception {
        Files.copy(dir.resolve("operator.key"), dir.resolve("publisher.key"), StandardCopyOption.REPLACE_EXISTING);

        String problem = assertOneProblem(verify(dir.toString()), "publisher.key");

        assertEquals("PROBLEM: publisher.key: is not the private key of publisher.crt; run certgen --out " + dir
                + " to re-issue publisher.crt with a new key", problem);
    }

    @Test
    void missingKey() throws Exception {
        Files.delete(dir.resolve("healthcheck.key"));

        String problem = assertOneProblem(verify(dir.toString()), "healthcheck.key");

        assertTrue(problem.startsWith("PROBLEM: healthcheck.key: does not exist, so healthcheck.crt cannot be used; "),
                problem);
    }

    @Test
    void unreadableKey() throws Exception {
        Files.writeString(dir.resolve("server.key"), "not a key");

        String problem = assertOneProblem(verify(dir.toString()), "server.key");

        assertTrue(problem.contains("holds no PEM private key"), problem);
    }

    @Test
    void unreadableCertificate() throws Exception {
        Files.writeString(dir.resolve("operator.crt"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");

        String problem = assertOneProblem(verify(dir.toString()), "operator.crt");

        assertTrue(problem.contains("is not a valid PEM file"), problem);
    }

    @Test
    void clientCertificateWithoutExtendedKeyUsage() {
        saveClient("healthcheck", now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(100)), Set.of());

        String problem = assertOneProblem(verify(dir.toString()), "healthcheck.crt");

        assertTrue(problem.contains("lacks the extended key usage clientAuth that a client certificate needs"
                + " (it has no extended key usage extension)"), problem);
    }

    @Test
    void clientCertificateWithServerAuthOnly() {
        saveClient("publisher", now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(100)), Set.of(KeyPurpose.SERVER_AUTH));

        String problem = assertOneProblem(verify(dir.toString()), "publisher.crt");

        assertTrue(problem.contains("lacks the extended key usage clientAuth that a client certificate needs"
                + " (it has serverAuth)"), problem);
    }

    @Test
    void serverCertificateWithoutServerAuth() {
        // A client's certificate in the broker's place.
        saveClient("server", "publisher", now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(100)),
                Set.of(KeyPurpose.CLIENT_AUTH));

        String problem = assertOneProblem(verify(dir.toString()), "server.crt");

        assertTrue(problem.contains("lacks the extended key usage serverAuth that the broker's certificate needs"
                + " (it has clientAuth)"), problem);
    }

    @Test
    void missingServerCertificate() throws Exception {
        Files.delete(dir.resolve("server.crt"));
        Files.delete(dir.resolve("server.key"));

        String problem = assertOneProblem(verify(dir.toString()), "server.crt");

        assertTrue(problem.contains("does not exist, and the broker needs it"), problem);
    }

    @Test
    void expiredCertificate() {
        Instant notAfter = now.minus(Duration.ofDays(3));
        saveClient("publisher", now.minus(Duration.ofDays(30)), notAfter);

        String problem = assertOneProblem(verify(dir.toString()), "publisher.crt");

        assertTrue(problem.startsWith("PROBLEM: publisher.crt: expired on " + UtcDates.time(notAfter) + " (3 days ago)"), problem);
    }

    @Test
    void certificateNotYetValid() {
        Instant notBefore = now.plus(Duration.ofDays(2));
        saveClient("operator", notBefore, now.plus(Duration.ofDays(30)));

        String problem = assertOneProblem(verify(dir.toString()), "operator.crt");

        assertTrue(problem.startsWith("PROBLEM: operator.crt: is not valid until " + UtcDates.time(notBefore) + " (in 2 days)"), problem);
    }

    @Test
    void everyCertificateExpiredAtALaterTime() throws Exception {
        Files.deleteIfExists(dir.resolve("crl.pem")); // its own expiry is another test's business

        PkiFiles.Run run = verify(now.plus(Duration.ofDays(400)), dir.toString());

        assertEquals(1, run.exitCode());
        assertEquals(6, problems(run).size(), run.out());
        assertTrue(problems(run).stream().allMatch(line -> line.contains(": expired on ")), run.out());
        assertFalse(run.out().contains("ok  "), "with problems, the files that are fine are not listed: " + run.out());
        assertEquals(dir + ": 6 problems", last(run));
    }

    @Test
    void caKeyOfAnotherCa() throws Exception {
        var other = CertificateAuthority.create(CertificateAuthority.COMMON_NAME, KeyType.EC_P256, Duration.ofDays(30));
        PemFiles.writePrivateKey(dir.resolve("private/ca.key"), other.privateKey());

        String problem = assertOneProblem(verify(dir.toString()), "private/ca.key");

        assertTrue(problem.contains("is not the private key of ca.crt"), problem);
    }

    @Test
    void caCertificateThatIsNoCa() throws Exception {
        // The server's certificate (and key) in the CA's place: every leaf then fails too.
        Files.copy(dir.resolve("server.crt"), dir.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve("server.key"), dir.resolve("private/ca.key"), StandardCopyOption.REPLACE_EXISTING);

        PkiFiles.Run run = verify(dir.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.outLines().stream().anyMatch(line -> line.startsWith(
                "PROBLEM: ca.crt: is not a CA certificate (it lacks basicConstraints CA:true)")), run.out());
        assertTrue(run.outLines().stream().anyMatch(line -> line.startsWith("PROBLEM: ca.crt: is not self-signed")),
                run.out());
    }

    // --- the CRL ------------------------------------------------------------------------------

    @Test
    void currentCrlWithOtherSerialsIsFine() throws Exception {
        writeCrl(dir, List.of(BigInteger.valueOf(12345)), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(60)));

        PkiFiles.Run run = verify(dir.toString());

        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.outLines().stream().anyMatch(line -> line.startsWith("ok  crl.pem (signed by ca.crt, 1 revoked, ")),
                run.out());
        assertTrue(last(run).endsWith("7 certificates and crl.pem, no problems"), run.out());
    }

    @Test
    void revokedCertificateStillInPlace() throws Exception {
        BigInteger serial = certificate(dir.resolve("publisher.crt")).getSerialNumber();
        writeCrl(dir, List.of(serial), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(60)));

        String problem = assertOneProblem(verify(dir.toString()), "publisher.crt");

        assertTrue(problem.startsWith("PROBLEM: publisher.crt: is revoked (crl.pem lists its serial number "
                + serial.toString(16).toUpperCase() + ", revoked on "), problem);
        assertTrue(problem.contains("delete publisher.crt and publisher.key"), problem);
    }

    /** E.g. crl.pem copied back from an old backup after a revoke: the ledger still knows. */
    @Test
    void crlMissingARevocationTheLedgerRecords() throws Exception {
        BigInteger serial = certificate(dir.resolve("operator.crt")).getSerialNumber();
        assertEquals(0, PkiFiles.certgen("revoke", "operator", "--out", dir.toString()).exitCode());
        writeCrl(dir, List.of(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(60)));

        String problem = assertOneProblem(verify(dir.toString()), "ledger.tsv");

        assertEquals("PROBLEM: ledger.tsv: records 1 revoked certificate that crl.pem does not list, so the broker"
                + " still accepts it: operator (serial " + Certificates.serial(serial) + "); run certgen --out "
                + dir + " to refresh crl.pem, and deliver it", problem);
        Main.generate(dir);
        assertEquals(0, verify(dir.toString()).exitCode(), "the refreshed CRL lists it");
    }

    @Test
    void damagedLedger() throws Exception {
        Files.writeString(dir.resolve("ledger.tsv"), "revoked\tlast week\n", StandardOpenOption.APPEND);

        String problem = assertOneProblem(verify(dir.toString()), "ledger.tsv");

        assertTrue(problem.contains(" is not a ledger line ("), problem);
        assertTrue(problem.endsWith("restore it from your backup"), problem);
    }

    @Test
    void damagedClientIdSuffixIsAProblemAndAMissingOneANote() throws Exception {
        Files.writeString(dir.resolve("publisher.clientid"), "publisher\n");
        Files.delete(dir.resolve("subscriber.clientid"));

        PkiFiles.Run run = verify(dir.toString());

        String problem = assertOneProblem(run, "publisher.clientid");
        assertEquals("PROBLEM: publisher.clientid: does not hold one line of 20 characters from a-z and 0-9; run"
                + " certgen --out " + dir + " to write a new one (the client then gets a new client id)", problem);
        assertTrue(run.outLines().contains("note: subscriber.clientid: does not exist: the client has no secret"
                + " client id suffix; run certgen --out " + dir + " to write it"), run.out());
        assertFalse(run.out().contains("server.clientid"), "the broker has none, and needs none");
    }

    @Test
    void expiredCrl() throws Exception {
        Instant nextUpdate = now.minus(Duration.ofDays(2));
        writeCrl(dir, List.of(), now.minus(Duration.ofDays(30)), nextUpdate);

        String problem = assertOneProblem(verify(dir.toString()), "crl.pem");

        assertTrue(problem.startsWith("PROBLEM: crl.pem: is out of date: its next update was due on "
                + UtcDates.time(nextUpdate) + " (2 days ago)"), problem);
    }

    @Test
    void crlExpiringWithin30DaysGetsANote() throws Exception {
        writeCrl(dir, List.of(), now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(5)));

        PkiFiles.Run run = verify(dir.toString());

        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.outLines().stream().anyMatch(line -> line.startsWith("note: crl.pem: its next update is due on ")
                && line.contains(", in 5 days; ")), run.out());
    }

    @Test
    void crlOfAnotherCa() throws Exception {
        var other = CertificateAuthority.create(CertificateAuthority.COMMON_NAME, KeyType.EC_P256, Duration.ofDays(30));
        BigInteger serial = certificate(dir.resolve("publisher.crt")).getSerialNumber();
        writeCrl(dir.resolve("crl.pem"), crl(other.certificate(), other.privateKey(), List.of(serial),
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(60))));

        String problem = assertOneProblem(verify(dir.toString()), "crl.pem");

        assertTrue(problem.contains("was not signed by the CA in ca.crt"), problem);
    }

    // --- nothing to verify, bad command lines -------------------------------------------------

    @Test
    void missingDirectory() {
        Path missing = temp.resolve("nowhere");

        PkiFiles.Run run = verify(missing.toString());

        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("certgen: " + missing + " does not exist: "), run.err());
    }

    @Test
    void missingCaCertificate() throws Exception {
        Files.delete(dir.resolve("ca.crt"));

        PkiFiles.Run run = verify(dir.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("certgen: " + dir.resolve("ca.crt") + " does not exist, so there is nothing"
                + " to verify the certificates against"), run.err());
    }

    @Test
    void damagedCaCertificate() throws Exception {
        Files.writeString(dir.resolve("ca.crt"), "garbage");

        PkiFiles.Run run = verify(dir.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(dir.resolve("ca.crt") + " holds no PEM certificate"), run.err());
        assertTrue(run.err().contains("restore ca.crt from your backup"), run.err());
    }

    @Test
    void badCommandLines() {
        for (List<String> args : List.of(List.of("a", "b"), List.of("--json"), List.of("--out"), List.of("--out", "a", "b"))) {
            PkiFiles.Run run = verify(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), args.toString());
            assertTrue(run.err().endsWith("Run certgen --help to see the options." + System.lineSeparator()), run.err());
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    private PkiFiles.Run verify(String... args) {
        return verify(now, args);
    }

    private PkiFiles.Run verify(Instant at, String... args) {
        return run(Clock.fixed(at, ZoneOffset.UTC), args);
    }

    private static PkiFiles.Run run(Clock clock, String... args) {
        return PkiFiles.certgenAt(clock, Stream.concat(Stream.of("verify"), Stream.of(args)).toArray(String[]::new));
    }

    /** Asserts the run found exactly one problem, about the file, and returns its line. */
    private String assertOneProblem(PkiFiles.Run run, String file) {
        assertEquals(1, run.exitCode(), run.out() + run.err());
        List<String> problems = problems(run);
        assertEquals(1, problems.size(), run.out());
        assertTrue(problems.get(0).startsWith("PROBLEM: " + file + ": "), run.out());
        assertEquals(dir + ": 1 problem", last(run));
        return problems.get(0);
    }

    private static List<String> problems(PkiFiles.Run run) {
        return run.outLines().stream().filter(line -> line.startsWith("PROBLEM: ")).toList();
    }

    private static String last(PkiFiles.Run run) {
        List<String> lines = run.outLines();
        return lines.get(lines.size() - 1);
    }

    private void saveClient(String identity, Instant notBefore, Instant notAfter) {
        saveClient(identity, notBefore, notAfter, Set.of(KeyPurpose.CLIENT_AUTH));
    }

    private void saveClient(String identity, Instant notBefore, Instant notAfter, Set<KeyPurpose> purposes) {
        saveClient(identity, identity, notBefore, notAfter, purposes);
    }

    private void saveClient(String stem, String identity, Instant notBefore, Instant notAfter, Set<KeyPurpose> purposes) {
        var pki = new PkiDirectory(dir);
        pki.save(stem, pki.loadCertificateAuthority().issueClient(identity, KeyType.EC_P256, notBefore, notAfter, purposes));
    }

    /** Writes DIR/crl.pem, signed with DIR/private/ca.key, revoking the serial numbers. */
    static void writeCrl(Path dir, List<BigInteger> serials, Instant thisUpdate, Instant nextUpdate) throws Exception {
        X509Certificate ca = certificate(dir.resolve("ca.crt"));
        writeCrl(dir.resolve("crl.pem"), crl(ca, privateKey(dir.resolve("private/ca.key")), serials, thisUpdate, nextUpdate));
    }

    /** A CRL as a CA writes one: number 7, the CA's key identifier, each serial revoked at thisUpdate. */
    static X509CRL crl(X509Certificate ca, PrivateKey caKey, List<BigInteger> serials, Instant thisUpdate,
            Instant nextUpdate) throws Exception {
        var builder = new X509v2CRLBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        for (BigInteger serial : serials) {
            builder.addCRLEntry(serial, Date.from(thisUpdate), CRLReason.keyCompromise);
        }
        builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(7)));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.getPublicKey()));
        String algorithm = caKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder(algorithm).build(caKey)));
    }

    static void writeCrl(Path file, X509CRL crl) throws Exception {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(crl);
        }
        Files.writeString(file, pem.toString(), StandardCharsets.US_ASCII);
    }
}
