package io.securemqtt.certgen.pki;

import io.securemqtt.certgen.CertgenException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The key algorithms certgen offers, by their {@code --key-type} value. Keys come from the JDK's
 * own JCA providers: BouncyCastle is never registered as a provider, because the shaded jar loses
 * the jar signature a JCA provider needs.
 */
public enum KeyType {
    EC_P256("ec-p256"),
    RSA_2048("rsa-2048"),
    RSA_3072("rsa-3072");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String optionValue;

    KeyType(String optionValue) {
        this.optionValue = optionValue;
    }

    /** The name used on the command line and in messages, e.g. {@code ec-p256}. */
    public String optionValue() {
        return optionValue;
    }

    @Override
    public String toString() {
        return optionValue;
    }

    public static KeyType fromOptionValue(String value) {
        return Arrays.stream(values())
                .filter(type -> type.optionValue.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "\"" + value + "\" is not a key type; use one of " + allOptionValues()));
    }

    static String allOptionValues() {
        return Arrays.stream(values()).map(KeyType::optionValue).collect(Collectors.joining(", "));
    }

    public KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator;
            switch (this) {
                case EC_P256 -> {
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
                }
                case RSA_2048, RSA_3072 -> {
                    generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(this == RSA_2048 ? 2048 : 3072, RANDOM);
                }
                default -> throw new AssertionError(this);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CertgenException("this Java runtime cannot generate " + optionValue
                    + " keys (" + e.getMessage() + "): use another --key-type or another JDK", e);
        }
    }

    /** The type of a public key, or empty if it is none certgen would generate (e.g. RSA-4096). */
    public static Optional<KeyType> of(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits == 2048 ? Optional.of(RSA_2048) : bits == 3072 ? Optional.of(RSA_3072) : Optional.empty();
        }
        // The curve is only visible as the OID in the encoded key; comparing it is exact.
        var algorithm = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm();
        boolean p256 = X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                && SECObjectIdentifiers.secp256r1.equals(algorithm.getParameters());
        return p256 ? Optional.of(EC_P256) : Optional.empty();
    }

    /** SHA-256 with the signer's algorithm: ECDSA for EC keys, PKCS#1 v1.5 for RSA keys. */
    static String signatureAlgorithm(PrivateKey signer) {
        return switch (signer.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new CertgenException("cannot sign with a " + signer.getAlgorithm()
                    + " key: certgen signs with EC or RSA keys only");
        };
    }
}
