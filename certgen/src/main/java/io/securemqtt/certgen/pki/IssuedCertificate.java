package io.securemqtt.certgen.pki;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.certgen.x509.Certificates;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;

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
        return Certificates.commonName(certificate).orElse("");
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }
}
