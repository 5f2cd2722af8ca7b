package io.securemqtt.certgen.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A certificate's key usages and extended key usages by their RFC 5280 names, as messages and reports give them. */
public final class KeyUsageNames {

    /** The bits of {@link X509Certificate#getKeyUsage()}, in order. */
    private static final List<String> KEY_USAGES = List.of("digitalSignature", "nonRepudiation", "keyEncipherment",
            "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly");

    private static final Map<String, String> EXTENDED_KEY_USAGES = Map.of(
            KeyPurpose.SERVER_AUTH.oid(), KeyPurpose.SERVER_AUTH.toString(),
            KeyPurpose.CLIENT_AUTH.oid(), KeyPurpose.CLIENT_AUTH.toString(),
            "1.3.6.1.5.5.7.3.3", "codeSigning",
            "1.3.6.1.5.5.7.3.4", "emailProtection",
            "1.3.6.1.5.5.7.3.8", "timeStamping",
            "1.3.6.1.5.5.7.3.9", "OCSPSigning",
            "2.5.29.37.0", "anyExtendedKeyUsage");

    private KeyUsageNames() {
    }

    public static List<String> keyUsage(X509Certificate certificate) {
        boolean[] bits = certificate.getKeyUsage();
        List<String> usages = new ArrayList<>();
        for (int i = 0; bits != null && i < bits.length && i < KEY_USAGES.size(); i++) {
            if (bits[i]) {
                usages.add(KEY_USAGES.get(i));
            }
        }
        return usages;
    }

    /** The extended key usages, e.g. {@code serverAuth}, or the OID of one that has no name here. */
    public static List<String> extendedKeyUsage(X509Certificate certificate) throws CertificateParsingException {
        List<String> oids = certificate.getExtendedKeyUsage();
        return oids == null ? List.of() : oids.stream().map(oid -> EXTENDED_KEY_USAGES.getOrDefault(oid, oid)).toList();
    }
}
