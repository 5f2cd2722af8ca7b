package io.securemqtt.certgen;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;

/**
 * The revoked certificates of a PKI directory and the CRL that lists them.
 *
 * <p>What is revoked is recorded as a copy of each revoked certificate in {@code revoked/}, named
 * {@code NAME-SERIAL.crt}: it says which identity was revoked (so that a later run does not quietly
 * issue it a new certificate) and which serial number the CRL must list. {@code crl.pem} is derived
 * from it on every run and kept byte for byte while it lists the same serials and is not due.
 */
final class RevocationList {

    private final PkiDirectory directory;

    RevocationList(PkiDirectory directory) {
        this.directory = directory;
    }

    /** The revoked certificates' file in {@code revoked/}, for an identity with a given serial. */
    Path copyOf(String stem, BigInteger serial) {
        return directory.revokedDirectory().resolve(stem + "-" + CertificateReport.serial(serial) + ".crt");
    }

    /** When the identity was last revoked, if it ever was (by the date of its copy in {@code revoked/}). */
    Optional<Instant> revocationOf(Identity identity) {
        Map<BigInteger, Instant> dates = datesOnCrl();
        return revokedCertificates().entrySet().stream()
                .filter(entry -> stemOf(entry.getKey()).equals(identity.name()))
                .map(entry -> dates.getOrDefault(entry.getValue().getSerialNumber(), modified(entry.getKey())))
                .max(Instant::compareTo);
    }

    /**
     * Revokes {@code NAME.crt}: keeps a copy in {@code revoked/} and removes the certificate, its key,
     * its client id suffix and its key store, so that nothing can use it by mistake.
     *
     * @return the revoked certificate
     */
    X509Certificate revoke(Identity identity, CertificateAuthority ca) {
        Path file = directory.certificate(identity.name());
        X509Certificate certificate = PemFiles.readCertificate(file);
        if (!ca.issued(certificate)) {
            throw new CertgenException(file + " was not issued by the CA in " + directory.caCertificate()
                    + ", so no CRL of that CA can revoke it: delete the file instead");
        }
        try {
            Files.createDirectories(directory.revokedDirectory());
        } catch (IOException e) {
            throw new CertgenException("cannot create " + directory.revokedDirectory() + " (" + PemFiles.reason(e) + ")", e);
        }
        // The record first: if certgen stops after it, the next run still lists the serial on the CRL.
        PemFiles.writeCertificate(copyOf(identity.name(), certificate.getSerialNumber()), certificate);
        // The client id suffix too: whoever holds the revoked key may have read it.
        for (Path gone : List.of(directory.key(identity.name()), directory.clientIdSuffix(identity.name()), file,
                directory.pkcs12(identity.name()), directory.pkcs12Password(identity.name()))) {
            try {
                Files.deleteIfExists(gone);
            } catch (IOException e) {
                throw new CertgenException("cannot delete " + gone + " (" + PemFiles.reason(e) + "): delete it by hand;"
                        + " its certificate is revoked already", e);
            }
        }
        return certificate;
    }

    /**
     * Writes {@code crl.pem} unless the one there is signed by the CA, lists exactly the revoked
     * serials and stays valid for longer than {@code margin}.
     */
    void refresh(CertificateAuthority ca, Instant now, Duration validity, Duration margin, java.io.PrintStream out) {
        Map<BigInteger, Instant> wanted = new TreeMap<>();
        Map<BigInteger, Instant> datesOnCrl = datesOnCrl();
        revokedCertificates().forEach((file, certificate) -> {
            if (ca.issued(certificate)) { // a certificate of an earlier CA is not this CA's to list
                BigInteger serial = certificate.getSerialNumber();
                wanted.put(serial, datesOnCrl.getOrDefault(serial, now));
            }
        });

        Path file = directory.crl();
        X509CRL existing = null;
        String reason = null;
        if (Files.exists(file)) {
            try {
                existing = PemFiles.readCrl(file);
                reason = reasonToReplace(existing, ca, wanted, now, margin);
            } catch (CertgenException e) {
                reason = e.getMessage();
            }
            if (reason == null) {
                out.println("kept crl.pem (" + describe(existing) + ")");
                return;
            }
        }
        // Numbers go up from the CRL they replace; one not signed by this CA does not count.
        BigInteger number = existing != null && signedBy(existing, ca) ? crlNumber(existing).add(BigInteger.ONE)
                : BigInteger.ONE;
        Instant nextUpdate = now.plus(validity);
        if (nextUpdate.isAfter(ca.notAfter())) {
            nextUpdate = ca.notAfter();
        }
        X509CRL crl = ca.issueCrl(number, wanted, now.minus(CertificateAuthority.CLOCK_SKEW), nextUpdate);
        PemFiles.writeCrl(file, crl);
        out.println(existing == null && reason == null ? "created crl.pem (" + describe(crl) + ")"
                : "refreshed crl.pem: " + reason + " (" + describe(crl) + ")");
    }

    private static String reasonToReplace(X509CRL crl, CertificateAuthority ca, Map<BigInteger, Instant> wanted,
            Instant now, Duration margin) {
        if (!signedBy(crl, ca)) {
            return "it is not signed by the CA in ca.crt";
        }
        Map<BigInteger, Instant> listed = new HashMap<>();
        if (crl.getRevokedCertificates() != null) {
            for (X509CRLEntry entry : crl.getRevokedCertificates()) {
                listed.put(entry.getSerialNumber(), entry.getRevocationDate().toInstant());
            }
        }
        if (!listed.keySet().equals(wanted.keySet())) {
            int added = (int) wanted.keySet().stream().filter(serial -> !listed.containsKey(serial)).count();
            int removed = (int) listed.keySet().stream().filter(serial -> !wanted.containsKey(serial)).count();
            return added + " revoked certificate" + (added == 1 ? "" : "s") + " added, " + removed + " removed";
        }
        Instant nextUpdate = crl.getNextUpdate() == null ? Instant.MIN : crl.getNextUpdate().toInstant();
        if (nextUpdate.isBefore(now.plus(margin))) {
            return (nextUpdate.isAfter(now) ? "its next update is due on " : "it expired on ")
                    + RenewalPolicy.date(nextUpdate) + ", within the renewal window of " + RenewalPolicy.describe(margin);
        }
        return null;
    }

    private static boolean signedBy(X509CRL crl, CertificateAuthority ca) {
        try {
            crl.verify(ca.certificate().getPublicKey());
            return crl.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String describe(X509CRL crl) {
        int count = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
        return "CRL number " + crlNumber(crl) + ", " + (count == 0 ? "no" : count) + " revoked certificate"
                + (count == 1 ? "" : "s") + ", next update " + RenewalPolicy.date(crl.getNextUpdate().toInstant());
    }

    static BigInteger crlNumber(X509CRL crl) {
        byte[] extension = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (extension == null) {
            return BigInteger.ZERO;
        }
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getValue();
    }

    /** The revocation dates the current {@code crl.pem} gives, so that a refresh keeps them. */
    private Map<BigInteger, Instant> datesOnCrl() {
        Map<BigInteger, Instant> dates = new HashMap<>();
        try {
            X509CRL crl = PemFiles.readCrl(directory.crl());
            if (crl.getRevokedCertificates() != null) {
                crl.getRevokedCertificates().forEach(entry ->
                        dates.put(entry.getSerialNumber(), entry.getRevocationDate().toInstant()));
            }
        } catch (CertgenException missingOrDamaged) {
            // Then revocations date from now: the CRL is still right about what is revoked.
        }
        return dates;
    }

    private Map<Path, X509Certificate> revokedCertificates() {
        Path revoked = directory.revokedDirectory();
        Map<Path, X509Certificate> certificates = new TreeMap<>();
        if (!Files.isDirectory(revoked)) {
            return certificates;
        }
        try (var files = Files.list(revoked)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".crt")).toList()) {
                certificates.put(file, PemFiles.readCertificate(file));
            }
        } catch (IOException e) {
            throw new CertgenException("cannot list " + revoked + " (" + PemFiles.reason(e) + ")", e);
        }
        return certificates;
    }

    private static String stemOf(Path copy) {
        String name = copy.getFileName().toString();
        return name.substring(0, name.lastIndexOf('-'));
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
