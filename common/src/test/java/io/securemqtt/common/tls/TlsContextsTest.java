package io.securemqtt.common.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.x509.Pem;

class TlsContextsTest {

    /** The names the programs give the files, so that the messages checked here are those users read. */
    private static final TlsFileNames NAMES = MqttSettings.TLS_FILE_NAMES;

    @TempDir
    static Path pki;
    @TempDir
    static Path otherPki;
    @TempDir
    static Path rsaPki;
    @TempDir
    Path scratch;

    @BeforeAll
    static void generatePkis() {
        io.securemqtt.certgen.Main.generate(pki);
        io.securemqtt.certgen.Main.generate(otherPki);
        io.securemqtt.certgen.Main.generate(rsaPki, "--key-type", "rsa-2048");
    }

    private static SSLContext client(Path dir) {
        return TlsContexts.fromPem(dir.resolve("ca.crt"), dir.resolve("publisher.crt"), dir.resolve("publisher.key"), NAMES);
    }

    private static TlsMaterialException failure(Path ca, Path cert, Path key) {
        return assertThrows(TlsMaterialException.class, () -> TlsContexts.fromPem(ca, cert, key, NAMES));
    }

    private static void assertContains(String expected, String message) {
        assertTrue(message.contains(expected), () -> "expected <" + expected + "> in: " + message);
    }

    @Test
    void buildsContextFromEcKeys() {
        SSLContext context = client(pki);
        assertNotNull(context.getSocketFactory());
    }

    @Test
    void buildsContextFromRsaKeys() throws Exception {
        assertTrue(Files.readString(rsaPki.resolve("publisher.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertNotNull(client(rsaPki));
    }

    @Test
    void acceptsPkcs1RsaKey() throws Exception {
        Path key = writeTraditional(rsaPki.resolve("publisher.key"), scratch.resolve("pkcs1.key"));
        assertTrue(Files.readString(key).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertNotNull(TlsContexts.fromPem(rsaPki.resolve("ca.crt"), rsaPki.resolve("publisher.crt"), key, NAMES));
    }

    @Test
    void acceptsSec1EcKey() throws Exception {
        Path key = writeSec1(pki.resolve("publisher.key"), pki.resolve("publisher.crt"), true, scratch.resolve("sec1.key"));
        assertTrue(Files.readString(key).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertNotNull(TlsContexts.fromPem(pki.resolve("ca.crt"), pki.resolve("publisher.crt"), key, NAMES));
    }

    @Test
    void acceptsSec1EcKeyWithoutItsOptionalPublicKey() throws Exception {
        // What 'openssl ec -no_public' writes.
        Path key = writeSec1(pki.resolve("publisher.key"), pki.resolve("publisher.crt"), false, scratch.resolve("sec1.key"));
        assertNotNull(TlsContexts.fromPem(pki.resolve("ca.crt"), pki.resolve("publisher.crt"), key, NAMES));
    }

    @Test
    void acceptsEcParametersBeforeSec1Key() throws Exception {
        // What 'openssl ecparam -genkey' writes.
        Path sec1 = writeSec1(pki.resolve("publisher.key"), pki.resolve("publisher.crt"), true, scratch.resolve("sec1.key"));
        Path key = scratch.resolve("with-params.key");
        Files.writeString(key, "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + Files.readString(sec1));
        assertNotNull(TlsContexts.fromPem(pki.resolve("ca.crt"), pki.resolve("publisher.crt"), key, NAMES));
    }

    @Test
    void sec1KeyOfAnotherIdentityIsAMismatch() throws Exception {
        Path key = writeSec1(pki.resolve("subscriber.key"), pki.resolve("subscriber.crt"), true, scratch.resolve("other.key"));
        TlsMaterialException e = failure(pki.resolve("ca.crt"), pki.resolve("publisher.crt"), key);
        assertContains("private key file " + key + " (MQTT_KEY_FILE) does not belong to certificate 'CN=publisher'", e.getMessage());
    }

    @Test
    void acceptsChainThatRepeatsTheCa() throws Exception {
        Path chain = scratch.resolve("chain.crt");
        Files.writeString(chain, Files.readString(pki.resolve("publisher.crt")) + Files.readString(pki.resolve("ca.crt")));
        assertNotNull(TlsContexts.fromPem(pki.resolve("ca.crt"), chain, pki.resolve("publisher.key"), NAMES));
    }

    @Test
    void missingFileNamesFileAndVariable() {
        Path missing = pki.resolve("nope.crt");
        TlsMaterialException e = failure(pki.resolve("ca.crt"), missing, pki.resolve("publisher.key"));
        assertEquals(missing, e.file());
        assertContains("certificate file " + missing + " (MQTT_CERT_FILE) does not exist", e.getMessage());
    }

    @Test
    void missingDirectoryIsPointedOut() {
        Path missing = scratch.resolve("not-mounted/ca.crt");
        TlsMaterialException e = failure(missing, pki.resolve("publisher.crt"), pki.resolve("publisher.key"));
        assertContains("CA certificate file " + missing + " (MQTT_CA_FILE) does not exist", e.getMessage());
        assertContains("is the certificates volume mounted?", e.getMessage());
    }

    @Test
    void directoryInsteadOfFile() {
        TlsMaterialException e = failure(pki, pki.resolve("publisher.crt"), pki.resolve("publisher.key"));
        assertContains("is a directory; point MQTT_CA_FILE at the PEM file itself", e.getMessage());
    }

    @Test
    void emptyFile() throws Exception {
        Path empty = Files.createFile(scratch.resolve("empty.key"));
        TlsMaterialException e = failure(pki.resolve("ca.crt"), pki.resolve("publisher.crt"), empty);
        assertContains("private key file " + empty + " (MQTT_KEY_FILE) is empty", e.getMessage());
    }

    @Test
    void binaryGarbage() throws Exception {
        byte[] garbage = new byte[2048];
        new Random(7).nextBytes(garbage);
        Path file = Files.write(scratch.resolve("garbage.crt"), garbage);
        TlsMaterialException e = failure(file, pki.resolve("publisher.crt"), pki.resolve("publisher.key"));
        assertContains("contains no PEM data", e.getMessage());
    }

    @Test
    void textWithoutPem() throws Exception {
        Path file = Files.writeString(scratch.resolve("notes.key"), "this is not a key\n");
        TlsMaterialException e = failure(pki.resolve("ca.crt"), pki.resolve("publisher.crt"), file);
        assertContains("contains no PEM data", e.getMessage());
    }

    @Test
    void corruptBase64InsidePem() throws Exception {
        Path file = Files.writeString(scratch.resolve("corrupt.crt"),
                "-----BEGIN CERTIFICATE-----\nnot*base64*at*all\n-----END CERTIFICATE-----\n");
        TlsMaterialException e = failure(pki.resolve("ca.crt"), file, pki.resolve("publisher.key"));
        assertContains("certificate file " + file + " (MQTT_CERT_FILE) is not a valid PEM file", e.getMessage());
    }

    @Test
    void certificateAndKeySwapped() {
        TlsMaterialException e = failure(pki.resolve("ca.crt"), pki.resolve("publisher.key"), pki.resolve("publisher.crt"));
        assertContains("contains no certificate; it holds a private key: are MQTT_CERT_FILE and MQTT_KEY_FILE swapped?", e.getMessage());

        e = failure(pki.resolve("ca.crt"), pki.resolve("publisher.crt"), pki.resolve("publisher.crt"));
        assertContains("contains no private key; it holds a certificate", e.getMessage());
    }

    @Test
    void keyOfAnotherIdentityIsAMismatchNamingTheKeyFile() {
        Path key = pki.resolve("subscriber.key");
        TlsMaterialException e = failure(pki.resolve("ca.crt"), pki.resolve("publisher.crt"), key);
        assertEquals(key, e.file());
        assertContains("private key file " + key + " (MQTT_KEY_FILE) does not belong to certificate 'CN=publisher'", e.getMessage());
    }

    @Test
    void rsaKeyForEcCertificateIsAMismatch() {
        TlsMaterialException e = failure(pki.resolve("ca.crt"), pki.resolve("publisher.crt"), rsaPki.resolve("publisher.key"));
        assertContains("does not belong to certificate", e.getMessage());
        assertContains("the key is RSA, the certificate's is EC", e.getMessage());
    }

    @Test
    void certificateFromAnotherCa() {
        Path ca = otherPki.resolve("ca.crt");
        TlsMaterialException e = failure(ca, pki.resolve("publisher.crt"), pki.resolve("publisher.key"));
        assertEquals(pki.resolve("publisher.crt"), e.file());
        assertContains("is not signed by the CA in " + ca, e.getMessage());
    }

    @Test
    void expiredCertificateNamesFileAndDate() throws Exception {
        X509Certificate leaf = certificate(pki.resolve("publisher.crt"));
        X509Certificate ca = certificate(pki.resolve("ca.crt"));
        Instant afterLeafExpiry = leaf.getNotAfter().toInstant().plus(Duration.ofDays(1));
        assertTrue(afterLeafExpiry.isBefore(ca.getNotAfter().toInstant()), "certgen's CA outlives its leaves");

        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> TlsContexts.fromPem(
                pki.resolve("ca.crt"), pki.resolve("publisher.crt"), pki.resolve("publisher.key"), NAMES, afterLeafExpiry));
        assertEquals(pki.resolve("publisher.crt"), e.file());
        assertContains("certificate 'CN=publisher' expired on " + leaf.getNotAfter().toInstant(), e.getMessage());
    }

    @Test
    void expiredCaIsReported() throws Exception {
        Instant afterCaExpiry = certificate(pki.resolve("ca.crt")).getNotAfter().toInstant().plusSeconds(1);
        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> TlsContexts.fromPem(
                pki.resolve("ca.crt"), pki.resolve("publisher.crt"), pki.resolve("publisher.key"), NAMES, afterCaExpiry));
        assertEquals(pki.resolve("ca.crt"), e.file());
        assertContains("(MQTT_CA_FILE): certificate", e.getMessage());
    }

    @Test
    void notYetValidBlamesTheClock() {
        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> TlsContexts.fromPem(
                pki.resolve("ca.crt"), pki.resolve("publisher.crt"), pki.resolve("publisher.key"), NAMES, Instant.parse("2000-01-01T00:00:00Z")));
        assertContains("check this machine's clock", e.getMessage());
    }

    @Test
    void legacyEncryptedKeyIsRefusedWithAdvice() throws Exception {
        PrivateKey key = privateKey(pki.resolve("publisher.key"));
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(key, new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(new BouncyCastleProvider()).build("secret".toCharArray()));
        }
        Path file = Files.writeString(scratch.resolve("encrypted.key"), text.toString());
        TlsMaterialException e = failure(pki.resolve("ca.crt"), pki.resolve("publisher.crt"), file);
        assertContains("is encrypted with a passphrase, which is not supported", e.getMessage());
        assertContains("openssl pkey", e.getMessage());
    }

    @Test
    void pkcs8EncryptedKeyIsRefused() throws Exception {
        PrivateKey key = privateKey(pki.resolve("publisher.key"));
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build();
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, encryptor));
        }
        assertTrue(text.toString().startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        Path file = Files.writeString(scratch.resolve("encrypted8.key"), text.toString());
        TlsMaterialException e = failure(pki.resolve("ca.crt"), pki.resolve("publisher.crt"), file);
        assertContains("is encrypted with a passphrase", e.getMessage());
    }

    @Test
    void ownershipIsDescribedForPermissionErrors() throws Exception {
        Path file = Files.writeString(scratch.resolve("secret.key"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        String description = FileAccess.describeOwnership(file);
        assertTrue(description.matches("owned by uid \\d+, gid \\d+, mode 0600"), description);
        assertTrue(FileAccess.currentUser().matches("uid \\d+ \\(user '.*'\\)"), FileAccess.currentUser());
    }

    @Test
    void socketsAreLimitedToTls12AndNewer() throws Exception {
        try (var socket = (javax.net.ssl.SSLSocket) TlsContexts.socketFactory(client(pki)).createSocket()) {
            assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, socket.getEnabledProtocols());
        }
    }

    /**
     * Writes an EC key as OpenSSL does in SEC1 ("EC PRIVATE KEY"): with the curve, and with the public
     * key unless asked not to. (BouncyCastle's own writer drops the curve, which OpenSSL would not read.)
     */
    private static Path writeSec1(Path pkcs8, Path certificate, boolean withPublicKey, Path target) throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(privateKey(pkcs8).getEncoded());
        ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
        BigInteger d = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
        DERBitString publicKey = withPublicKey
                ? new DERBitString(SubjectPublicKeyInfo.getInstance(certificate(certificate).getPublicKey().getEncoded()).getPublicKeyData().getBytes())
                : null;
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, publicKey, curve);
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        return Files.writeString(target, text.toString());
    }

    /** Writes the key in OpenSSL's traditional format (used here for PKCS#1 RSA keys). */
    private static Path writeTraditional(Path pkcs8, Path target) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(privateKey(pkcs8));
        }
        return Files.writeString(target, text.toString());
    }

    private static PrivateKey privateKey(Path pkcs8) throws Exception {
        try (var text = Files.newBufferedReader(pkcs8)) {
            return Pem.privateKey(Pem.parse(text).get(0)).orElseThrow();
        }
    }

    private static X509Certificate certificate(Path file) throws Exception {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
