package io.securemqtt.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertificatesTest {

    @Test
    void serialIsUpperCaseHexInWholeOctetsAsOpenSslPrintsIt() throws Exception {
        assertEquals("0ABC", Certificates.serial(BigInteger.valueOf(0xabc)));
        assertEquals("ABCD", Certificates.serial(BigInteger.valueOf(0xabcd)));
        assertEquals("01", Certificates.serial(BigInteger.ONE));
        X509Certificate certificate = TestCertificates.certificate(TestCertificates.ec(), "CN=sensor-1",
                new BigInteger("f00d", 16));
        assertEquals("F00D", Certificates.serial(certificate));
    }

    @Test
    void commonNameIsTheSubjectsCn() throws Exception {
        KeyPair keys = TestCertificates.ec();
        assertEquals(Optional.of("sensor-1"),
                Certificates.commonName(TestCertificates.certificate(keys, "O=Example,CN=sensor-1", BigInteger.TEN)));
        assertEquals(Optional.empty(),
                Certificates.commonName(TestCertificates.certificate(keys, "O=Example", BigInteger.TEN)));
    }

    @Test
    void aKeyMatchesItsOwnCertificateOnly() throws Exception {
        KeyPair ec = TestCertificates.ec();
        KeyPair otherEc = TestCertificates.ec();
        KeyPair rsa = TestCertificates.rsa();
        X509Certificate ecCertificate = TestCertificates.certificate(ec, "CN=ec", BigInteger.TWO);
        X509Certificate rsaCertificate = TestCertificates.certificate(rsa, "CN=rsa", BigInteger.TWO);

        assertTrue(Certificates.keyMatches(ec.getPrivate(), ecCertificate));
        assertTrue(Certificates.keyMatches(rsa.getPrivate(), rsaCertificate));
        assertFalse(Certificates.keyMatches(otherEc.getPrivate(), ecCertificate));
        assertFalse(Certificates.keyMatches(rsa.getPrivate(), ecCertificate));
        assertFalse(Certificates.keyMatches(ec.getPrivate(), rsaCertificate));
    }

    @Test
    void proofAlgorithmsAreThoseOfTheKeyTypesCertificatesHave() throws Exception {
        assertEquals(Optional.of("SHA256withECDSA"), Certificates.proofAlgorithm(TestCertificates.ec().getPrivate()));
        assertEquals(Optional.of("SHA256withRSA"), Certificates.proofAlgorithm(TestCertificates.rsa().getPrivate()));
        var dsa = java.security.KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        assertEquals(Optional.empty(), Certificates.proofAlgorithm(dsa.generateKeyPair().getPrivate()));
    }
}
