package io.securemqtt.certgen.pki;

import io.securemqtt.x509.Certificates;
import java.security.PrivateKey;
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
        return Certificates.keyMatches(privateKey, certificate);
    }

    /** The subject's common name (CN), if it has one. */
    public String commonName() {
        return Certificates.commonName(certificate).orElse("");
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }
}
