package io.securemqtt.certgen.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * A certificate with its private key: what a TLS peer loads, and what certgen writes as
 * {@code NAME.crt} and {@code NAME.key}.
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

    /**
     * Whether the private key belongs to the certificate: the key signs a challenge and the
     * certificate's public key verifies it. (A PKCS#8 key does not always carry its public half.)
     */
    public boolean keyMatchesCertificate() {
        try {
            byte[] challenge = "certgen key check".getBytes(StandardCharsets.US_ASCII);
            String algorithm = KeyType.signatureAlgorithm(privateKey);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | CertgenException e) {
            return false; // e.g. an EC key against an RSA certificate
        }
    }

    /** The subject's common name (CN), if it has one. */
    public String commonName() {
        return commonNameOf(certificate).orElse("");
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    static Optional<String> commonNameOf(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] names = subject.getRDNs(BCStyle.CN);
        if (names.length == 0 || !(names[0].getFirst().getValue() instanceof ASN1String value)) {
            return Optional.empty();
        }
        return Optional.of(value.getString());
    }
}
