package io.securemqtt.certgen.pki;

import static io.securemqtt.certgen.PkiFiles.certgen;
import static io.securemqtt.certgen.PkiFiles.certgenOk;
import static io.securemqtt.certgen.PkiFiles.certificate;
import static io.securemqtt.certgen.PkiFiles.crlNumber;
import static io.securemqtt.certgen.PkiFiles.mode;
import static io.securemqtt.certgen.PkiFiles.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.PkiFiles;
import io.securemqtt.x509.Certificates;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger of issued certificates: revoke revokes every certificate the identity was ever issued
 * that has not expired, and neither losing crl.pem nor a copy in revoked/ undoes a revocation or
 * restarts the CRL numbers. Checked with the JDK's own PKIX validator against crl.pem.
 */
class RevocationLedgerTest {

    @TempDir
    Path temp;

    Path dir() {
        return temp.resolve("certs");
    }

    @Test
    void revokeAlsoRevokesTheCertificateAReissueReplaced() throws Exception {
        certgenOk(dir());
        assertEquals(0, certgen("add-client", "sensor-1", "--out", dir().toString()).exitCode());
        X509Certificate first = certificate(dir().resolve("sensor-1.crt"));
        assertEquals(0, certgen("add-client", "sensor-1", "--force", "--out", dir().toString()).exitCode());
        X509Certificate second = certificate(dir().resolve("sensor-1.crt"));
        assertNotEquals(first.getSerialNumber(), second.getSerialNumber());
        validateWithCrl(first); // both valid until the revocation
        validateWithCrl(second);

        PkiFiles.Run run = certgen("revoke", "sensor-1", "--out", dir().toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("revoked sensor-1.crt (serial " + Certificates.serial(second.getSerialNumber())),
                run.out());
        assertTrue(run.out().contains("revoked an earlier certificate of sensor-1 (serial "
                + Certificates.serial(first.getSerialNumber())), run.out());
        assertTrue(run.out().contains("2 revoked certificates added"), run.out());
        assertRevoked(first);
        assertRevoked(second);
        validateWithCrl(certificate(dir().resolve("publisher.crt"))); // the others are not
    }

    @Test
    void everyCertificateIsInTheLedgerBeforeItIsInPlace() throws Exception {
        Set<BigInteger> seen = new HashSet<>();
        certgenOk(dir());
        seen.addAll(serialsInPlace());
        certgenOk(dir(), "--force");
        seen.addAll(serialsInPlace());
        assertEquals(0, certgen("add-client", "sensor-1", "--out", dir().toString()).exitCode());
        seen.addAll(serialsInPlace());
        certgenOk(dir(), "--key-type", "rsa-2048");
        seen.addAll(serialsInPlace());

        List<String> issued = Files.readAllLines(dir().resolve("ledger.tsv")).stream()
                .filter(line -> line.startsWith("issued\t")).toList();
        Set<BigInteger> recorded = new HashSet<>();
        issued.forEach(line -> recorded.add(new BigInteger(line.split("\t")[4], 16)));
        assertEquals(seen, recorded);
        assertEquals(seen.size(), issued.size(), "each certificate once");
        assertEquals("rw-r--r--", mode(dir().resolve("ledger.tsv")));
    }

    @Test
    void lostCrlIsRewrittenWithAHigherNumberAndTheSameRevocations() throws Exception {
        certgenOk(dir());
        X509Certificate publisher = certificate(dir().resolve("publisher.crt"));
        assertEquals(0, certgen("revoke", "publisher", "--out", dir().toString()).exitCode());
        assertEquals(BigInteger.TWO, crlNumber(crl()));
        Files.delete(dir().resolve("crl.pem"));

        PkiFiles.Run run = certgenOk(dir());

        assertTrue(run.out().contains("created crl.pem (CRL number 3, 1 revoked certificate"), run.out());
        assertEquals(BigInteger.valueOf(3), crlNumber(crl()));
        assertRevoked(publisher);
    }

    @Test
    void deletedCopyInRevokedRevokesNothingBack() throws Exception {
        certgenOk(dir());
        X509Certificate operator = certificate(dir().resolve("operator.crt"));
        assertEquals(0, certgen("revoke", "operator", "--out", dir().toString()).exitCode());
        try (Stream<Path> copies = Files.list(dir().resolve("revoked"))) {
            for (Path copy : copies.toList()) {
                Files.delete(copy);
            }
        }

        PkiFiles.Run run = certgenOk(dir());
        assertTrue(run.out().contains("kept crl.pem (CRL number 2, 1 revoked certificate"), run.out());
        assertTrue(run.out().contains("skipped operator.crt: operator was revoked on"), run.out());
        assertRevoked(operator);

        Files.delete(dir().resolve("crl.pem")); // and with the CRL gone as well
        certgenOk(dir());
        assertRevoked(operator);
        assertEquals(BigInteger.valueOf(3), crlNumber(crl()));
    }

    @Test
    void pkiOfTheCertgenBeforeTheLedgerIsAdoptedWithItsRevocationsAndCrlNumber() throws Exception {
        certgenOk(dir());
        X509Certificate operator = certificate(dir().resolve("operator.crt"));
        assertEquals(0, certgen("revoke", "operator", "--out", dir().toString()).exitCode());
        X509Certificate publisher = certificate(dir().resolve("publisher.crt"));
        // What the certgen before the ledger left: the same files without ledger.tsv and *.clientid.
        Files.delete(dir().resolve("ledger.tsv"));
        try (Stream<Path> files = Files.list(dir())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".clientid")).toList()) {
                Files.delete(file);
            }
        }
        var revocationDate = crl().getRevokedCertificate(operator.getSerialNumber()).getRevocationDate();

        PkiFiles.Run run = certgenOk(dir());

        assertTrue(run.out().contains("recorded 6 certificates, 1 revocation, CRL number 2 in ledger.tsv"), run.out());
        assertTrue(run.out().contains("kept crl.pem (CRL number 2"), run.out());
        assertTrue(run.out().contains("skipped operator.crt: operator was revoked on"), run.out());
        assertTrue(certgenOk(dir()).outLines().stream().allMatch(line -> line.startsWith("kept ")
                || line.startsWith("skipped ")), "adopted once");

        // The seeded ledger now carries what the files did: the CRL number, the revocation and its date.
        Files.delete(dir().resolve("crl.pem"));
        try (Stream<Path> copies = Files.list(dir().resolve("revoked"))) {
            for (Path copy : copies.toList()) {
                Files.delete(copy);
            }
        }
        certgenOk(dir());
        assertEquals(BigInteger.valueOf(3), crlNumber(crl()));
        assertRevoked(operator);
        assertEquals(revocationDate, crl().getRevokedCertificate(operator.getSerialNumber()).getRevocationDate());

        // And certificates it found in place are revoked with those issued later.
        assertEquals(0, certgen("add-client", "publisher", "--force", "--out", dir().toString()).exitCode());
        assertEquals(0, certgen("revoke", "publisher", "--out", dir().toString()).exitCode());
        assertRevoked(publisher);
        assertRevoked(certificate(dir().resolve("revoked").resolve(onlyCopyOf("publisher"))));
    }

    @Test
    void expiredCertificatesAreNotListedAgain() throws Exception {
        certgenOk(dir());
        var pki = new PkiDirectory(dir());
        Instant now = Instant.now();
        pki.save("sensor-1", pki.loadCertificateAuthority().issueClient("sensor-1", KeyType.EC_P256,
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35))));
        BigInteger expired = certificate(dir().resolve("sensor-1.crt")).getSerialNumber();
        PkiFiles.Run renewal = certgenOk(dir());
        assertTrue(renewal.out().contains("recorded 1 certificate in ledger.tsv"), renewal.out());
        assertTrue(renewal.out().contains("re-issued sensor-1.crt"), renewal.out());
        X509Certificate current = certificate(dir().resolve("sensor-1.crt"));

        PkiFiles.Run run = certgen("revoke", "sensor-1", "--out", dir().toString());

        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.out().contains("earlier certificate"), run.out());
        assertRevoked(current);
        assertNull(crl().getRevokedCertificate(expired), "an expired certificate needs no CRL entry");
    }

    @Test
    void revokeFindsIssuedCertificatesEvenWithoutTheFileInPlace() throws Exception {
        certgenOk(dir());
        X509Certificate subscriber = certificate(dir().resolve("subscriber.crt"));
        Files.delete(dir().resolve("subscriber.crt")); // e.g. deleted by hand, but the key may be out there

        PkiFiles.Run run = certgen("revoke", "subscriber", "--out", dir().toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("revoked an earlier certificate of subscriber"), run.out());
        assertRevoked(subscriber);
        PkiFiles.Run again = certgen("revoke", "subscriber", "--out", dir().toString());
        assertTrue(again.out().contains("subscriber was already revoked on"), again.out());
    }

    @Test
    void writeCutShortByACrashIsDroppedAndTheLedgerGoesOn() throws Exception {
        certgenOk(dir());
        Files.writeString(dir().resolve("ledger.tsv"), "revoked\t2025-01-01T00:00:00Z\tabc",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        X509Certificate operator = certificate(dir().resolve("operator.crt"));

        PkiFiles.Run run = certgen("revoke", "operator", "--out", dir().toString());

        assertEquals(0, run.exitCode(), run.err());
        assertRevoked(operator);
        String ledger = Files.readString(dir().resolve("ledger.tsv"));
        assertFalse(ledger.contains("\tabc"), ledger);
        assertTrue(ledger.endsWith("\n"), ledger);
    }

    @Test
    void damagedLedgerStopsCertgenNamingTheLine() throws Exception {
        certgenOk(dir());
        var before = snapshot(dir());
        List<String> lines = new ArrayList<>(Files.readAllLines(dir().resolve("ledger.tsv")));
        lines.set(2, "issued\tyesterday");
        Files.write(dir().resolve("ledger.tsv"), lines);

        PkiFiles.Run run = certgen("revoke", "publisher", "--out", dir().toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(dir().resolve("ledger.tsv") + " line 3 is not a ledger line"), run.err());
        assertTrue(run.err().contains("restore it from your backup"), run.err());
        assertEquals(before.get("publisher.key"), snapshot(dir()).get("publisher.key"), "nothing revoked");
    }

    @Test
    void aNewCaStartsAFreshCrlAndIgnoresTheOldCasLedger() throws Exception {
        certgenOk(dir());
        assertEquals(0, certgen("revoke", "operator", "--out", dir().toString()).exitCode());
        Files.move(dir().resolve("ca.crt"), temp.resolve("old-ca.crt"));
        Files.move(dir().resolve("private"), temp.resolve("old-private"));

        PkiFiles.Run run = certgenOk(dir());

        assertTrue(run.out().contains("created ca.crt"), run.out());
        X509CRL crl = crl();
        crl.verify(certificate(dir().resolve("ca.crt")).getPublicKey());
        assertNull(crl.getRevokedCertificates(), "the old CA's serials are not the new CA's to list");
    }

    // --- helpers -----------------------------------------------------------------------------

    private String onlyCopyOf(String identity) throws Exception {
        try (Stream<Path> copies = Files.list(dir().resolve("revoked"))) {
            List<String> names = copies.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(identity + "-")).toList();
            assertEquals(1, names.size(), names.toString());
            return names.get(0);
        }
    }

    private Set<BigInteger> serialsInPlace() throws Exception {
        Set<BigInteger> serials = new HashSet<>();
        try (Stream<Path> files = Files.list(dir())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".crt") && !f.endsWith("ca.crt")).toList()) {
                serials.add(certificate(file).getSerialNumber());
            }
        }
        return serials;
    }

    private X509CRL crl() throws Exception {
        return PkiFiles.crl(dir().resolve("crl.pem"));
    }

    /** PKIX validation with crl.pem as the only revocation information, as the broker does it. */
    private void validateWithCrl(X509Certificate leaf) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        var parameters = new PKIXParameters(Set.of(new TrustAnchor(certificate(dir().resolve("ca.crt")), null)));
        parameters.setRevocationEnabled(true);
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crl()))));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    private void assertRevoked(X509Certificate leaf) throws Exception {
        assertNotNull(crl().getRevokedCertificate(leaf.getSerialNumber()), "on crl.pem");
        var refused = assertThrows(CertPathValidatorException.class, () -> validateWithCrl(leaf));
        assertEquals(CertPathValidatorException.BasicReason.REVOKED, refused.getReason(), refused.getMessage());
    }
}
