package io.securemqtt.certgen.pki;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/** The extended key usages (RFC 5280, 4.2.1.12) a TLS peer checks: which side a certificate may play. */
public enum KeyPurpose {
    SERVER_AUTH(KeyPurposeId.id_kp_serverAuth, "serverAuth"),
    CLIENT_AUTH(KeyPurposeId.id_kp_clientAuth, "clientAuth");

    private final KeyPurposeId id;
    private final String rfcName;

    KeyPurpose(KeyPurposeId id, String rfcName) {
        this.id = id;
        this.rfcName = rfcName;
    }

    /** The name RFC 5280 and OpenSSL use, e.g. {@code clientAuth}. */
    @Override
    public String toString() {
        return rfcName;
    }

    KeyPurposeId id() {
        return id;
    }

    /** The dotted OID, as {@link java.security.cert.X509Certificate#getExtendedKeyUsage()} lists it. */
    public String oid() {
        return id.getId();
    }
}
