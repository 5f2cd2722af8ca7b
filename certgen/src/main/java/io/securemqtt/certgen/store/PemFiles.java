package io.securemqtt.certgen.store;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.x509.Pem;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Certificates, CRLs and private keys as PEM files, the format Mosquitto (OpenSSL) and the Java
 * clients read: certificates as {@code CERTIFICATE}, keys as unencrypted PKCS#8 {@code PRIVATE KEY}.
 *
 * <p>Reading goes through the x509 module's {@link Pem}, which knows PEM; this class words what
 * goes wrong. Every write goes through {@link AtomicFiles}, with the file's mode from {@link FileModes}.
 * Failures are {@link CertgenException}s naming the file.
 */
public final class PemFiles {

    /** What a file someone names to be shown or checked should hold, for messages. */
    public static final String EXPECTED_CERTIFICATE_OR_CRL = "expected a PEM certificate (-----BEGIN CERTIFICATE-----)"
            + " or CRL (-----BEGIN X509 CRL-----)";

    private PemFiles() {
    }

    public static X509Certificate readCertificate(Path file) {
        return readBlocks(file, "certificate").stream().map(block -> certificate(file, block)).flatMap(Optional::stream)
                .findFirst().orElseThrow(() -> new CertgenException(file
                        + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
    }

    /** Reads an unencrypted key, as PKCS#8 ({@code PRIVATE KEY}) or OpenSSL's older RSA/EC formats. */
    public static PrivateKey readPrivateKey(Path file) {
        for (Object block : readBlocks(file, "private key")) {
            Optional<PrivateKey> key;
            try {
                key = Pem.privateKey(block);
            } catch (IOException e) {
                throw new CertgenException(file + " holds an unreadable private key: " + e.getMessage(), e);
            }
            if (key.isPresent()) {
                return key.get();
            }
            if (Pem.isEncryptedKey(block)) {
                throw new CertgenException(file + " holds an encrypted private key: certgen needs it unencrypted");
            }
        }
        throw new CertgenException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    /** Reads a certificate revocation list ({@code X509 CRL}), as certgen writes to {@code crl.pem}. */
    public static X509CRL readCrl(Path file) {
        return readBlocks(file, "CRL").stream().map(block -> crl(file, block)).flatMap(Optional::stream)
                .findFirst().orElseThrow(() -> new CertgenException(file + " holds no PEM CRL (-----BEGIN X509 CRL-----)"));
    }

    /**
     * Every certificate ({@link X509Certificate}) and CRL ({@link X509CRL}) in a PEM file, in order,
     * for showing or checking any file someone names; fails, naming the file, if it is a directory,
     * missing, unreadable, not PEM, or holds private keys only (which certgen never shows).
     */
    public static List<Object> readCertificatesAndCrls(Path file) {
        if (Files.isDirectory(file)) {
            throw new CertgenException(file + " is a directory: give the files in it, e.g. " + file.resolve("*.crt")
                    + ", or check the whole PKI with certgen verify " + file);
        }
        List<Object> blocks = readNamed(file, EXPECTED_CERTIFICATE_OR_CRL);
        List<Object> found = new ArrayList<>();
        boolean privateKey = false;
        for (Object block : blocks) {
            certificate(file, block).ifPresent(found::add);
            crl(file, block).ifPresent(found::add);
            privateKey |= Pem.isPrivateKey(block);
        }
        if (privateKey && found.isEmpty()) {
            throw new CertgenException(file + " holds a private key, not a certificate or CRL (keys are secret:"
                    + " certgen never shows them); give the matching .crt file instead");
        }
        return found;
    }

    /**
     * Reads the one PKCS#10 certificate signing request ({@code CERTIFICATE REQUEST}) in a PEM file, as
     * {@code openssl req -new} writes it; fails, naming the file, if it is a directory, missing,
     * unreadable, larger than {@link Pem#MAX_FILE_SIZE}, not PEM, holds no request or more than one,
     * or holds a private key (which must never leave the device). Its signature is not checked here.
     */
    public static PKCS10CertificationRequest readCertificationRequest(Path file) {
        String expected = "expected a PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST-----),"
                + " as openssl req -new writes it";
        if (Files.isDirectory(file)) {
            throw new CertgenException(file + " is a directory: " + expected);
        }
        // Checked before reading: a CSR is a few kB, and a huge file is the wrong one.
        long size = sizeOf(file);
        if (size > Pem.MAX_FILE_SIZE) {
            throw new CertgenException(file + " is " + size + " bytes, larger than the " + Pem.MAX_FILE_SIZE
                    + " any PEM file may be: " + expected);
        }
        List<Object> blocks = readNamed(file, expected);
        if (blocks.stream().anyMatch(Pem::isPrivateKey)) {
            throw new CertgenException(file + " holds a private key: a certificate signing request carries the"
                    + " public key only, and the private key must never leave the device; give the .csr file alone");
        }
        List<PKCS10CertificationRequest> requests = blocks.stream()
                .filter(PKCS10CertificationRequest.class::isInstance).map(PKCS10CertificationRequest.class::cast).toList();
        if (requests.size() != 1) {
            throw new CertgenException(file + (requests.isEmpty() ? " holds no certificate signing request"
                    : " holds " + requests.size() + " certificate signing requests, not one") + ": " + expected
                    + (blocks.isEmpty() ? " (for a DER file, convert it first: openssl req -inform der -in " + file
                            + " -out " + file + ".pem)" : ""));
        }
        return requests.get(0);
    }

    /** Writes a certificate signing request ({@code CERTIFICATE REQUEST}): public, like a certificate. */
    public static void writeCertificationRequest(Path file, PKCS10CertificationRequest request) {
        AtomicFiles.write(file, pem(request), FileModes.CERTIFICATE);
    }

    public static void writeCrl(Path file, X509CRL crl) {
        AtomicFiles.write(file, pem(crl), FileModes.CERTIFICATE);
    }

    public static void writeCertificate(Path file, X509Certificate certificate) {
        AtomicFiles.write(file, pem(certificate), FileModes.CERTIFICATE);
    }

    public static void writePrivateKey(Path file, PrivateKey key) {
        try {
            AtomicFiles.write(file, pem(new JcaPKCS8Generator(key, null)), FileModes.KEY);
        } catch (IOException e) { // only from encoding the key, never from the file
            throw new CertgenException("cannot encode the " + key.getAlgorithm() + " key for " + file + " as PKCS#8", e);
        }
    }

    /** The blocks of a file someone named on the command line; a failure says what it should hold. */
    private static List<Object> readNamed(Path file, String expected) {
        try {
            return parse(file);
        } catch (NoSuchFileException e) {
            throw new CertgenException(file + " does not exist: " + expected, e);
        } catch (AccessDeniedException e) {
            throw new CertgenException(file + " is not readable by this user (Permission denied): run certgen as a"
                    + " user who may read it", e);
        } catch (IOException e) {
            throw new CertgenException(file + " is not a valid PEM file (" + e.getMessage() + "): " + expected, e);
        }
    }

    /** The file's size, or 0 if it cannot be told: reading it then says why. */
    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<Object> readBlocks(Path file, String what) {
        try {
            return parse(file);
        } catch (NoSuchFileException e) {
            throw new CertgenException(file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new CertgenException(file + " is not readable by this user (Permission denied): run certgen"
                    + " as the user who owns it, or fix its owner", e);
        } catch (IOException e) {
            throw new CertgenException(file + " is not a valid PEM " + what + " file (" + e.getMessage() + ")", e);
        }
    }

    private static List<Object> parse(Path file) throws IOException {
        // ISO-8859-1 maps every byte: a binary file is reported as "not PEM", not as a charset error.
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            return Pem.parse(reader);
        }
    }

    private static Optional<X509Certificate> certificate(Path file, Object block) {
        try {
            return Pem.certificate(block);
        } catch (CertificateException e) {
            throw new CertgenException(file + " holds an unreadable certificate: " + e.getMessage(), e);
        }
    }

    private static Optional<X509CRL> crl(Path file, Object block) {
        try {
            return Pem.crl(block);
        } catch (CRLException e) {
            throw new CertgenException(file + " holds an unreadable CRL: " + e.getMessage(), e);
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
}
