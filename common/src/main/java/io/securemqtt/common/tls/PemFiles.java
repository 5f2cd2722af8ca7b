package io.securemqtt.common.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;

import io.securemqtt.x509.Pem;

/**
 * Reads certificates and private keys from PEM files, turning every way that can go wrong into a
 * {@link TlsMaterialException} that names the file and the fix.
 *
 * <p>The x509 module's {@link Pem} parses the files; this class says, for each file, what is wrong
 * with it and what to do.
 */
public final class PemFiles {

    /** What a file is for, to say so in messages and point at the setting that names it. */
    enum Role {
        CA("CA certificate file"),
        CERTIFICATE("certificate file"),
        KEY("private key file");

        final String label;

        Role(String label) {
            this.label = label;
        }

        String setting(TlsFileNames names) {
            return switch (this) {
                case CA -> names.caFile();
                case CERTIFICATE -> names.certFile();
                case KEY -> names.keyFile();
            };
        }

        String describe(Path file, TlsFileNames names) {
            return label + " " + file + " (" + setting(names) + ")";
        }
    }

    private PemFiles() {
    }

    /**
     * The first certificate in {@code certFile}: ours, the one a TLS handshake presents.
     *
     * @throws TlsMaterialException naming the file, the setting and the fix if it holds none
     */
    public static X509Certificate certificate(Path certFile, TlsFileNames names) {
        return certificates(certFile, Role.CERTIFICATE, names).get(0);
    }

    static List<X509Certificate> certificates(Path file, Role role, TlsFileNames names) {
        List<X509Certificate> certificates = new ArrayList<>();
        boolean sawPrivateKey = false;
        for (Object object : pemObjects(file, role, names)) {
            try {
                Pem.certificate(object).ifPresent(certificates::add);
            } catch (CertificateException e) {
                throw new TlsMaterialException(file, role.describe(file, names) + " holds a certificate the JDK cannot load: " + e.getMessage(), e);
            }
            sawPrivateKey |= Pem.isPrivateKey(object);
        }
        if (certificates.isEmpty()) {
            String hint = sawPrivateKey
                    ? "it holds a private key: are " + names.certFile() + " and " + names.keyFile() + " swapped?"
                    : "expected a block starting with -----BEGIN CERTIFICATE-----";
            throw new TlsMaterialException(file, role.describe(file, names) + " contains no certificate; " + hint);
        }
        return List.copyOf(certificates);
    }

    static PrivateKey privateKey(Path file, TlsFileNames names) {
        Role role = Role.KEY;
        boolean sawCertificate = false;
        for (Object object : pemObjects(file, role, names)) {
            Optional<PrivateKey> key;
            try {
                key = Pem.privateKey(object);
            } catch (IOException e) {
                throw new TlsMaterialException(file, role.describe(file, names) + " holds a key the JDK cannot load ("
                        + e.getMessage() + "); use an unencrypted EC (P-256/P-384) or RSA key", e);
            }
            if (key.isPresent()) {
                return key.get();
            }
            if (Pem.isEncryptedKey(object)) {
                throw new TlsMaterialException(file, role.describe(file, names)
                        + " is encrypted with a passphrase, which is not supported (a service cannot type it in); "
                        + "decrypt it with 'openssl pkey -in " + file + " -out key.pem' and protect the file with permissions instead");
            }
            if (object instanceof X509CertificateHolder) {
                sawCertificate = true;
            }
            // Anything else is skipped.
        }
        String hint = sawCertificate
                ? "it holds a certificate: are " + names.certFile() + " and " + names.keyFile() + " swapped?"
                : "expected a block starting with -----BEGIN PRIVATE KEY----- (PKCS#8), "
                        + "-----BEGIN EC PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----";
        throw new TlsMaterialException(file, role.describe(file, names) + " contains no private key; " + hint);
    }

    /** Every PEM object in the file, in order; fails if the file cannot be read or holds no PEM at all. */
    private static List<Object> pemObjects(Path file, Role role, TlsFileNames names) {
        String text = readText(file, role, names);
        List<Object> objects;
        try {
            objects = Pem.parse(new StringReader(text));
        } catch (IOException e) {
            // Bad Base64 or DER inside a PEM block.
            throw new TlsMaterialException(file, role.describe(file, names) + " is not a valid PEM file: "
                    + e.getMessage() + "; expected the text file with -----BEGIN ...----- blocks", e);
        }
        if (objects.isEmpty()) {
            throw new TlsMaterialException(file, role.describe(file, names)
                    + " contains no PEM data; expected a text file with -----BEGIN ...----- blocks (DER or PKCS#12 files are not supported)");
        }
        return objects;
    }

    private static String readText(Path file, Role role, TlsFileNames names) {
        if (Files.isDirectory(file)) {
            throw new TlsMaterialException(file, role.describe(file, names)
                    + " is a directory; point " + role.setting(names) + " at the PEM file itself");
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new TlsMaterialException(file, role.describe(file, names) + " is empty; regenerate it or fix the mount");
            }
            if (size > Pem.MAX_FILE_SIZE) {
                throw new TlsMaterialException(file, role.describe(file, names) + " is " + size + " bytes, too large for a PEM file; is it the right file?");
            }
            // ISO-8859-1 maps every byte, so a binary file fails as "no PEM data" rather than as a decoding error.
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            Path parent = file.toAbsolutePath().getParent();
            String where = parent != null && !Files.isDirectory(parent)
                    ? " (neither does its directory " + parent + ": is the certificates volume mounted?)"
                    : "";
            throw new TlsMaterialException(file, role.describe(file, names) + " does not exist" + where
                    + "; check " + role.setting(names) + " or generate the certificates with certgen", e);
        } catch (AccessDeniedException e) {
            throw new TlsMaterialException(file, role.describe(file, names) + " is not readable by " + FileAccess.currentUser()
                    + "; the file is " + FileAccess.describeOwnership(file)
                    + ". Make it readable by that user (chown, or a group it belongs to with mode 0640)", e);
        } catch (IOException e) {
            throw new TlsMaterialException(file, role.describe(file, names) + " cannot be read: " + e, e);
        }
    }
}
