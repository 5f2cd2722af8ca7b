package io.securemqtt.certgen.pki;

import static io.securemqtt.certgen.PkiFiles.certificate;
import static io.securemqtt.certgen.PkiFiles.certgenOk;
import static io.securemqtt.certgen.PkiFiles.keyMatches;
import static io.securemqtt.certgen.PkiFiles.privateKey;
import static io.securemqtt.certgen.PkiFiles.validateChain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.PkiFiles;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What one default run writes, certificate by certificate, read back with the JDK alone. */
class WrittenCertificatesTest {

    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SUBJECT_KEY_ID = "2.5.29.14";
    private static final String AUTHORITY_KEY_ID = "2.5.29.35";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;
    private static final List<String> DEFAULT_CLIENTS = List.of("publisher", "subscriber", "healthcheck", "operator", "exporter");

    @TempDir
    static Path dir;
    static Instant started;
    static PkiFiles.Run run;
    static X509Certificate ca;

    @BeforeAll
    static void runCertgenWithDefaults() throws Exception {
        started = Instant.now();
        run = certgenOk(dir);
        ca = certificate(dir.resolve("ca.crt"));
    }

    @Test
    void writesExactlyTheCaTheServerAndTheDefaultClients() throws Exception {
        Set<String> expected = new HashSet<>(Set.of("ca.crt", "private/ca.key", "server.crt", "server.key", "crl.pem",
                "ledger.tsv", ".certgen.lock"));
        DEFAULT_CLIENTS.forEach(client -> expected.addAll(Set.of(client + ".crt", client + ".key", client + ".clientid")));
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(expected, files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString())
                    .collect(Collectors.toSet()));
        }
    }

    @Test
    void reportsOneLinePerCertificate() {
        assertEquals(List.of("created ca.crt", "issued server.crt", "issued publisher.crt", "wrote publisher.clientid",
                        "issued subscriber.crt", "wrote subscriber.clientid", "issued healthcheck.crt",
                        "wrote healthcheck.clientid", "issued operator.crt", "wrote operator.clientid", "issued exporter.crt",
                        "wrote exporter.clientid", "created crl.pem"),
                run.outLines().stream().map(line -> line.substring(0, line.indexOf(" ("))).toList());
        assertTrue(run.out().contains("created ca.crt (CN=Secure MQTT Reference CA"), run.out());
    }

    @Test
    void caIsSelfSignedWithCriticalCaExtensions() throws Exception {
        assertEquals("CN=Secure MQTT Reference CA", ca.getSubjectX500Principal().getName());
        assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
        ca.verify(ca.getPublicKey());
        assertEquals("SHA256withECDSA", ca.getSigAlgName());
        assertEquals(3, ca.getVersion());

        assertTrue(ca.getBasicConstraints() >= 0, "CA:true");
        assertTrue(ca.getCriticalExtensionOIDs().containsAll(Set.of(BASIC_CONSTRAINTS, KEY_USAGE)));
        boolean[] keyUsage = ca.getKeyUsage();
        assertTrue(keyUsage[KEY_CERT_SIGN] && keyUsage[CRL_SIGN]);
        assertFalse(keyUsage[DIGITAL_SIGNATURE]);
        assertTrue(subjectKeyId(ca).length > 0);
        assertTrue(keyMatches(privateKey(dir.resolve("private/ca.key")), ca.getPublicKey()));
    }

    @Test
    void caIsValidForTenYearsFromAlittleInThePast() {
        Instant notBefore = ca.getNotBefore().toInstant();
        assertTrue(notBefore.isBefore(started), "notBefore tolerates clock skew");
        assertTrue(notBefore.isAfter(started.minus(Duration.ofHours(2))));
        assertApproximately(started.plus(Duration.ofDays(3650)), ca.getNotAfter().toInstant());
    }

    @Test
    void serverCertificateNamesTheBrokerForTlsServerAuthOnly() throws Exception {
        X509Certificate server = certificate(dir.resolve("server.crt"));
        assertEquals("CN=mosquitto", server.getSubjectX500Principal().getName());
        assertEquals(Set.of(List.of(2, "mosquitto"), List.of(2, "localhost"), List.of(7, "127.0.0.1")),
                new HashSet<>(server.getSubjectAlternativeNames()));
        assertEquals(List.of(SERVER_AUTH), server.getExtendedKeyUsage());
        assertTrue(server.getKeyUsage()[DIGITAL_SIGNATURE]);
        assertFalse(server.getKeyUsage()[KEY_ENCIPHERMENT], "not needed with an EC key");
        assertLeafExtensions(server);
        validateChain(server, ca);
    }

    @ParameterizedTest
    @ValueSource(strings = {"publisher", "subscriber", "healthcheck", "operator", "exporter"})
    void clientCertificateCarriesTheIdentityForTlsClientAuthOnly(String client) throws Exception {
        X509Certificate certificate = certificate(dir.resolve(client + ".crt"));
        assertEquals("CN=" + client, certificate.getSubjectX500Principal().getName());
        assertEquals(List.of(CLIENT_AUTH), certificate.getExtendedKeyUsage());
        assertTrue(certificate.getKeyUsage()[DIGITAL_SIGNATURE]);
        assertNull(certificate.getSubjectAlternativeNames());
        assertLeafExtensions(certificate);
        validateChain(certificate, ca);
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "publisher", "subscriber", "healthcheck", "operator", "exporter"})
    void keyIsAnUnencryptedPkcs8P256KeyMatchingItsCertificate(String identity) throws Exception {
        var key = privateKey(dir.resolve(identity + ".key"));
        X509Certificate certificate = certificate(dir.resolve(identity + ".crt"));
        assertTrue(key instanceof ECPrivateKey);
        var publicKey = (ECPublicKey) certificate.getPublicKey();
        assertEquals(256, publicKey.getParams().getCurve().getField().getFieldSize());
        assertEquals(new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16),
                publicKey.getParams().getOrder(), "the order of P-256");
        assertTrue(keyMatches(key, publicKey));
    }

    @Test
    void serialNumbersAreRandomPositiveAndLong() throws Exception {
        Set<BigInteger> serials = new HashSet<>();
        for (String name : List.of("ca", "server", "publisher", "subscriber", "healthcheck", "operator", "exporter")) {
            BigInteger serial = certificate(dir.resolve(name + ".crt")).getSerialNumber();
            assertTrue(serial.signum() > 0, name);
            assertTrue(serial.bitLength() >= 64, name + ": at least 64 bits");
            assertTrue(serial.toByteArray().length <= 20, name + ": RFC 5280 caps serials at 20 octets");
            serials.add(serial);
        }
        assertEquals(7, serials.size());
    }

    @Test
    void leafCertificatesAreValidForAYearFromAlittleInThePast() throws Exception {
        X509Certificate publisher = certificate(dir.resolve("publisher.crt"));
        assertTrue(publisher.getNotBefore().toInstant().isBefore(started));
        assertApproximately(started.plus(Duration.ofDays(365)), publisher.getNotAfter().toInstant());
    }

    private static void assertLeafExtensions(X509Certificate certificate) throws Exception {
        assertEquals(-1, certificate.getBasicConstraints(), "CA:false");
        assertTrue(certificate.getCriticalExtensionOIDs().containsAll(Set.of(BASIC_CONSTRAINTS, KEY_USAGE)));
        assertFalse(certificate.getCriticalExtensionOIDs().contains(EXTENDED_KEY_USAGE));
        assertFalse(certificate.getKeyUsage()[KEY_CERT_SIGN]);
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        assertEquals(ca.getSubjectX500Principal(), certificate.getIssuerX500Principal());

        var authorityKeyId = AuthorityKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(certificate.getExtensionValue(AUTHORITY_KEY_ID)).getOctets());
        assertArrayEquals(subjectKeyId(ca), authorityKeyId.getKeyIdentifier(), "AKI = the CA's SKI");
        assertNull(authorityKeyId.getAuthorityCertIssuer(), "AKI by key identifier only");
        assertNotEquals(0, subjectKeyId(certificate).length);
    }

    private static byte[] subjectKeyId(X509Certificate certificate) {
        return SubjectKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(certificate.getExtensionValue(SUBJECT_KEY_ID)).getOctets()).getKeyIdentifier();
    }

    private static void assertApproximately(Instant expected, Instant actual) {
        assertTrue(Duration.between(expected, actual).abs().compareTo(Duration.ofMinutes(5)) < 0,
                "expected about " + expected + ", got " + actual);
    }
}
