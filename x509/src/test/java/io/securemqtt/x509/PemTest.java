package io.securemqtt.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;

class PemTest {

    @Test
    void blocksComeInOrderAsTheJdksTypes() throws Exception {
        KeyPair keys = TestCertificates.ec();
        X509Certificate certificate = TestCertificates.certificate(keys, "CN=ca", BigInteger.TEN);
        X509CRL crl = TestCertificates.crl(keys, "CN=ca", BigInteger.TWO);

        List<Object> blocks = parse(TestCertificates.pem(certificate, crl, new JcaPKCS8Generator(keys.getPrivate(), null)));

        assertEquals(3, blocks.size());
        assertEquals(Optional.of(certificate), Pem.certificate(blocks.get(0)));
        assertEquals(Optional.empty(), Pem.crl(blocks.get(0)));
        assertEquals(Optional.of(crl), Pem.crl(blocks.get(1)));
        assertEquals(Optional.empty(), Pem.certificate(blocks.get(1)));
        assertEquals(Optional.of(keys.getPrivate()), Pem.privateKey(blocks.get(2)));
        assertTrue(Pem.isPrivateKey(blocks.get(2)));
        assertFalse(Pem.isPrivateKey(blocks.get(0)));
    }

    @Test
    void privateKeysAreReadInEachUnencryptedFormOpenSslWrites() throws Exception {
        for (KeyPair keys : List.of(TestCertificates.ec(), TestCertificates.rsa())) {
            String traditional = TestCertificates.traditional(keys);
            assertTrue(traditional.startsWith("-----BEGIN " + keys.getPrivate().getAlgorithm() + " PRIVATE KEY-----"),
                    traditional);
            String pkcs8 = TestCertificates.pem(new JcaPKCS8Generator(keys.getPrivate(), null));
            assertTrue(pkcs8.startsWith("-----BEGIN PRIVATE KEY-----"), pkcs8);

            for (String pem : List.of(traditional, pkcs8)) {
                PrivateKey read = Pem.privateKey(parse(pem).get(0)).orElseThrow();
                X509Certificate certificate = TestCertificates.certificate(keys, "CN=x", BigInteger.ONE);
                assertTrue(Certificates.keyMatches(read, certificate), pem);
            }
        }
    }

    @Test
    void anEncryptedKeyIsToldButNotRead() throws Exception {
        KeyPair keys = TestCertificates.ec();
        String pem = TestCertificates.pem(new JcaPKCS8Generator(keys.getPrivate(),
                new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setPassword("secret".toCharArray())
                        .setRandom(new SecureRandom()).setProvider(new BouncyCastleProvider()).build()));

        Object block = parse(pem).get(0);

        assertTrue(Pem.isEncryptedKey(block));
        assertTrue(Pem.isPrivateKey(block));
        assertEquals(Optional.empty(), Pem.privateKey(block));
    }

    @Test
    void ecParametersBeforeAKeyAreLeftOut() throws Exception {
        KeyPair keys = TestCertificates.ec();
        String pem = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + TestCertificates.traditional(keys);

        List<Object> blocks = parse(pem);

        assertEquals(1, blocks.size());
        assertTrue(Pem.privateKey(blocks.get(0)).isPresent());
    }

    @Test
    void textWithoutPemHasNoBlocks() throws Exception {
        assertEquals(List.of(), parse("not a certificate\n"));
    }

    @Test
    void badBase64IsMalformed() {
        String pem = "-----BEGIN CERTIFICATE-----\n!!!notbase64!!!\n-----END CERTIFICATE-----\n";
        assertThrows(MalformedPemException.class, () -> parse(pem));
    }

    private static List<Object> parse(String pem) throws Exception {
        return Pem.parse(new StringReader(pem));
    }
}
