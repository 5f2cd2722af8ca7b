package io.securemqtt.certgen.pki;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.certgen.store.PemFiles;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * A PKCS#10 certificate signing request that a device made with its own key, checked for
 * {@code certgen sign}: its signature verifies with the key it carries (so whoever made it holds the
 * private key), the key is EC P-256 or RSA of at least {@value #MIN_RSA_BITS} bits (what the broker
 * and the clients accept), and its subject has exactly one common name, which is a valid
 * {@link Identity}. Nothing else in it is used: the certificate certgen issues has the CN as its
 * only subject and the extensions of every client certificate, whatever extensions the request asks for.
 *
 * @param file where it was read from, for messages
 * @param request the request as read, written back unchanged as {@code NAME.csr}
 * @param identity its common name
 * @param publicKey the key it carries, which the certificate will certify
 */
public record SigningRequest(Path file, PKCS10CertificationRequest request, Identity identity, PublicKey publicKey) {

    public static final int MIN_RSA_BITS = 2048;

    private static final String ACCEPTED_KEYS = "certgen signs EC P-256 keys (openssl req -newkey ec -pkeyopt"
            + " ec_paramgen_curve:P-256) and RSA keys of " + MIN_RSA_BITS + " bits or more";

    /** Reads and checks the request in a file; a failure names the file and the rule it breaks. */
    public static SigningRequest read(Path file) {
        PKCS10CertificationRequest request = PemFiles.readCertificationRequest(file);
        PublicKey key = publicKey(file, request);
        if (!signatureValid(request, key)) {
            throw new CertgenException(file + " has a signature that does not verify with the public key it carries:"
                    + " it is damaged or was altered; make a new request on the device");
        }
        checkKey(file, request.getSubjectPublicKeyInfo().getAlgorithm(), key);
        return new SigningRequest(file, request, identity(file, request), key);
    }

    /** Whether the certificate certifies this request's key. */
    public boolean certifies(X509Certificate certificate) {
        return Arrays.equals(certificate.getPublicKey().getEncoded(), publicKey.getEncoded());
    }

    /** E.g. {@code EC P-256}, {@code RSA 3072}. */
    public String keyDescription() {
        return publicKey instanceof RSAPublicKey rsa ? "RSA " + rsa.getModulus().bitLength() : "EC P-256";
    }

    private static PublicKey publicKey(Path file, PKCS10CertificationRequest request) {
        try {
            return new JcaPEMKeyConverter().getPublicKey(request.getSubjectPublicKeyInfo());
        } catch (PEMException | RuntimeException e) {
            throw new CertgenException(file + " carries a public key this Java runtime cannot read ("
                    + e.getMessage() + "): " + ACCEPTED_KEYS, e);
        }
    }

    private static boolean signatureValid(PKCS10CertificationRequest request, PublicKey key) {
        try {
            return request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            return false; // an unknown signature algorithm proves nothing either
        }
    }

    private static void checkKey(Path file, AlgorithmIdentifier algorithm, PublicKey key) {
        ASN1ObjectIdentifier type = algorithm.getAlgorithm();
        if (type.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (!SECObjectIdentifiers.secp256r1.equals(algorithm.getParameters())) {
                String curve = algorithm.getParameters() instanceof ASN1ObjectIdentifier oid
                        ? "the curve " + curveName(oid) : "explicit curve parameters";
                throw new CertgenException(file + " carries an EC key on " + curve + ": " + ACCEPTED_KEYS);
            }
            return;
        }
        if (type.equals(PKCSObjectIdentifiers.rsaEncryption) && key instanceof RSAPublicKey rsa) {
            BigInteger modulus = rsa.getModulus();
            if (modulus.bitLength() < MIN_RSA_BITS) {
                throw new CertgenException(file + " carries an RSA key of " + modulus.bitLength() + " bits, too weak: "
                        + ACCEPTED_KEYS);
            }
            return;
        }
        throw new CertgenException(file + " carries a key of type " + key.getAlgorithm() + ": " + ACCEPTED_KEYS);
    }

    private static String curveName(ASN1ObjectIdentifier oid) {
        String name = ECNamedCurveTable.getName(oid);
        return name == null ? oid.getId() : name;
    }

    private static Identity identity(Path file, PKCS10CertificationRequest request) {
        List<AttributeTypeAndValue> commonNames = Arrays.stream(request.getSubject().getRDNs())
                .flatMap(rdn -> Arrays.stream(rdn.getTypesAndValues()))
                .filter(value -> value.getType().equals(BCStyle.CN)).toList();
        if (commonNames.isEmpty()) {
            throw new CertgenException(file + " has no common name (CN) in its subject, and the CN names the identity:"
                    + " make the request with -subj /CN=NAME");
        }
        if (commonNames.size() > 1) {
            throw new CertgenException(file + " has " + commonNames.size() + " common names (CN) in its subject, and"
                    + " an identity has one: make the request with a single -subj /CN=NAME");
        }
        if (!(commonNames.get(0).getValue() instanceof ASN1String name)) {
            throw new CertgenException(file + " has a common name (CN) that is not a string: make the request with"
                    + " -subj /CN=NAME");
        }
        try {
            return new Identity(name.getString());
        } catch (IllegalArgumentException e) {
            throw new CertgenException(file + " cannot be signed: its common name (CN) is the " + e.getMessage());
        }
    }
}
