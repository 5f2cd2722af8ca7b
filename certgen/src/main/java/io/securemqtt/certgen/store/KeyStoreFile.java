package io.securemqtt.certgen.store;

import io.securemqtt.certgen.CertgenException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * A PKCS#12 key store for Java programs that would rather load a key store than PEM files: it holds
 * an identity's key with its certificate chain (under the identity's alias) and the CA as a trusted
 * certificate (alias {@code ca}), so one file serves as key store and trust store. Its password is
 * random and sits in its own file, readable by the owner only, as the key is.
 *
 * <p>A key store is rewritten only when it no longer holds the identity's current certificate, so
 * that reruns leave it byte for byte alone.
 *
 * @param file the key store, e.g. {@code NAME.p12}
 * @param passwordFile its password, e.g. {@code NAME.p12.pass}
 */
public record KeyStoreFile(Path file, Path passwordFile) {

    public static final String TYPE = "PKCS12";
    public static final String CA_ALIAS = "ca";

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Writes the key store unless it already holds this certificate and CA.
     *
     * @param certificateName the certificate's file name, for the reason to rewrite
     * @return what was done, as a line for certgen's output
     */
    public String ensure(String alias, PrivateKey key, X509Certificate certificate, String certificateName,
            X509Certificate ca) {
        char[] password = Files.exists(passwordFile) ? readPassword() : null;
        String why = null; // stays null for a first write
        if (Files.exists(file)) {
            why = password == null ? "its password file is missing or empty"
                    : reasonToRewrite(password, alias, certificate, certificateName, ca);
            if (why == null) {
                return "kept " + file.getFileName();
            }
        }
        if (password == null) {
            byte[] random = new byte[24];
            RANDOM.nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
            AtomicFiles.write(passwordFile, (new String(password) + "\n").getBytes(StandardCharsets.US_ASCII),
                    FileModes.KEY);
        }
        AtomicFiles.write(file, keyStore(alias, key, certificate, ca, password), FileModes.KEY);
        return (why == null ? "wrote " : "rewrote ") + file.getFileName() + (why == null ? "" : ": " + why)
                + " (password in " + passwordFile.getFileName() + ")";
    }

    private String reasonToRewrite(char[] password, String alias, X509Certificate certificate, String certificateName,
            X509Certificate ca) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(in, password);
            Certificate held = store.getCertificate(alias);
            if (held == null || !held.equals(certificate)) {
                return "it does not hold the current " + certificateName;
            }
            if (!ca.equals(store.getCertificate(CA_ALIAS))) {
                return "it does not hold the current ca.crt";
            }
            return null;
        } catch (IOException | GeneralSecurityException e) {
            return "it cannot be opened with the password in " + passwordFile.getFileName() + " (" + e.getMessage() + ")";
        }
    }

    private char[] readPassword() {
        try {
            String text = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? null : text.toCharArray();
        } catch (IOException e) {
            throw new CertgenException("cannot read " + passwordFile + " (" + FileErrors.reason(e) + ")", e);
        }
    }

    private static byte[] keyStore(String alias, PrivateKey key, X509Certificate certificate, X509Certificate ca,
            char[] password) {
        try {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(null, null);
            store.setKeyEntry(alias, key, password, new Certificate[] {certificate, ca});
            store.setCertificateEntry(CA_ALIAS, ca);
            var bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            return bytes.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new CertgenException("cannot build the PKCS#12 key store for " + alias + ": " + e.getMessage(), e);
        }
    }
}
