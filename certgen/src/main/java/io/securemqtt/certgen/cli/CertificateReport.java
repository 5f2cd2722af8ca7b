package io.securemqtt.certgen.cli;

import io.securemqtt.certgen.pki.Expiry;
import io.securemqtt.certgen.pki.KeyUsageNames;
import io.securemqtt.certgen.pki.RenewalSchedule;
import io.securemqtt.x509.Certificates;
import io.securemqtt.x509.UtcDates;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;

/**
 * What {@code certgen inspect} shows of a certificate. Both the text and the JSON form are made
 * from these values, so they cannot disagree.
 *
 * @param file the file as given on the command line
 * @param subject the subject's distinguished name (RFC 2253, e.g. {@code CN=mosquitto})
 * @param issuer the issuer's distinguished name
 * @param serialNumber upper-case hex, as {@code openssl x509 -serial} prints it
 * @param subjectAltNames e.g. {@code DNS:mosquitto}, {@code IP:127.0.0.1}
 * @param keyUsage RFC 5280 names, e.g. {@code digitalSignature}
 * @param extendedKeyUsage RFC 5280 names, e.g. {@code serverAuth}, or the OID of an unnamed one
 * @param ca whether basicConstraints says CA:true
 * @param pathLength the CA's path length constraint, or null for none (or not a CA)
 * @param keyType e.g. {@code EC P-256}, {@code RSA 2048}
 * @param keySize in bits, or null if unknown
 * @param subjectKeyIdentifier colon-separated hex, or null if absent
 * @param authorityKeyIdentifier colon-separated hex, or null if absent
 * @param sha256Fingerprint of the DER encoding, colon-separated upper-case hex as OpenSSL prints it
 * @param renewalFrom when it enters its renewal window, from which certgen re-issues it; null for a
 *        CA, which certgen never renews
 * @param renewalWindow how long before notAfter that is; null for a CA
 */
record CertificateReport(String file, String subject, String issuer, String serialNumber, Instant notBefore,
        Instant notAfter, List<String> subjectAltNames, List<String> keyUsage, List<String> extendedKeyUsage,
        boolean ca, Integer pathLength, String keyType, Integer keySize, String subjectKeyIdentifier,
        String authorityKeyIdentifier, String sha256Fingerprint, Instant renewalFrom, Duration renewalWindow)
        implements InspectCommand.Report {

    /** Reads the values; a malformed extension fails with a message naming the file. */
    static CertificateReport of(String file, X509Certificate certificate, RenewalSchedule schedule) {
        Instant renewalFrom = schedule.renewalFrom(certificate).orElse(null);
        int basicConstraints = certificate.getBasicConstraints(); // -1: not a CA; MAX_VALUE: no limit
        KeyDescription key = KeyDescription.of(certificate.getPublicKey());
        return ExtensionValues.decode(file, "certificate", () -> new CertificateReport(file,
                certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(),
                Certificates.serial(certificate.getSerialNumber()),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                subjectAltNames(certificate),
                KeyUsageNames.keyUsage(certificate),
                KeyUsageNames.extendedKeyUsage(certificate),
                basicConstraints >= 0,
                basicConstraints >= 0 && basicConstraints != Integer.MAX_VALUE ? basicConstraints : null,
                key.type(), key.size(),
                ExtensionValues.subjectKeyIdentifier(certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId())),
                ExtensionValues.authorityKeyIdentifier(certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId())),
                ExtensionValues.sha256(certificate.getEncoded()),
                renewalFrom,
                renewalFrom == null ? null : schedule.window(certificate)));
    }

    @Override
    public String type() {
        return "certificate";
    }

    @Override
    public List<InspectCommand.Line> lines(Instant now) {
        List<InspectCommand.Line> lines = new ArrayList<>();
        lines.add(InspectCommand.Line.of("subject", subject));
        lines.add(InspectCommand.Line.of("issuer", issuer));
        lines.add(InspectCommand.Line.of("serial number", serialNumber));
        lines.add(InspectCommand.Line.start("not before", now, notBefore));
        lines.add(InspectCommand.Line.end("not after", now, notAfter));
        lines.add(InspectCommand.Line.of("renewal from", renewalFrom == null ? "never (certgen never renews a CA)"
                : UtcDates.time(renewalFrom) + " (" + Expiry.relative(now, renewalFrom) + ", "
                        + Expiry.count(renewalWindow.toDays(), "day") + " before it expires)"));
        lines.add(InspectCommand.Line.of("subject alt names", joined(subjectAltNames)));
        lines.add(InspectCommand.Line.of("key usage", joined(keyUsage)));
        lines.add(InspectCommand.Line.of("extended key usage", joined(extendedKeyUsage)));
        lines.add(InspectCommand.Line.of("CA", !ca ? "no" : pathLength == null ? "yes" : "yes, path length " + pathLength));
        lines.add(InspectCommand.Line.of("key", keyType));
        lines.add(InspectCommand.Line.of("subject key id", orNone(subjectKeyIdentifier)));
        lines.add(InspectCommand.Line.of("authority key id", orNone(authorityKeyIdentifier)));
        lines.add(InspectCommand.Line.of("SHA-256 fingerprint", sha256Fingerprint));
        return lines;
    }

    @Override
    public Map<String, Object> json(Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file);
        json.put("type", type());
        json.put("subject", subject);
        json.put("issuer", issuer);
        json.put("serialNumber", serialNumber);
        json.put("notBefore", notBefore);
        json.put("notAfter", notAfter);
        json.put("daysLeft", Expiry.daysUntil(now, notAfter));
        json.put("status", Expiry.status(now, notBefore, notAfter));
        json.put("subjectAltNames", subjectAltNames);
        json.put("keyUsage", keyUsage);
        json.put("extendedKeyUsage", extendedKeyUsage);
        json.put("ca", ca);
        json.put("pathLength", pathLength);
        json.put("keyType", keyType);
        json.put("keySize", keySize);
        json.put("subjectKeyIdentifier", subjectKeyIdentifier);
        json.put("authorityKeyIdentifier", authorityKeyIdentifier);
        json.put("sha256Fingerprint", sha256Fingerprint);
        json.put("renewalFrom", renewalFrom);
        json.put("renewalWindowSeconds", renewalWindow == null ? null : renewalWindow.toSeconds());
        return json;
    }

    private static List<String> subjectAltNames(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
        if (entries == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (List<?> entry : entries) {
            Object value = entry.get(1);
            String text = value instanceof String string ? string : "(" + ((byte[]) value).length + " octets)";
            names.add(switch ((Integer) entry.get(0)) {
                case GeneralName.dNSName -> "DNS:" + text;
                case GeneralName.iPAddress -> "IP:" + text;
                case GeneralName.rfc822Name -> "email:" + text;
                case GeneralName.uniformResourceIdentifier -> "URI:" + text;
                case GeneralName.directoryName -> "dirName:" + text;
                case GeneralName.registeredID -> "RID:" + text;
                default -> "othername:" + text;
            });
        }
        return names;
    }

    private static String joined(List<String> values) {
        return values.isEmpty() ? "none" : String.join(", ", values);
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }

    /** A public key as people name it: {@code EC P-256} (256 bits), {@code RSA 2048} (2048 bits). */
    record KeyDescription(String type, Integer size) {

        static KeyDescription of(PublicKey key) {
            if (key instanceof RSAPublicKey rsa) {
                int bits = rsa.getModulus().bitLength();
                return new KeyDescription("RSA " + bits, bits);
            }
            var algorithm = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm();
            if (key instanceof ECPublicKey ec) {
                int bits = ec.getParams().getCurve().getField().getFieldSize();
                String curve = algorithm.getParameters() instanceof ASN1ObjectIdentifier oid
                        ? curveName(oid).orElse(oid.getId()) : "explicit curve";
                return new KeyDescription("EC " + curve, bits);
            }
            if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm.getAlgorithm())) {
                return new KeyDescription("Ed25519", 256);
            }
            if (EdECObjectIdentifiers.id_Ed448.equals(algorithm.getAlgorithm())) {
                return new KeyDescription("Ed448", 456);
            }
            return new KeyDescription(key.getAlgorithm(), null);
        }

        /** NIST's names for the curves TLS uses (what OpenSSL calls prime256v1 is P-256), others by their own. */
        private static Optional<String> curveName(ASN1ObjectIdentifier oid) {
            if (SECObjectIdentifiers.secp256r1.equals(oid)) {
                return Optional.of("P-256");
            }
            if (SECObjectIdentifiers.secp384r1.equals(oid)) {
                return Optional.of("P-384");
            }
            if (SECObjectIdentifiers.secp521r1.equals(oid)) {
                return Optional.of("P-521");
            }
            return Optional.ofNullable(ECNamedCurveTable.getName(oid));
        }
    }
}
