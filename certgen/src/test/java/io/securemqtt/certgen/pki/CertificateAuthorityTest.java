package io.securemqtt.certgen.pki;

import static io.securemqtt.certgen.PkiFiles.certificate;
import static io.securemqtt.certgen.PkiFiles.keyMatches;
import static io.securemqtt.certgen.PkiFiles.privateKey;
import static io.securemqtt.certgen.PkiFiles.validateChain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.certgen.store.PemFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The programmatic API system tests use to make certificates certgen itself never writes. */
class CertificateAuthorityTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static CertificateAuthority ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void createCa() {
        ca = CertificateAuthority.create(CertificateAuthority.COMMON_NAME, KeyType.EC_P256, Duration.ofDays(10));
    }

    @Test
    void expiredClientCertificateFailsValidation() {
        var expired = ca.issueClient("publisher", KeyType.EC_P256, NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)));
        assertEquals(NOW.minus(Duration.ofDays(1)), expired.notAfter());
        assertThrows(CertPathValidatorException.class, () -> validateChain(expired.certificate(), ca.certificate()));
    }

    @Test
    void notYetValidClientCertificateFailsValidation() {
        var early = ca.issueClient("publisher", KeyType.EC_P256, NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)));
        assertThrows(CertPathValidatorException.class, () -> validateChain(early.certificate(), ca.certificate()));
    }

    @Test
    void clientCertificateWithoutExtendedKeyUsage() throws Exception {
        var noEku = ca.issueClient("publisher", KeyType.EC_P256, NOW, NOW.plus(Duration.ofDays(1)), Set.of());
        assertNull(noEku.certificate().getExtendedKeyUsage());
        validateChain(noEku.certificate(), ca.certificate());
    }

    @Test
    void clientCertificateWithServerAuthOnly() throws Exception {
        var serverOnly = ca.issueClient("publisher", KeyType.EC_P256, NOW, NOW.plus(Duration.ofDays(1)),
                Set.of(KeyPurpose.SERVER_AUTH));
        assertEquals(List.of(KeyPurpose.SERVER_AUTH.oid()), serverOnly.certificate().getExtendedKeyUsage());
    }

    @Test
    void impostorCaWithOurNameIsNotOurs() {
        var impostor = CertificateAuthority.create(CertificateAuthority.COMMON_NAME, KeyType.EC_P256, Duration.ofDays(1));
        var forged = impostor.issueClient("publisher", KeyType.EC_P256, NOW, NOW.plus(Duration.ofDays(1)));

        assertEquals(ca.certificate().getSubjectX500Principal(), forged.certificate().getIssuerX500Principal());
        assertFalse(ca.issued(forged.certificate()));
        assertTrue(impostor.issued(forged.certificate()));
        assertThrows(CertPathValidatorException.class, () -> validateChain(forged.certificate(), ca.certificate()));
    }

    @Test
    void serverCertificateForChosenNames() throws Exception {
        var server = ca.issueServer(List.of("broker.test", "192.168.1.10"), KeyType.RSA_2048, NOW, NOW.plus(Duration.ofDays(1)));
        assertEquals("broker.test", server.commonName());
        assertEquals(Set.of(new ServerName("broker.test", false), new ServerName("192.168.1.10", true)),
                ServerName.subjectAltNames(server.certificate()));
        assertTrue(server.keyMatchesCertificate());
        validateChain(server.certificate(), ca.certificate());
    }

    @Test
    void savedFilesReadBackWithTheJdkAndLoad() throws Exception {
        var pki = new PkiDirectory(dir.resolve("pki"));
        pki.save(ca);
        var client = ca.issueClient("publisher", KeyType.EC_P256, NOW, NOW.plus(Duration.ofDays(1)));
        pki.save("publisher", client);

        assertEquals(ca.certificate(), certificate(pki.caCertificate()));
        assertTrue(keyMatches(privateKey(pki.caKey()), ca.certificate().getPublicKey()));
        assertEquals(client.certificate(), certificate(pki.certificate("publisher")));
        assertTrue(keyMatches(privateKey(pki.key("publisher")), client.certificate().getPublicKey()));
        assertEquals(ca.certificate(), pki.loadCertificateAuthority().certificate());
        assertTrue(pki.load("publisher").keyMatchesCertificate());
    }

    @Test
    void loadNamesTheKeyThatDoesNotBelong() throws Exception {
        var pki = new PkiDirectory(dir);
        pki.save(ca);
        var other = CertificateAuthority.create("Other", KeyType.EC_P256, Duration.ofDays(1));
        PemFiles.writePrivateKey(pki.caKey(), other.privateKey());

        var e = assertThrows(CertgenException.class, pki::loadCertificateAuthority);
        assertTrue(e.getMessage().startsWith(pki.caKey() + " is not the private key of " + pki.caCertificate()), e.getMessage());
    }

    @Test
    void loadRefusesALeafCertificateAsCa() {
        var pki = new PkiDirectory(dir);
        var leaf = ca.issueClient("publisher", KeyType.EC_P256, NOW, NOW.plus(Duration.ofDays(1)));
        pki.save("ca", leaf); // ca.crt, ca.key: a leaf where the CA belongs
        var e = assertThrows(CertgenException.class,
                () -> CertificateAuthority.load(pki.caCertificate(), pki.key("ca")));
        assertTrue(e.getMessage().contains("is not a CA certificate"), e.getMessage());
    }

    @Test
    void readingAMissingOrBrokenFileNamesIt() throws Exception {
        Path missing = dir.resolve("missing.crt");
        assertEquals(missing + " does not exist",
                assertThrows(CertgenException.class, () -> PemFiles.readCertificate(missing)).getMessage());
        Path garbage = Files.writeString(dir.resolve("garbage.key"), "hello");
        assertTrue(assertThrows(CertgenException.class, () -> PemFiles.readPrivateKey(garbage))
                .getMessage().startsWith(garbage.toString()));
    }

    @Test
    void invalidIdentityOrNamesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ca.issueClient("a+b", KeyType.EC_P256, NOW, NOW.plus(Duration.ofDays(1))));
        assertThrows(IllegalArgumentException.class,
                () -> ca.issueServer(List.of("bad name"), KeyType.EC_P256, NOW, NOW.plus(Duration.ofDays(1))));
        assertThrows(IllegalArgumentException.class,
                () -> ca.issueClient("publisher", KeyType.EC_P256, NOW, NOW));
    }
}
