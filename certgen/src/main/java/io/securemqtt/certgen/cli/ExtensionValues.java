package io.securemqtt.certgen.cli;

import io.securemqtt.certgen.CertgenException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * The values {@code certgen inspect} decodes from a certificate and from a CRL alike, as OpenSSL
 * prints them, and the one message for a file whose extension will not decode.
 */
final class ExtensionValues {

    private static final HexFormat FINGERPRINT = HexFormat.ofDelimiter(":").withUpperCase();

    /** Decodes what a report shows of one object; the checked failures of decoding an extension. */
    @FunctionalInterface
    interface Decoding<T> {
        T decode() throws GeneralSecurityException, IOException;
    }

    private ExtensionValues() {
    }

    /**
     * Runs the decoding; a malformed extension fails with a message naming the file and what it holds
     * ({@code "certificate"}, {@code "CRL"}).
     */
    static <T> T decode(String file, String holds, Decoding<T> decoding) {
        try {
            return decoding.decode();
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new CertgenException(file + " holds a " + holds + " with a malformed extension (" + e.getMessage()
                    + "): it is damaged, or not one certgen wrote", e);
        }
    }

    /** Of the DER encoding, colon-separated upper-case hex as OpenSSL prints it. */
    static String sha256(byte[] der) throws GeneralSecurityException {
        return FINGERPRINT.formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    /** The key identifier of an encoded authorityKeyIdentifier extension, or null. */
    static String authorityKeyIdentifier(byte[] extension) throws IOException {
        if (extension == null) {
            return null;
        }
        byte[] id = AuthorityKeyIdentifier.getInstance(parse(extension)).getKeyIdentifier();
        return id == null ? null : FINGERPRINT.formatHex(id); // it may name the issuer and serial instead
    }

    /** The key identifier of an encoded subjectKeyIdentifier extension, or null. */
    static String subjectKeyIdentifier(byte[] extension) throws IOException {
        return extension == null ? null
                : FINGERPRINT.formatHex(SubjectKeyIdentifier.getInstance(parse(extension)).getKeyIdentifier());
    }

    /** An extension's value as {@code getExtensionValue} returns it (an OCTET STRING), decoded. */
    static ASN1Primitive parse(byte[] extension) throws IOException {
        return JcaX509ExtensionUtils.parseExtensionValue(extension);
    }
}
