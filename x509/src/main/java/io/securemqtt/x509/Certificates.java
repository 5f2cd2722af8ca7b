package io.securemqtt.x509;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Facts about a certificate, the same wherever they are printed or checked. */
public final class Certificates {

    private Certificates() {
    }

    /** Upper-case hex in whole octets, as {@code openssl x509 -serial} prints it. */
    public static String serial(X509Certificate certificate) {
        return serial(certificate.getSerialNumber());
    }

    /** Upper-case hex in whole octets (an odd-length number gets a leading 0), as OpenSSL prints serial numbers. */
    public static String serial(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    /**
     * The algorithm that proves a key pair by signing, for the key types a certificate here may
     * have: RSA, EC and EdDSA; empty for any other.
     */
    public static Optional<String> proofAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> Optional.of("SHA256withRSA");
            case "EC" -> Optional.of("SHA256withECDSA");
            case "EdDSA", "Ed25519", "Ed448" -> Optional.of("EdDSA");
            default -> Optional.empty();
        };
    }

    /**
     * Whether the private key belongs to the certificate: the key signs a challenge and the
     * certificate's public key verifies it, the same check for every key type, with no curve
     * arithmetic of our own (and a PKCS#8 key need not carry its public half). False for keys of
     * another algorithm than the certificate's, or of one {@link #proofAlgorithm} does not know.
     */
    public static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        PublicKey publicKey = certificate.getPublicKey();
        Optional<String> algorithm = proofAlgorithm(key);
        if (algorithm.isEmpty() || !key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        byte[] challenge = "key matches certificate".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm.get());
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.get());
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. keys on different curves: certainly not a pair
        }
    }

    /** The subject's common name (CN), if it has one. */
    public static Optional<String> commonName(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] names = subject.getRDNs(BCStyle.CN);
        if (names.length == 0 || !(names[0].getFirst().getValue() instanceof ASN1String value)) {
            return Optional.empty();
        }
        return Optional.of(value.getString());
    }
}
