package io.securemqtt.x509;

import java.io.IOException;
import java.io.Reader;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM text and what its blocks hold: {@link #parse} splits it into blocks (as BouncyCastle's
 * objects), and {@link #certificate}, {@link #crl} and {@link #privateKey} turn a block into the
 * JDK's own type, if it is one. Callers walk the blocks themselves, because each says something
 * different about a file that holds the wrong ones.
 */
public final class Pem {

    /** PEM files of certificates, CRLs and keys are a few kB; anything this large is the wrong file. */
    public static final long MAX_FILE_SIZE = 1024 * 1024;

    private Pem() {
    }

    /**
     * Every block of PEM text, in order; {@code EC PARAMETERS} blocks (which {@code openssl ecparam
     * -genkey} writes before the key) are left out, as they hold nothing a caller uses.
     *
     * @throws IOException if the text cannot be read, or a block is not valid (bad Base64 or DER:
     *         then a {@link MalformedPemException})
     */
    public static List<Object> parse(Reader text) throws IOException {
        List<Object> blocks = new ArrayList<>();
        try (PEMParser parser = new PEMParser(text)) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (!(block instanceof ASN1ObjectIdentifier) && !(block instanceof X9ECParameters)) {
                    blocks.add(block);
                }
            }
        } catch (RuntimeException e) { // BouncyCastle reports bad Base64 or DER with assorted unchecked exceptions
            throw new MalformedPemException(e);
        }
        return blocks;
    }

    /**
     * The certificate in a {@code CERTIFICATE} or {@code TRUSTED CERTIFICATE} block, or empty if the
     * block holds none.
     *
     * @throws CertificateException if the JDK cannot load it
     */
    public static Optional<X509Certificate> certificate(Object block) throws CertificateException {
        X509CertificateHolder holder = block instanceof X509CertificateHolder h ? h
                : block instanceof X509TrustedCertificateBlock trusted ? trusted.getCertificateHolder() : null;
        return holder == null ? Optional.empty() : Optional.of(new JcaX509CertificateConverter().getCertificate(holder));
    }

    /**
     * The certificate revocation list in an {@code X509 CRL} block, or empty if the block holds none.
     *
     * @throws CRLException if the JDK cannot load it
     */
    public static Optional<X509CRL> crl(Object block) throws CRLException {
        return block instanceof X509CRLHolder holder ? Optional.of(new JcaX509CRLConverter().getCRL(holder))
                : Optional.empty();
    }

    /**
     * The private key in an unencrypted PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}) or
     * PKCS#1 ({@code RSA PRIVATE KEY}) block, or empty if the block holds none ({@link #isEncryptedKey}
     * tells an encrypted key).
     *
     * @throws PEMException if the JDK cannot load it
     */
    public static Optional<PrivateKey> privateKey(Object block) throws PEMException {
        var converter = new JcaPEMKeyConverter(); // no provider set: the JDK's own key factories
        if (block instanceof PrivateKeyInfo pkcs8) {
            return Optional.of(converter.getPrivateKey(pkcs8));
        }
        if (block instanceof PEMKeyPair traditional) {
            // Only the private half: a SEC1 key may omit its public key.
            return Optional.of(converter.getPrivateKey(traditional.getPrivateKeyInfo()));
        }
        return Optional.empty();
    }

    /** Whether the block is a private key encrypted with a passphrase (PKCS#8 or OpenSSL's older form). */
    public static boolean isEncryptedKey(Object block) {
        return block instanceof PKCS8EncryptedPrivateKeyInfo || block instanceof PEMEncryptedKeyPair;
    }

    /** Whether the block is a private key, encrypted or not. */
    public static boolean isPrivateKey(Object block) {
        return block instanceof PrivateKeyInfo || block instanceof PEMKeyPair || isEncryptedKey(block);
    }
}
