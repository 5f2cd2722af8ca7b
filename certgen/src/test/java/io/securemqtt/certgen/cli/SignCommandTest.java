package io.securemqtt.certgen.cli;

import static io.securemqtt.certgen.PkiFiles.certgen;
import static io.securemqtt.certgen.PkiFiles.certgenAt;
import static io.securemqtt.certgen.PkiFiles.certgenOk;
import static io.securemqtt.certgen.PkiFiles.certificate;
import static io.securemqtt.certgen.PkiFiles.mode;
import static io.securemqtt.certgen.PkiFiles.snapshot;
import static io.securemqtt.certgen.PkiFiles.validateChain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.PkiFiles;
import io.securemqtt.x509.Certificates;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code certgen sign}: a device's own key, certified like add-client's, recorded for revocation,
 * renewed from the stored request, and every refusal of a bad request in one line. The requests
 * are made here with BouncyCastle, as {@code openssl req -new} would make them.
 */
class SignCommandTest {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path temp;

    Path dir() {
        return temp.resolve("certs");
    }

    // --- signing ------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"ec-p256", "rsa-2048", "rsa-3072"})
    void signsTheDevicesKeyAsAClientCertificateAndWritesNoKey(String keyType) throws Exception {
        certgenOk(dir());
        KeyPair device = keyPair(keyType);
        Path csr = write("device1.csr", request("CN=device1", device, device.getPrivate()));

        PkiFiles.Run run = certgen("sign", csr.toString(), "--out", dir().toString());

        assertEquals(0, run.exitCode(), run.err());
        X509Certificate issued = certificate(dir().resolve("device1.crt"));
        validateChain(issued, certificate(dir().resolve("ca.crt")));
        assertArrayEquals(device.getPublic().getEncoded(), issued.getPublicKey().getEncoded());
        assertEquals("CN=device1", issued.getSubjectX500Principal().getName());
        assertEquals(List.of(CLIENT_AUTH), issued.getExtendedKeyUsage());
        // Exactly as add-client's: digitalSignature alone, not a CA, the validity of --days.
        X509Certificate added = certificate(dir().resolve("publisher.crt"));
        assertArrayEquals(added.getKeyUsage(), issued.getKeyUsage());
        assertEquals(-1, issued.getBasicConstraints());
        assertEquals(Duration.between(added.getNotBefore().toInstant(), added.getNotAfter().toInstant()).toDays(),
                Duration.between(issued.getNotBefore().toInstant(), issued.getNotAfter().toInstant()).toDays());

        assertFalse(Files.exists(dir().resolve("device1.key")), "certgen never writes a device's key");
        try (Stream<Path> files = Files.list(dir())) {
            assertEquals(List.of(), files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith("device1") && name.endsWith(".key")).toList());
        }
        assertEquals("rw-------", mode(dir().resolve("device1.clientid")));
        assertEquals("rw-r--r--", mode(dir().resolve("device1.csr")));
        assertTrue(Files.readString(dir().resolve("ledger.tsv")).contains("\tdevice1\t" + Certificates.serial(issued)
                + "\t"), "the ledger records the serial, for revoke");
        assertTrue(run.out().contains("issued device1.crt from device1.csr (CN=device1, "), run.out());
        assertTrue(run.out().contains("wrote device1.clientid (the secret suffix of device1's client id)"), run.out());
        assertTrue(run.out().contains("signed " + csr + ": give the device " + dir().resolve("device1.crt") + ", "
                + dir().resolve("ca.crt") + " and " + dir().resolve("device1.clientid")), run.out());
    }

    @Test
    void revokeRevokesTheSignedCertificate() throws Exception {
        certgenOk(dir());
        KeyPair device = keyPair("ec-p256");
        Path csr = write("device1.csr", request("CN=device1", device, device.getPrivate()));
        assertEquals(0, certgen("sign", csr.toString(), "--out", dir().toString()).exitCode());
        BigInteger serial = certificate(dir().resolve("device1.crt")).getSerialNumber();

        PkiFiles.Run run = certgen("revoke", "device1", "--out", dir().toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("revoked device1.crt (serial " + Certificates.serial(serial)), run.out());
        assertTrue(run.out().contains("removed device1.csr and device1.clientid"), run.out());
        X509CRL crl = PkiFiles.crl(dir().resolve("crl.pem"));
        assertTrue(crl.getRevokedCertificate(serial) != null, "crl.pem lists the signed certificate");
        for (String gone : List.of("device1.crt", "device1.csr", "device1.clientid")) {
            assertFalse(Files.exists(dir().resolve(gone)), gone);
        }
        // And the next run does not bring it back.
        assertFalse(certgenOk(dir()).out().contains("issued device1.crt"));
        assertFalse(Files.exists(dir().resolve("device1.crt")));
    }

    @Test
    void laterRunsKeepTheSignedCertificateAndVerifyAcceptsIt() throws Exception {
        certgenOk(dir());
        KeyPair device = keyPair("ec-p256");
        Path csr = write("device1.csr", request("CN=device1", device, device.getPrivate()));
        assertEquals(0, certgen("sign", csr.toString(), "--out", dir().toString()).exitCode());
        var before = snapshot(dir());

        PkiFiles.Run rerun = certgenOk(dir());

        assertEquals(before, snapshot(dir()));
        assertTrue(rerun.out().lines().anyMatch(line -> line.startsWith("kept device1.crt (valid until ")
                && line.endsWith(", signed from device1.csr)")), rerun.out());
        PkiFiles.Run verify = certgen("verify", dir().toString());
        assertEquals(0, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("ok  device1.crt (clientAuth, "), verify.out());
    }

    @Test
    void theRenewalWindowRenewsTheSignedCertificateForTheSameKey() throws Exception {
        certgenOk(dir());
        KeyPair device = keyPair("ec-p256");
        Path csr = write("device1.csr", request("CN=device1", device, device.getPrivate()));
        assertEquals(0, certgen("sign", csr.toString(), "--out", dir().toString()).exitCode());
        X509Certificate first = certificate(dir().resolve("device1.crt"));

        // 340 days on: within the 30 days before the certificate expires.
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(340)), ZoneOffset.UTC);
        PkiFiles.Run run = certgenAt(later, "--out", dir().toString());

        assertEquals(0, run.exitCode(), run.err());
        X509Certificate renewed = certificate(dir().resolve("device1.crt"));
        assertNotEquals(first.getSerialNumber(), renewed.getSerialNumber());
        assertArrayEquals(device.getPublic().getEncoded(), renewed.getPublicKey().getEncoded());
        assertTrue(renewed.getNotAfter().after(first.getNotAfter()));
        assertTrue(run.out().contains("re-issued device1.crt from device1.csr: it expires on "), run.out());
        assertFalse(Files.exists(dir().resolve("device1.key")));
    }

    @Test
    void aValidIdentityIsRefusedUnlessForced() throws Exception {
        certgenOk(dir());
        KeyPair first = keyPair("ec-p256");
        KeyPair second = keyPair("ec-p256");
        assertEquals(0, certgen("sign", write("a.csr", request("CN=device1", first, first.getPrivate())).toString(),
                "--out", dir().toString()).exitCode());
        var before = snapshot(dir());
        Path again = write("b.csr", request("CN=device1", second, second.getPrivate()));

        PkiFiles.Run refused = certgen("sign", again.toString(), "--out", dir().toString());

        assertRefused(refused, again + " asks for the identity device1, which has a valid certificate (device1.crt,"
                + " serial ");
        assertTrue(refused.err().contains("certgen revoke device1 first, or sign --force to replace it"), refused.err());
        assertEquals(before, snapshot(dir()));

        PkiFiles.Run forced = certgen("sign", again.toString(), "--out", dir().toString(), "--force");

        assertEquals(0, forced.exitCode(), forced.err());
        assertArrayEquals(second.getPublic().getEncoded(),
                certificate(dir().resolve("device1.crt")).getPublicKey().getEncoded());
        assertTrue(forced.out().contains("re-issued device1.crt from device1.csr: it does not certify the key of the request"), forced.out());
        // --force is sign's own: it replaces this identity, not every certificate as generate's does.
        assertEquals(before.get("server.crt"), snapshot(dir()).get("server.crt"));
        assertEquals(before.get("device1.clientid"), snapshot(dir()).get("device1.clientid"));
    }

    @Test
    void signingForAnIdentityCertgenMadeAKeyForRemovesThatKey() throws Exception {
        certgenOk(dir());
        assertEquals(0, certgen("add-client", "sensor-1", "--out", dir().toString()).exitCode());
        KeyPair device = keyPair("ec-p256");
        Path csr = write("sensor-1.csr", request("CN=sensor-1", device, device.getPrivate()));

        PkiFiles.Run run = certgen("sign", csr.toString(), "--out", dir().toString(), "--force");

        assertEquals(0, run.exitCode(), run.err());
        assertFalse(Files.exists(dir().resolve("sensor-1.key")), "the old key no longer matches");
        assertTrue(run.out().contains("removed sensor-1.key: sensor-1 now holds its own key"), run.out());
        assertArrayEquals(device.getPublic().getEncoded(),
                certificate(dir().resolve("sensor-1.crt")).getPublicKey().getEncoded());
        assertEquals(0, certgen("verify", dir().toString()).exitCode());
    }

    @Test
    void verifyFindsARequestThatDoesNotMatchTheCertificate() throws Exception {
        certgenOk(dir());
        KeyPair device = keyPair("ec-p256");
        KeyPair other = keyPair("ec-p256");
        assertEquals(0, certgen("sign", write("d.csr", request("CN=device1", device, device.getPrivate())).toString(),
                "--out", dir().toString()).exitCode());
        Files.write(dir().resolve("device1.csr"), request("CN=device1", other, other.getPrivate()));

        PkiFiles.Run verify = certgen("verify", dir().toString());

        assertEquals(1, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("PROBLEM: device1.csr: is not the request device1.crt was signed from"),
                verify.out());
    }

    // --- refusals -----------------------------------------------------------------------------

    static Stream<Arguments> badRequests() throws Exception {
        KeyPair ec = keyPair("ec-p256");
        KeyPair otherEc = keyPair("ec-p256");
        KeyPair p384 = ecKeyPair("secp384r1");
        KeyPair rsa1024 = rsaKeyPair(1024);
        KeyPair ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        return Stream.of(
                Arguments.of("not PEM", "just some text\n".getBytes(StandardCharsets.US_ASCII),
                        "holds no certificate signing request: expected a PEM certificate signing request"),
                Arguments.of("a certificate", null, "holds no certificate signing request"),
                Arguments.of("with its private key", concat(request("CN=device1", ec, ec.getPrivate()),
                        pem(new JcaPKCS8Generator(ec.getPrivate(), null))), "holds a private key"),
                Arguments.of("two requests", concat(request("CN=device1", ec, ec.getPrivate()),
                        request("CN=device2", ec, ec.getPrivate())), "holds 2 certificate signing requests, not one"),
                Arguments.of("bad signature", request("CN=device1", ec, otherEc.getPrivate()),
                        "has a signature that does not verify with the public key it carries"),
                Arguments.of("P-384", request("CN=device1", p384, p384.getPrivate()),
                        "carries an EC key on the curve secp384r1: certgen signs EC P-256 keys"),
                Arguments.of("RSA 1024", request("CN=device1", rsa1024, rsa1024.getPrivate()),
                        "carries an RSA key of 1024 bits, too weak: certgen signs EC P-256 keys"),
                Arguments.of("Ed25519", request("CN=device1", ed25519, ed25519.getPrivate()),
                        "certgen signs EC P-256 keys (openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256) and RSA"
                                + " keys of 2048 bits or more"),
                Arguments.of("no CN", request("O=Example", ec, ec.getPrivate()), "has no common name (CN) in its subject"),
                Arguments.of("two CNs", request("CN=device1,CN=device2", ec, ec.getPrivate()),
                        "has 2 common names (CN) in its subject"),
                Arguments.of("CN with +", request("CN=a\\+b", ec, ec.getPrivate()),
                        "cannot be signed: its common name (CN) is the client identity \"a+b\" contains '+'"),
                Arguments.of("CN with #", request("CN=a#b", ec, ec.getPrivate()),
                        "its common name (CN) is the client identity \"a#b\" contains '#'"),
                Arguments.of("CN with /", request("CN=a/b", ec, ec.getPrivate()),
                        "its common name (CN) is the client identity \"a/b\" contains '/'"),
                Arguments.of("CN with a control", request("CN=a\u0007b", ec, ec.getPrivate()),
                        "contains the non-printable character U+0007"),
                Arguments.of("CN server", request("CN=server", ec, ec.getPrivate()),
                        "is reserved: certgen writes server.crt for its own use"),
                Arguments.of("CN healthcheck", request("CN=healthcheck", ec, ec.getPrivate()),
                        "asks for the identity healthcheck, which is reserved: it names the broker or one of the"
                                + " deployment's own clients, whose keys certgen makes"),
                Arguments.of("CN mosquitto", request("CN=mosquitto", ec, ec.getPrivate()),
                        "asks for the identity mosquitto, which is reserved"),
                Arguments.of("too large", new byte[(int) io.securemqtt.x509.Pem.MAX_FILE_SIZE + 1],
                        "bytes, larger than the 1048576 any PEM file may be"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void aBadRequestIsRefusedInOneLineNamingTheFile(String what, byte[] content, String rule) throws Exception {
        certgenOk(dir());
        var before = snapshot(dir());
        Path csr = content == null ? dir().resolve("ca.crt") : write("device1.csr", content);

        PkiFiles.Run run = certgen("sign", csr.toString(), "--out", dir().toString());

        assertRefused(run, csr.toString());
        assertTrue(run.err().contains(rule), run.err());
        assertEquals(before, snapshot(dir()), "nothing is written for a refused request");
    }

    @Test
    void aMissingFileIsRefused() {
        Path missing = temp.resolve("none.csr");

        PkiFiles.Run run = certgen("sign", missing.toString(), "--out", dir().toString());

        assertRefused(run, missing + " does not exist");
        assertFalse(Files.exists(dir()), "no PKI is created for nothing to sign");
    }

    @Test
    void signWithoutAFileIsABadCommandLine() {
        PkiFiles.Run run = certgen("sign", "--out", dir().toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("certgen: sign needs the request's FILE first"), run.err());
    }

    private static void assertRefused(PkiFiles.Run run, String start) {
        assertEquals(1, run.exitCode(), run.out());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(run.err().startsWith("certgen: " + start), run.err());
    }

    // --- requests, as a device makes them -----------------------------------------------------

    private Path write(String name, byte[] content) throws IOException {
        Path file = temp.resolve(name);
        Files.write(file, content);
        return file;
    }

    static KeyPair keyPair(String type) throws GeneralSecurityException {
        return switch (type) {
            case "ec-p256" -> ecKeyPair("secp256r1");
            case "rsa-2048" -> rsaKeyPair(2048);
            case "rsa-3072" -> rsaKeyPair(3072);
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static KeyPair ecKeyPair(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static KeyPair rsaKeyPair(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    /** A PEM request for the subject and the key pair's public key, signed with {@code signer}. */
    static byte[] request(String subject, KeyPair keys, PrivateKey signer) throws IOException, OperatorCreationException {
        String algorithm = switch (signer.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> "Ed25519";
        };
        PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject),
                keys.getPublic()).build(new JcaContentSignerBuilder(algorithm).build(signer));
        return pem(request);
    }

    private static byte[] pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
