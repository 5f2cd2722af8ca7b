package io.securemqtt.certgen.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Optional;

/**
 * PKCS#12 key stores for Java programs that would rather load a key store than PEM files:
 * {@code NAME.p12} holds the identity's key with its certificate chain (alias NAME) and the CA as a
 * trusted certificate (alias {@code ca}), so one file serves as key store and trust store. Its
 * password is random and sits in {@code NAME.p12.pass}, readable by the owner only, as the key is.
 *
 * <p>A key store is rewritten only when it no longer holds the identity's current certificate, so
 * that reruns leave it byte for byte alone.
 */
final class KeyStoreFiles {

    static final String TYPE = "PKCS12";
    static final String CA_ALIAS = "ca";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PkiDirectory directory;

    KeyStoreFiles(PkiDirectory directory) {
        this.directory = directory;
    }

    /**
     * Writes {@code STEM.p12} unless it already holds {@code STEM.crt}.
     *
     * @return what was done, as a line for certgen's output
     */
    Optional<String> ensure(String stem, CertificateAuthority ca) {
        Path file = directory.pkcs12(stem);
        Path passwordFile = directory.pkcs12Password(stem);
        IssuedCertificate identity = directory.load(stem);
        char[] password = Files.exists(passwordFile) ? readPassword(passwordFile) : null;
        String why = null; // stays null for a first write
        if (Files.exists(file)) {
            why = password == null ? "its password file is missing or empty"
                    : reasonToRewrite(file, password, stem, identity, ca);
            if (why == null) {
                return Optional.of("kept " + directory.name(file));
            }
        }
        if (password == null) {
            byte[] random = new byte[24];
            RANDOM.nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
            PemFiles.writeAtomically(passwordFile, (new String(password) + "\n").getBytes(StandardCharsets.US_ASCII),
                    PemFiles.KEY_MODE);
        }
        PemFiles.writeAtomically(file, keyStore(stem, identity, ca, password), PemFiles.KEY_MODE);
        return Optional.of((why == null ? "wrote " : "rewrote ") + directory.name(file) + (why == null ? "" : ": " + why)
                + " (password in " + directory.name(passwordFile) + ")");
    }

    private static String reasonToRewrite(Path file, char[] password, String stem, IssuedCertificate identity,
            CertificateAuthority ca) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(in, password);
            Certificate held = store.getCertificate(stem);
            if (held == null || !held.equals(identity.certificate())) {
                return "it does not hold the current " + stem + ".crt";
            }
            if (!ca.certificate().equals(store.getCertificate(CA_ALIAS))) {
                return "it does not hold the current ca.crt";
            }
            return null;
        } catch (IOException | GeneralSecurityException e) {
            return "it cannot be opened with the password in " + stem + ".p12.pass (" + e.getMessage() + ")";
        }
    }

    private static char[] readPassword(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? null : text.toCharArray();
        } catch (IOException e) {
            throw new CertgenException("cannot read " + file + " (" + PemFiles.reason(e) + ")", e);
        }
    }

    private static byte[] keyStore(String stem, IssuedCertificate identity, CertificateAuthority ca, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance(TYPE);
            store.load(null, null);
            store.setKeyEntry(stem, identity.privateKey(), password,
                    new Certificate[] {identity.certificate(), ca.certificate()});
            store.setCertificateEntry(CA_ALIAS, ca.certificate());
            var bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            return bytes.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new CertgenException("cannot build the PKCS#12 key store for " + stem + ": " + e.getMessage(), e);
        }
    }
}
