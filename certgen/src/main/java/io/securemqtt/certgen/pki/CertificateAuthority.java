package io.securemqtt.certgen.pki;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.certgen.store.PemFiles;
import io.securemqtt.x509.Certificates;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate authority of the deployment: a self-signed CA certificate and its private key,
 * which signs the broker's server certificate and each client's certificate.
 *
 * <p>The certificates follow RFC 5280: random positive 159-bit serial numbers, SHA-256 signatures
 * (ECDSA or RSA, after the CA's key), subject and authority key identifiers, critical
 * {@code basicConstraints} and {@code keyUsage}. Leaf certificates carry the key usage
 * digitalSignature alone, and an extended key usage saying which side of TLS they may play.
 *
 * <p>Tests use it directly to make certificates certgen itself never writes, e.g.:
 * <pre>{@code
 * CertificateAuthority ca = new PkiDirectory(certs).loadCertificateAuthority();
 * Instant now = Instant.now();
 * // expired, not yet valid, or without the clientAuth extended key usage:
 * IssuedCertificate expired = ca.issueClient("publisher", KeyType.EC_P256, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
 * IssuedCertificate early = ca.issueClient("publisher", KeyType.EC_P256, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
 * IssuedCertificate noEku = ca.issueClient("publisher", KeyType.EC_P256, now, now.plus(Duration.ofDays(1)), Set.of());
 * // an impostor CA with the very subject name of ours:
 * CertificateAuthority rogue = CertificateAuthority.create(CertificateAuthority.COMMON_NAME, KeyType.EC_P256, Duration.ofDays(1));
 * new PkiDirectory(elsewhere).save("publisher", rogue.issueClient("publisher", KeyType.EC_P256, now, now.plus(Duration.ofDays(1))));
 * }</pre>
 */
public final class CertificateAuthority {

    /** The common name of the CA certgen creates. */
    public static final String COMMON_NAME = "Secure MQTT Reference CA";

    /** How far in the past certificates start, so a peer whose clock is a little behind accepts them. */
    public static final Duration CLOCK_SKEW = Duration.ofHours(1);

    /** The key usage of every server and client certificate. */
    static final int LEAF_KEY_USAGE = KeyUsage.digitalSignature;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /** A new CA valid from {@link #CLOCK_SKEW} ago for {@code validity}. */
    public static CertificateAuthority create(String commonName, KeyType keyType, Duration validity) {
        Instant now = Instant.now();
        return create(commonName, keyType, now.minus(CLOCK_SKEW), now.plus(validity));
    }

    /** A new CA with explicit validity dates (e.g. an expired one, for a test). */
    public static CertificateAuthority create(String commonName, KeyType keyType, Instant notBefore, Instant notAfter) {
        checkValidity(notBefore, notAfter);
        KeyPair keys = keyType.generateKeyPair();
        X500Name name = subject(commonName);
        var builder = new JcaX509v3CertificateBuilder(
                name, serialNumber(), date(notBefore), date(notAfter), name, keys.getPublic());
        // pathLen 0: this CA signs end-entity certificates only, never another CA.
        addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(0));
        addExtension(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        addExtension(builder, Extension.subjectKeyIdentifier, false, extensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        return new CertificateAuthority(sign(builder, keys.getPrivate()), keys.getPrivate());
    }

    /**
     * Loads an existing CA. Fails, naming the file, if either file is unreadable, the certificate
     * is not a CA certificate, or the key does not belong to it.
     */
    public static CertificateAuthority load(Path certificateFile, Path privateKeyFile) {
        X509Certificate certificate = PemFiles.readCertificate(certificateFile);
        PrivateKey privateKey = PemFiles.readPrivateKey(privateKeyFile);
        if (certificate.getBasicConstraints() < 0) {
            throw new CertgenException(certificateFile + " is not a CA certificate (it lacks basicConstraints CA:true)");
        }
        if (!new IssuedCertificate(certificate, privateKey).keyMatchesCertificate()) {
            throw new CertgenException(privateKeyFile + " is not the private key of " + certificateFile);
        }
        return new CertificateAuthority(certificate, privateKey);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public String commonName() {
        return Certificates.commonName(certificate).orElse("");
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /** Whether this CA signed the certificate: issuer name and signature both check out. */
    public boolean issued(X509Certificate candidate) {
        if (!candidate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            return false;
        }
        try {
            candidate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * A server certificate for the broker: every name in the subject alternative name (IP literals
     * as iPAddress, others as dNSName), the first one also as CN, extended key usage serverAuth.
     */
    public IssuedCertificate issueServer(List<String> names, KeyType keyType, Instant notBefore, Instant notAfter) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one name");
        }
        List<ServerName> serverNames = names.stream().map(ServerName::parse).toList();
        return issueLeaf(names.get(0), serverNames, Set.of(KeyPurpose.SERVER_AUTH), keyType, notBefore, notAfter);
    }

    /** A client certificate with CN = identity and extended key usage clientAuth. */
    public IssuedCertificate issueClient(String identity, KeyType keyType, Instant notBefore, Instant notAfter) {
        return issueClient(identity, keyType, notBefore, notAfter, Set.of(KeyPurpose.CLIENT_AUTH));
    }

    /**
     * A client certificate with the given extended key usages instead: an empty set leaves the
     * extension out (such a certificate is valid for any purpose), {@code SERVER_AUTH} alone makes
     * one the broker must refuse as a client.
     */
    public IssuedCertificate issueClient(
            String identity, KeyType keyType, Instant notBefore, Instant notAfter, Set<KeyPurpose> extendedKeyUsage) {
        String commonName = new Identity(identity).name();
        return issueLeaf(commonName, List.of(), extendedKeyUsage, keyType, notBefore, notAfter);
    }

    /**
     * A client certificate with CN = identity and extended key usage clientAuth for a key certgen
     * never sees, such as the one of a certificate signing request.
     */
    public X509Certificate issueClient(String identity, PublicKey key, Instant notBefore, Instant notAfter) {
        return issueLeaf(new Identity(identity).name(), List.of(), Set.of(KeyPurpose.CLIENT_AUTH), key, notBefore,
                notAfter);
    }

    private IssuedCertificate issueLeaf(String commonName, List<ServerName> altNames, Set<KeyPurpose> purposes,
            KeyType keyType, Instant notBefore, Instant notAfter) {
        checkValidity(notBefore, notAfter);
        KeyPair keys = keyType.generateKeyPair();
        return new IssuedCertificate(issueLeaf(commonName, altNames, purposes, keys.getPublic(), notBefore, notAfter),
                keys.getPrivate());
    }

    private X509Certificate issueLeaf(String commonName, List<ServerName> altNames, Set<KeyPurpose> purposes,
            PublicKey key, Instant notBefore, Instant notAfter) {
        checkValidity(notBefore, notAfter);
        var builder = new JcaX509v3CertificateBuilder(
                certificate, serialNumber(), date(notBefore), date(notAfter), subject(commonName), key);
        addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        // digitalSignature alone, for RSA keys too: without keyEncipherment no peer may use TLS 1.2's
        // RSA key transport, which has no forward secrecy; (EC)DHE key exchange only needs signatures.
        addExtension(builder, Extension.keyUsage, true, new KeyUsage(LEAF_KEY_USAGE));
        if (!purposes.isEmpty()) {
            KeyPurposeId[] ids = Arrays.stream(KeyPurpose.values()).filter(purposes::contains)
                    .map(KeyPurpose::id).toArray(KeyPurposeId[]::new);
            addExtension(builder, Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ids));
        }
        if (!altNames.isEmpty()) {
            GeneralName[] names = altNames.stream().map(ServerName::toGeneralName).toArray(GeneralName[]::new);
            addExtension(builder, Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        addExtension(builder, Extension.subjectKeyIdentifier, false, extensionUtils().createSubjectKeyIdentifier(key));
        addExtension(builder, Extension.authorityKeyIdentifier, false, authorityKeyIdentifier());
        return sign(builder, privateKey);
    }

    /**
     * A certificate revocation list (RFC 5280 v2) signed by this CA: the CRL number and authority key
     * identifier extensions, and one entry per revoked serial number with its revocation date. No
     * reason code: RFC 5280 prefers none to "unspecified".
     *
     * @param revoked revocation dates by serial number
     */
    public X509CRL issueCrl(BigInteger number, Map<BigInteger, Instant> revoked, Instant thisUpdate, Instant nextUpdate) {
        checkValidity(thisUpdate, nextUpdate);
        var builder = new JcaX509v2CRLBuilder(certificate.getSubjectX500Principal(), date(thisUpdate));
        builder.setNextUpdate(date(nextUpdate));
        revoked.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> builder.addCRLEntry(entry.getKey(), date(entry.getValue()), (Extensions) null));
        try {
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier());
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            return new JcaX509CRLConverter().getCRL(builder.build(signer(privateKey)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a CRL extension", e);
        } catch (GeneralSecurityException e) {
            throw new CertgenException("cannot sign the CRL with the CA's key: " + e.getMessage(), e);
        }
    }

    /** Our SKI, copied: a verifier matches AKI to SKI byte for byte, whoever computed the SKI. */
    private AuthorityKeyIdentifier authorityKeyIdentifier() {
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return extensionUtils().createAuthorityKeyIdentifier(certificate.getPublicKey());
        }
        try {
            var ski = SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(extension));
            return new AuthorityKeyIdentifier(ski.getKeyIdentifier());
        } catch (IOException e) {
            throw new CertgenException("the CA certificate has an unreadable subject key identifier", e);
        }
    }

    private static X500Name subject(String commonName) {
        if (commonName == null || commonName.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs a non-empty common name");
        }
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    /** 158 random bits below a fixed top bit: always positive, always 20 DER octets (the RFC 5280 limit). */
    private static BigInteger serialNumber() {
        return new BigInteger(158, RANDOM).setBit(158);
    }

    private static Date date(Instant instant) {
        return Date.from(instant.truncatedTo(ChronoUnit.SECONDS)); // X.509 times have whole seconds
    }

    private static void checkValidity(Instant notBefore, Instant notAfter) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
    }

    private static JcaX509ExtensionUtils extensionUtils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new CertgenException("this Java runtime lacks SHA-1 for key identifiers: " + e.getMessage(), e);
        }
    }

    private static void addExtension(X509v3CertificateBuilder builder,
            ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            builder.addExtension(oid, critical, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode extension " + oid, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(signer)));
        } catch (GeneralSecurityException e) {
            throw new CertgenException("cannot sign a certificate with the CA's " + signer.getAlgorithm()
                    + " key: " + e.getMessage(), e);
        }
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(KeyType.signatureAlgorithm(key)).build(key);
        } catch (OperatorCreationException e) {
            throw new CertgenException("cannot sign with the CA's " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }
}
