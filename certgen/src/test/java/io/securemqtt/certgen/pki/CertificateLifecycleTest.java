package io.securemqtt.certgen.pki;

import static io.securemqtt.certgen.PkiFiles.certgen;
import static io.securemqtt.certgen.PkiFiles.certgenOk;
import static io.securemqtt.certgen.PkiFiles.certificate;
import static io.securemqtt.certgen.PkiFiles.crlNumber;
import static io.securemqtt.certgen.PkiFiles.keyMatches;
import static io.securemqtt.certgen.PkiFiles.mode;
import static io.securemqtt.certgen.PkiFiles.privateKey;
import static io.securemqtt.certgen.PkiFiles.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.PkiFiles;
import io.securemqtt.certgen.store.PemFiles;
import io.securemqtt.x509.Certificates;
import io.securemqtt.x509.UtcDates;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renewal, --force, add-client, revoke with its CRL, and PKCS#12 key stores, on real files. */
class CertificateLifecycleTest {

    @TempDir
    Path temp;

    Path dir() {
        return temp.resolve("certs");
    }

    // --- renewal -----------------------------------------------------------------------------

    @Test
    void certificateInsideTheWindowIsReissuedAndTheLogGivesOldAndNewExpiry() throws Exception {
        certgenOk(dir());
        expiringIn("subscriber", Duration.ofDays(20));
        Instant oldNotAfter = certificate(dir().resolve("subscriber.crt")).getNotAfter().toInstant();

        PkiFiles.Run run = certgenOk(dir());

        String line = line(run, "re-issued subscriber.crt");
        assertTrue(line.contains("within the renewal window of 30 days"), line);
        // To the second, as minute-long certificates need.
        String oldExpiry = UtcDates.time(oldNotAfter);
        String newExpiry = UtcDates.time(certificate(dir().resolve("subscriber.crt")).getNotAfter().toInstant());
        assertTrue(line.contains("expiry " + oldExpiry + " -> " + newExpiry), line);
        assertTrue(line(run, "kept publisher.crt").startsWith("kept"));
    }

    @Test
    void renewalWindowIsConfigurable() throws Exception {
        certgenOk(dir());
        expiringIn("subscriber", Duration.ofDays(20));
        var before = snapshot(dir());

        PkiFiles.Run narrow = certgenOk(dir(), "--renew-within", "10");
        // Only the ledger changes: it records the certificate this test wrote behind certgen's back.
        var after = snapshot(dir());
        before.remove("ledger.tsv");
        after.remove("ledger.tsv");
        assertEquals(before, after, narrow.out());
        assertTrue(narrow.out().contains("recorded 1 certificate in ledger.tsv"), narrow.out());

        PkiFiles.Run wide = certgenOk(dir(), "--renew-within", "25");
        assertTrue(wide.out().contains("re-issued subscriber.crt: it expires on"), wide.out());
        assertTrue(wide.out().contains("within the renewal window of 25 days"), wide.out());
    }

    @Test
    void renewalWindowNotShorterThanTheValidityIsRefused() {
        PkiFiles.Run run = certgen("--out", dir().toString(), "--days", "30", "--renew-within", "30");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--renew-within 30 is not shorter than --days 30"), run.err());
    }

    @Test
    void forceReissuesEveryLeafAndKeepsTheCaAndTheCrl() throws Exception {
        certgenOk(dir());
        var before = snapshot(dir());
        X509Certificate oldServer = certificate(dir().resolve("server.crt"));

        PkiFiles.Run run = certgenOk(dir(), "--force");

        var after = snapshot(dir());
        for (String kept : List.of("ca.crt", "private/ca.key", "crl.pem")) {
            assertEquals(before.get(kept), after.get(kept), kept);
        }
        for (String stem : List.of("server", "publisher", "subscriber", "healthcheck", "operator", "exporter")) {
            assertTrue(run.out().contains("re-issued " + stem + ".crt: --force"), run.out());
            assertNotEquals(before.get(stem + ".crt"), after.get(stem + ".crt"), stem);
            assertNotEquals(before.get(stem + ".key"), after.get(stem + ".key"), stem);
        }
        assertNotEquals(oldServer.getSerialNumber(), certificate(dir().resolve("server.crt")).getSerialNumber());
        assertTrue(keyMatches(privateKey(dir().resolve("server.key")), certificate(dir().resolve("server.crt")).getPublicKey()));
    }

    // --- add-client --------------------------------------------------------------------------

    @Test
    void addedClientGetsACertificateAndLaterRunsRenewIt() throws Exception {
        certgenOk(dir());

        PkiFiles.Run added = certgen("add-client", "sensor-7", "--out", dir().toString());

        assertEquals(0, added.exitCode(), added.err());
        assertTrue(added.out().contains("issued sensor-7.crt (CN=sensor-7"), added.out());
        X509Certificate sensor = certificate(dir().resolve("sensor-7.crt"));
        assertEquals("CN=sensor-7", sensor.getSubjectX500Principal().getName());
        assertTrue(sensor.getExtendedKeyUsage().contains(KeyPurpose.CLIENT_AUTH.oid()));

        // A plain run knows the new identity from its file: it keeps it, and renews it when due.
        assertTrue(certgenOk(dir()).out().contains("kept sensor-7.crt"));
        expiringIn("sensor-7", Duration.ofDays(3));
        assertTrue(certgenOk(dir()).out().contains("re-issued sensor-7.crt: it expires on"));
    }

    @Test
    void addClientRefusesAnUnsafeName() {
        PkiFiles.Run run = certgen("add-client", "sensors/#", "--out", dir().toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("add-client: client identity \"sensors/#\""), run.err());
    }

    @Test
    void certificateOfAnotherCaInTheDirectoryIsLeftAlone() throws Exception {
        certgenOk(dir());
        Path other = temp.resolve("other");
        certgenOk(other, "--client", "stranger");
        Files.copy(other.resolve("stranger.crt"), dir().resolve("stranger.crt"));
        Files.copy(other.resolve("stranger.key"), dir().resolve("stranger.key"));
        var before = snapshot(dir());

        PkiFiles.Run run = certgenOk(dir());

        assertEquals(before, snapshot(dir()), run.out());
        assertFalse(run.out().contains("stranger"), run.out());
    }

    // --- revoke and the CRL ------------------------------------------------------------------

    @Test
    void freshPkiHasAnEmptyCrlSignedByTheCa() throws Exception {
        certgenOk(dir());

        X509CRL crl = crl();
        crl.verify(certificate(dir().resolve("ca.crt")).getPublicKey());
        assertEquals(BigInteger.ONE, crlNumber(crl));
        assertEquals(null, crl.getRevokedCertificates());
        assertAuthorityKeyIdentifierIsTheCas(crl);
        assertNextUpdateIn(crl, Duration.ofDays(90));
        assertEquals("rw-r--r--", mode(dir().resolve("crl.pem")));
    }

    @Test
    void revokeListsTheSerialOnTheCrlAndRemovesTheIdentitysFiles() throws Exception {
        certgenOk(dir(), "--pkcs12");
        BigInteger serial = certificate(dir().resolve("operator.crt")).getSerialNumber();

        PkiFiles.Run run = certgen("revoke", "operator", "--out", dir().toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("revoked operator.crt (serial " + Certificates.serial(serial)), run.out());
        assertTrue(run.out().contains("refreshed crl.pem: 1 revoked certificate added, 0 removed"
                + " (CRL number 2, 1 revoked certificate"), run.out());
        X509CRL crl = crl();
        crl.verify(certificate(dir().resolve("ca.crt")).getPublicKey());
        assertEquals(BigInteger.TWO, crlNumber(crl));
        assertNotNull(crl.getRevokedCertificate(serial));
        assertEquals(1, crl.getRevokedCertificates().size());
        assertAuthorityKeyIdentifierIsTheCas(crl);
        assertNextUpdateIn(crl, Duration.ofDays(90));
        for (String gone : List.of("operator.crt", "operator.key", "operator.p12", "operator.p12.pass")) {
            assertFalse(Files.exists(dir().resolve(gone)), gone);
        }
        assertEquals(serial, certificate(dir().resolve("revoked/operator-" + Certificates.serial(serial) + ".crt")).getSerialNumber());
    }

    @Test
    void revokedIdentityIsNotReissuedUntilAddedAgain() throws Exception {
        certgenOk(dir());
        BigInteger revoked = certificate(dir().resolve("operator.crt")).getSerialNumber();
        certgenOk(dir()); // the same run as compose up does, before and after
        assertEquals(0, certgen("revoke", "operator", "--out", dir().toString()).exitCode());
        var afterRevoke = snapshot(dir());

        PkiFiles.Run plain = certgenOk(dir()); // operator is still a default identity

        assertTrue(plain.out().contains("skipped operator.crt: operator was revoked on"), plain.out());
        assertTrue(plain.out().contains("kept crl.pem (CRL number 2"), plain.out());
        assertEquals(afterRevoke, snapshot(dir()));

        PkiFiles.Run readded = certgen("add-client", "operator", "--out", dir().toString());
        assertEquals(0, readded.exitCode(), readded.err());
        X509Certificate fresh = certificate(dir().resolve("operator.crt"));
        assertNotEquals(revoked, fresh.getSerialNumber());
        assertNotNull(crl().getRevokedCertificate(revoked), "the old certificate stays revoked");
        assertEquals(null, crl().getRevokedCertificate(fresh.getSerialNumber()));
    }

    @Test
    void revokingTwiceIsHarmlessAndRevokingAnUnknownNameListsTheIdentities() throws Exception {
        certgenOk(dir());
        assertEquals(0, certgen("revoke", "publisher", "--out", dir().toString()).exitCode());

        PkiFiles.Run again = certgen("revoke", "publisher", "--out", dir().toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("publisher was already revoked on"), again.out());

        PkiFiles.Run unknown = certgen("revoke", "nobody", "--out", dir().toString());
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("there is no certificate " + dir().resolve("nobody.crt") + " to revoke"), unknown.err());
        assertTrue(unknown.err().contains("healthcheck, operator, subscriber"), unknown.err());

        PkiFiles.Run noName = certgen("revoke", "--out", dir().toString());
        assertEquals(2, noName.exitCode());
        assertTrue(noName.err().contains("revoke needs the identity's NAME first"), noName.err());
    }

    @Test
    void crlIsRefreshedBeforeItsNextUpdateKeepingNumbersAndDates() throws Exception {
        certgenOk(dir());
        assertEquals(0, certgen("revoke", "publisher", "--out", dir().toString()).exitCode());
        X509CRL revokedOnce = crl();
        var pki = new PkiDirectory(dir());
        Instant now = Instant.now();
        // As if written long ago: next update in 5 days, inside the renewal window.
        var revokedDates = Map.of(revokedOnce.getRevokedCertificates().iterator().next().getSerialNumber(),
                now.minus(Duration.ofDays(80)));
        PemFiles.writeCrl(pki.crl(), pki.loadCertificateAuthority().issueCrl(BigInteger.valueOf(7), revokedDates,
                now.minus(Duration.ofDays(85)), now.plus(Duration.ofDays(5))));

        PkiFiles.Run run = certgenOk(dir());

        assertTrue(run.out().contains("refreshed crl.pem: its next update is due on"), run.out());
        X509CRL refreshed = crl();
        assertEquals(BigInteger.valueOf(8), crlNumber(refreshed));
        assertNextUpdateIn(refreshed, Duration.ofDays(90));
        var entry = refreshed.getRevokedCertificates().iterator().next();
        assertEquals(revokedDates.keySet().iterator().next(), entry.getSerialNumber());
        assertEquals(UtcDates.date(now.minus(Duration.ofDays(80))), UtcDates.date(entry.getRevocationDate().toInstant()));
    }

    @Test
    void damagedCrlIsRewrittenFromTheRevokedCertificates() throws Exception {
        certgenOk(dir());
        certgen("revoke", "healthcheck", "--out", dir().toString());
        BigInteger serial = crl().getRevokedCertificates().iterator().next().getSerialNumber();
        Files.writeString(dir().resolve("crl.pem"), "not a CRL");

        PkiFiles.Run run = certgenOk(dir());

        assertTrue(run.out().contains("refreshed crl.pem: "), run.out());
        assertNotNull(crl().getRevokedCertificate(serial));
    }

    // --- PKCS#12 -----------------------------------------------------------------------------

    @Test
    void pkcs12KeyStoreHoldsTheKeyItsChainAndTheCa() throws Exception {
        certgenOk(dir(), "--pkcs12");

        char[] password = Files.readString(dir().resolve("publisher.p12.pass"), StandardCharsets.US_ASCII).strip().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir().resolve("publisher.p12"))) {
            store.load(in, password);
        }
        X509Certificate publisher = certificate(dir().resolve("publisher.crt"));
        X509Certificate ca = certificate(dir().resolve("ca.crt"));
        assertEquals(publisher, store.getCertificate("publisher"));
        assertEquals(ca, store.getCertificateChain("publisher")[1]);
        assertTrue(store.isCertificateEntry("ca"));
        assertEquals(ca, store.getCertificate("ca"));
        var key = (PrivateKey) store.getKey("publisher", password);
        assertArrayEquals(privateKey(dir().resolve("publisher.key")).getEncoded(), key.getEncoded());
        assertEquals("rw-------", mode(dir().resolve("publisher.p12")));
        assertEquals("rw-------", mode(dir().resolve("publisher.p12.pass")));
        assertTrue(Files.exists(dir().resolve("server.p12")));
    }

    @Test
    void pkcs12KeyStoreIsKeptUntilItsCertificateChanges() throws Exception {
        certgenOk(dir(), "--pkcs12");
        var before = snapshot(dir());

        assertTrue(certgenOk(dir(), "--pkcs12").out().contains("kept publisher.p12"));
        assertEquals(before, snapshot(dir()));

        PkiFiles.Run forced = certgenOk(dir(), "--pkcs12", "--force");
        assertTrue(forced.out().contains("rewrote publisher.p12: it does not hold the current publisher.crt"), forced.out());
        assertNotEquals(before.get("publisher.p12"), snapshot(dir()).get("publisher.p12"));
        assertEquals(before.get("publisher.p12.pass"), snapshot(dir()).get("publisher.p12.pass"), "same password");
    }

    // --- helpers -----------------------------------------------------------------------------

    /** Replaces STEM.crt and .key with a certificate of the same CA that expires after {@code left}. */
    private void expiringIn(String stem, Duration left) {
        var pki = new PkiDirectory(dir());
        Instant now = Instant.now();
        pki.save(stem, pki.loadCertificateAuthority().issueClient(stem, KeyType.EC_P256,
                now.minus(Duration.ofDays(300)), now.plus(left)));
    }

    private static String line(PkiFiles.Run run, String start) {
        return run.outLines().stream().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with \"" + start + "\" in:\n" + run.out()));
    }

    private X509CRL crl() throws Exception {
        return PkiFiles.crl(dir().resolve("crl.pem"));
    }

    private void assertAuthorityKeyIdentifierIsTheCas(X509CRL crl) throws Exception {
        X509Certificate ca = certificate(dir().resolve("ca.crt"));
        byte[] aki = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                crl.getExtensionValue(Extension.authorityKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
        byte[] ski = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                ca.getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets()).getKeyIdentifier();
        assertArrayEquals(ski, aki);
    }

    private static void assertNextUpdateIn(X509CRL crl, Duration validity) {
        Instant expected = Instant.now().plus(validity);
        Instant nextUpdate = crl.getNextUpdate().toInstant();
        assertTrue(Duration.between(nextUpdate, expected).abs().compareTo(Duration.ofMinutes(5)) < 0,
                "nextUpdate " + nextUpdate + ", expected about " + expected);
    }
}
