package io.securemqtt.common.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import io.securemqtt.x509.Certificates;


/**
 * Builds the TLS context for mutual TLS from three PEM files: the CA we trust, our certificate and
 * our private key.
 *
 * <p>Only the given CA is trusted, not the JDK's public CAs: the broker's certificate must come from
 * our own PKI. The files are checked before use (key matches certificate, certificate issued by the
 * CA, not expired) because the broker reports such mistakes only as a closed connection.
 */
public final class TlsContexts {

    /** TLS 1.3 first; TLS 1.2 for brokers linked against older OpenSSL; nothing older. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * The TLS 1.3 suites as they are (all are AEAD with ephemeral keys), and under TLS 1.2 only ECDHE
     * with AES-GCM or ChaCha20-Poly1305: forward secrecy and authenticated encryption, no CBC, no RSA
     * key exchange. The broker's {@code ciphers} line in mosquitto.conf names the same TLS 1.2 suites
     * in OpenSSL's spelling.
     */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** The key store never leaves memory; the JDK only insists that a key entry has a password. */
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private TlsContexts() {
    }

    /**
     * @throws TlsMaterialException naming the file and the fix when a file is missing, unreadable,
     *         not PEM, encrypted, mismatched, expired or not issued by the CA
     */
    public static SSLContext fromPem(Path caFile, Path certFile, Path keyFile, TlsFileNames names) {
        return fromPem(caFile, certFile, keyFile, names, Instant.now());
    }

    /** As {@link #fromPem(Path, Path, Path, TlsFileNames)}, checking validity at {@code now} (tests travel in time). */
    static SSLContext fromPem(Path caFile, Path certFile, Path keyFile, TlsFileNames names, Instant now) {
        return load(caFile, certFile, keyFile, names, now).context();
    }

    /**
     * What {@link #fromPem} builds, with the certificates it checked: a caller that reloads the files
     * reports what it loaded from the same reading, not from a second one the files may have changed under.
     *
     * @param certificate the client certificate, first in the certificate file
     * @param authorities the CA certificates trusted
     */
    record Material(SSLContext context, X509Certificate certificate, List<X509Certificate> authorities) {

        /** The first moment at which one of the checked certificates is no longer valid. */
        Instant validUntil() {
            Instant until = certificate.getNotAfter().toInstant();
            for (X509Certificate authority : authorities) {
                Instant notAfter = authority.getNotAfter().toInstant();
                if (notAfter.isBefore(until)) {
                    until = notAfter;
                }
            }
            return until;
        }
    }

    /** As {@link #fromPem(Path, Path, Path, TlsFileNames, Instant)}, with the certificates checked. */
    static Material load(Path caFile, Path certFile, Path keyFile, TlsFileNames names, Instant now) {
        List<X509Certificate> authorities = PemFiles.certificates(caFile, PemFiles.Role.CA, names);
        List<X509Certificate> chain = PemFiles.certificates(certFile, PemFiles.Role.CERTIFICATE, names);
        PrivateKey key = PemFiles.privateKey(keyFile, names);

        for (X509Certificate authority : authorities) {
            checkValidity(authority, caFile, PemFiles.Role.CA, names, now);
        }
        checkValidity(chain.get(0), certFile, PemFiles.Role.CERTIFICATE, names, now);
        checkKeyMatches(key, keyFile, chain.get(0), certFile, names);
        checkIssuedBy(chain, certFile, authorities, caFile, names, now);
        return new Material(context(authorities, chain, key), chain.get(0), authorities);
    }

    /**
     * The socket factory to hand to Paho: sockets from {@code context} limited to TLS 1.3 and 1.2 and
     * to {@link #CIPHER_SUITES}, whatever the JDK's defaults are.
     */
    static SSLSocketFactory socketFactory(SSLContext context) {
        return new ProtocolLimitingSocketFactory(context.getSocketFactory(), PROTOCOLS, CIPHER_SUITES);
    }

    private static SSLContext context(List<X509Certificate> authorities, List<X509Certificate> chain, PrivateKey key) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(trusted);

            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("identity", key, IN_MEMORY_PASSWORD, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
            keyManagers.init(identity, IN_MEMORY_PASSWORD);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            // Only a broken JDK installation gets here: every input was checked above.
            throw new IllegalStateException("the JDK cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    private static void checkValidity(X509Certificate certificate, Path file, PemFiles.Role role, TlsFileNames names, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            throw new TlsMaterialException(file, role.describe(file, names) + ": certificate " + subject(certificate)
                    + " expired on " + notAfter + "; issue a new one (e.g. with certgen)");
        }
        if (now.isBefore(notBefore)) {
            throw new TlsMaterialException(file, role.describe(file, names) + ": certificate " + subject(certificate)
                    + " is not valid before " + notBefore + "; check this machine's clock");
        }
    }

    /**
     * Proves the key belongs to the certificate by signing with one and verifying with the other: the
     * same check for every key type, with no curve arithmetic of our own.
     */
    private static void checkKeyMatches(PrivateKey key, Path keyFile, X509Certificate certificate, Path certFile, TlsFileNames names) {
        PublicKey publicKey = certificate.getPublicKey();
        String mismatch = "private key file " + keyFile + " (" + names.keyFile() + ") does not belong to certificate "
                + subject(certificate) + " in " + certFile + " (" + names.certFile() + "); use the key generated with that certificate";
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            throw new TlsMaterialException(keyFile, mismatch + " (the key is " + key.getAlgorithm()
                    + ", the certificate's is " + publicKey.getAlgorithm() + ")");
        }
        if (Certificates.proofAlgorithm(key).isEmpty()) {
            throw new TlsMaterialException(keyFile, "private key file " + keyFile + " (" + names.keyFile()
                    + ") holds a " + key.getAlgorithm() + " key, which is not supported; use an EC or RSA key");
        }
        if (!Certificates.keyMatches(key, certificate)) {
            throw new TlsMaterialException(keyFile, mismatch);
        }
    }

    private static void checkIssuedBy(List<X509Certificate> chain, Path certFile, List<X509Certificate> authorities,
                                      Path caFile, TlsFileNames names, Instant now) {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate authority : authorities) {
            anchors.add(new TrustAnchor(authority, null));
        }
        // A chain that repeats the CA at its end would otherwise fail: the anchor must not be in the path.
        List<X509Certificate> path = chain.stream().filter(c -> !authorities.contains(c)).toList();
        if (path.isEmpty()) {
            return;
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            String caSubjects = authorities.stream().map(TlsContexts::subject).collect(Collectors.joining(", "));
            if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
                throw new TlsMaterialException(certFile, "certificate file " + certFile + " (" + names.certFile()
                        + "): certificate " + subject(chain.get(0)) + " (issuer " + chain.get(0).getIssuerX500Principal().getName()
                        + ") is not signed by the CA in " + caFile + " (" + caSubjects + "); use a certificate issued by that CA, or point "
                        + names.caFile() + " at the CA that issued it", e);
            }
            throw new TlsMaterialException(certFile, "certificate file " + certFile + " (" + names.certFile()
                    + ") does not chain to the CA in " + caFile + " (" + caSubjects + "): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException(certFile, "certificate file " + certFile + " (" + names.certFile()
                    + ") cannot be checked against the CA in " + caFile + ": " + e.getMessage(), e);
        }
    }

    private static String subject(X509Certificate certificate) {
        return "'" + certificate.getSubjectX500Principal().getName() + "'";
    }
}
