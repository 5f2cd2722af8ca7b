package io.securemqtt.certgen.store;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Certificates and private keys as PEM files, the format Mosquitto (OpenSSL) and the Java clients
 * read: certificates as {@code CERTIFICATE}, keys as unencrypted PKCS#8 {@code PRIVATE KEY}.
 *
 * <p>Every write is atomic: the content goes to a temporary file in the same directory, which
 * already has its final mode, and is then renamed over the target. A reader (or a crash) never
 * sees a half-written file, and a key is never readable by others, not even for a moment.
 * Failures are {@link CertgenException}s naming the file.
 */
public final class PemFiles {

    /** Private keys: readable by their owner only. */
    public static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");
    /** Certificates are public. */
    public static final Set<PosixFilePermission> CERTIFICATE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private PemFiles() {
    }

    public static X509Certificate readCertificate(Path file) {
        for (Object object : readPemObjects(file, "certificate")) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    return new JcaX509CertificateConverter().getCertificate(holder);
                } catch (CertificateException e) {
                    throw new CertgenException(file + " holds an unreadable certificate: " + e.getMessage(), e);
                }
            }
        }
        throw new CertgenException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    /** Reads an unencrypted key, as PKCS#8 ({@code PRIVATE KEY}) or OpenSSL's older RSA/EC formats. */
    public static PrivateKey readPrivateKey(Path file) {
        var converter = new JcaPEMKeyConverter(); // no provider set: the JDK's own key factories
        for (Object object : readPemObjects(file, "private key")) {
            try {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            } catch (IOException e) {
                throw new CertgenException(file + " holds an unreadable private key: " + e.getMessage(), e);
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                throw new CertgenException(file + " holds an encrypted private key: certgen needs it unencrypted");
            }
        }
        throw new CertgenException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    /** Reads a certificate revocation list ({@code X509 CRL}), as certgen writes to {@code crl.pem}. */
    public static X509CRL readCrl(Path file) {
        for (Object object : readPemObjects(file, "CRL")) {
            if (object instanceof X509CRLHolder holder) {
                try {
                    return new JcaX509CRLConverter().getCRL(holder);
                } catch (CRLException e) {
                    throw new CertgenException(file + " holds an unreadable CRL: " + e.getMessage(), e);
                }
            }
        }
        throw new CertgenException(file + " holds no PEM CRL (-----BEGIN X509 CRL-----)");
    }

    public static void writeCrl(Path file, X509CRL crl) {
        writeAtomically(file, pem(crl), CERTIFICATE_MODE);
    }

    public static void writeCertificate(Path file, X509Certificate certificate) {
        writeAtomically(file, pem(certificate), CERTIFICATE_MODE);
    }

    public static void writePrivateKey(Path file, PrivateKey key) {
        try {
            writeAtomically(file, pem(new JcaPKCS8Generator(key, null)), KEY_MODE);
        } catch (IOException e) { // only from encoding the key, never from the file
            throw new CertgenException("cannot encode the " + key.getAlgorithm() + " key for " + file + " as PKCS#8", e);
        }
    }

    static void writeAtomically(Path file, byte[] content, Set<PosixFilePermission> mode) {
        Path directory = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(mode));
            Files.setPosixFilePermissions(temp, mode); // the umask may have removed bits at creation
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true); // on disk before the rename publishes it: no empty file after a crash
            }
            Files.move(temp, file, ATOMIC_MOVE, REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new CertgenException("cannot write " + file + " (" + reason(e) + "): " + directory
                    + " must be a writable directory on a local file system", e);
        }
    }

    /** The operating system's reason for a failed file operation, e.g. "Permission denied". */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static List<Object> readPemObjects(Path file, String what) {
        // ISO-8859-1 maps every byte: a binary file is reported as "not PEM", not as a charset error.
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
                PEMParser parser = new PEMParser(reader)) {
            List<Object> objects = new ArrayList<>();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
            return objects;
        } catch (NoSuchFileException e) {
            throw new CertgenException(file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new CertgenException(file + " is not readable by this user (Permission denied): run certgen"
                    + " as the user who owns it, or fix its owner", e);
        } catch (IOException | RuntimeException e) { // BouncyCastle reports bad base64 or DER unchecked
            throw new CertgenException(file + " is not a valid PEM " + what + " file (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new CertgenException("cannot encode " + object.getClass().getSimpleName() + " as PEM", e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The write already failed; that error is the one to report.
            }
        }
    }
}
