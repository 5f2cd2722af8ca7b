package io.securemqtt.certgen.pki;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.certgen.store.FileErrors;
import io.securemqtt.certgen.store.PemFiles;
import io.securemqtt.x509.Certificates;
import io.securemqtt.x509.UtcDates;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;

/**
 * The revoked certificates of a PKI directory and the CRL that lists them.
 *
 * <p>The {@link Ledger} says what is revoked: {@code revoke NAME} records there every certificate
 * the CA issued to NAME that has not expired, the one in {@code NAME.crt} and any it replaced, and
 * {@code crl.pem} lists every serial the ledger records as revoked. {@code crl.pem} is derived from
 * the ledger on every run and kept byte for byte while it lists the same serials and is not due.
 * A copy of each revoked {@code NAME.crt} also goes to {@code revoked/}, named
 * {@code NAME-SERIAL.crt}, for people to look at; deleting it revokes nothing back.
 */
final class RevocationList {

    private final PkiDirectory directory;
    private final Ledger ledger;

    RevocationList(PkiDirectory directory, Ledger ledger) {
        this.directory = directory;
        this.ledger = ledger;
    }

    /** The revoked certificates' file in {@code revoked/}, for an identity with a given serial. */
    Path copyOf(String stem, BigInteger serial) {
        return directory.revokedDirectory().resolve(stem + "-" + Certificates.serial(serial) + ".crt");
    }

    /**
     * Records in the ledger what the directory shows but the ledger lacks: the certificates in place,
     * the revoked ones in {@code revoked/}, and the number of {@code crl.pem}. A PKI made by a
     * certgen without a ledger gets one this way; afterwards it only finds certificates made by
     * other tools (or by tests) with this CA.
     *
     * @return what was recorded, as a line for certgen's output, if anything was
     */
    Optional<String> reconcile(CertificateAuthority ca, Instant now) {
        String fingerprint = Ledger.fingerprint(ca);
        List<Ledger.Event> events = ofCa(ledger.read(), fingerprint);
        Set<BigInteger> issued = new HashSet<>();
        Set<BigInteger> revoked = new HashSet<>();
        for (Ledger.Event event : events) {
            if (event instanceof Ledger.Issued record) {
                issued.add(record.serial());
            } else if (event instanceof Ledger.Revoked record) {
                revoked.add(record.serial());
            }
        }
        List<Ledger.Event> found = new ArrayList<>();
        List<String> stems = new ArrayList<>(List.of(PkiDirectory.SERVER));
        directory.clientsOnDisk().forEach(client -> stems.add(client.name()));
        for (String stem : stems) {
            readIfIssuedBy(directory.certificate(stem), ca).ifPresent(certificate -> {
                if (issued.add(certificate.getSerialNumber())) {
                    found.add(Ledger.Issued.of(stem, certificate, ca, now));
                }
            });
        }
        Optional<X509CRL> crl = currentCrl(ca);
        Map<BigInteger, Instant> datesOnCrl = datesOn(crl);
        revokedCopies().forEach((file, certificate) -> {
            if (!ca.issued(certificate)) {
                return; // a certificate of an earlier CA is not this CA's to list
            }
            BigInteger serial = certificate.getSerialNumber();
            if (issued.add(serial)) {
                found.add(Ledger.Issued.of(stemOf(file), certificate, ca, now));
            }
            if (revoked.add(serial)) {
                found.add(new Ledger.Revoked(datesOnCrl.getOrDefault(serial, modified(file)), fingerprint,
                        stemOf(file), serial));
            }
        });
        BigInteger number = crl.map(RevocationList::crlNumber).orElse(BigInteger.ZERO);
        boolean newNumber = number.compareTo(lastCrlNumber(events)) > 0;
        if (newNumber) {
            found.add(new Ledger.CrlIssued(now, fingerprint, number));
        }
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ledger.append(found);
        long certificates = found.stream().filter(Ledger.Issued.class::isInstance).count();
        long revocations = found.stream().filter(Ledger.Revoked.class::isInstance).count();
        List<String> parts = new ArrayList<>();
        if (certificates > 0) {
            parts.add(certificates + " certificate" + (certificates == 1 ? "" : "s"));
        }
        if (revocations > 0) {
            parts.add(revocations + " revocation" + (revocations == 1 ? "" : "s"));
        }
        if (newNumber) {
            parts.add("CRL number " + number);
        }
        return Optional.of("recorded " + String.join(", ", parts) + " in " + Ledger.FILE_NAME
                + " (found in the directory, not yet in the ledger)");
    }

    /** When the identity was last revoked, if it ever was, by the ledger. */
    Optional<Instant> revocationOf(Identity identity) {
        return ledger.read().stream()
                .filter(event -> event instanceof Ledger.Revoked record && record.name().equals(identity.name()))
                .map(Ledger.Event::at)
                .max(Instant::compareTo);
    }

    /** What one {@link #revoke} did. */
    record Revocation(Optional<X509Certificate> inPlace, List<Ledger.Issued> revoked) {
        boolean nothing() {
            return inPlace.isEmpty() && revoked.isEmpty();
        }
    }

    /**
     * Revokes every certificate issued to the identity that has not expired: the ledger records
     * them first; then {@code NAME.crt} goes to {@code revoked/}, and its key, client id suffix and
     * key store are removed, so that nothing can use them by mistake.
     */
    Revocation revoke(Identity identity, CertificateAuthority ca, Instant now) {
        String name = identity.name();
        String fingerprint = Ledger.fingerprint(ca);
        Path file = directory.certificate(name);
        Optional<X509Certificate> inPlace = Optional.empty();
        if (!Files.notExists(file)) {
            X509Certificate certificate = PemFiles.readCertificate(file);
            if (!ca.issued(certificate)) {
                throw new CertgenException(file + " was not issued by the CA in " + directory.caCertificate()
                        + ", so no CRL of that CA can revoke it: delete the file instead");
            }
            inPlace = Optional.of(certificate);
        }
        List<Ledger.Event> events = ofCa(ledger.read(), fingerprint);
        Set<BigInteger> revoked = new HashSet<>();
        events.stream().filter(Ledger.Revoked.class::isInstance)
                .forEach(event -> revoked.add(((Ledger.Revoked) event).serial()));
        Map<BigInteger, Ledger.Issued> targets = new TreeMap<>();
        events.stream().filter(event -> event instanceof Ledger.Issued record && record.name().equals(name)
                        && record.notAfter().isAfter(now) && !revoked.contains(record.serial()))
                .forEach(event -> targets.put(((Ledger.Issued) event).serial(), (Ledger.Issued) event));
        inPlace.filter(certificate -> !revoked.contains(certificate.getSerialNumber()))
                .ifPresent(certificate -> targets.putIfAbsent(certificate.getSerialNumber(),
                        Ledger.Issued.of(name, certificate, ca, now)));
        // The record first: if certgen stops after it, the next run still lists the serials on the CRL.
        ledger.append(targets.values().stream().map(issued -> new Ledger.Revoked(now, fingerprint, name, issued.serial()))
                .toList());
        if (inPlace.isPresent()) {
            keepCopy(name, inPlace.get());
            removeFilesOf(name);
        }
        return new Revocation(inPlace, List.copyOf(targets.values()));
    }

    private void keepCopy(String name, X509Certificate certificate) {
        try {
            Files.createDirectories(directory.revokedDirectory());
        } catch (IOException e) {
            throw new CertgenException("cannot create " + directory.revokedDirectory() + " (" + FileErrors.reason(e) + ")", e);
        }
        PemFiles.writeCertificate(copyOf(name, certificate.getSerialNumber()), certificate);
    }

    private void removeFilesOf(String name) {
        // The client id suffix too: whoever holds the revoked key may have read it.
        for (Path gone : List.of(directory.key(name), directory.signingRequest(name), directory.clientIdSuffix(name),
                directory.certificate(name), directory.pkcs12(name), directory.pkcs12Password(name))) {
            try {
                Files.deleteIfExists(gone);
            } catch (IOException e) {
                throw new CertgenException("cannot delete " + gone + " (" + FileErrors.reason(e) + "): delete it by hand;"
                        + " its certificate is revoked already", e);
            }
        }
    }

    /**
     * Writes {@code crl.pem} unless the one there is signed by the CA, lists exactly the serials the
     * ledger records as revoked and stays valid for longer than {@code margin}.
     */
    void refresh(CertificateAuthority ca, Instant now, Duration validity, Duration margin, java.io.PrintStream out) {
        String fingerprint = Ledger.fingerprint(ca);
        List<Ledger.Event> events = ofCa(ledger.read(), fingerprint);
        // The dates of the CRL in place, if it is ours, win: they are what relying parties saw.
        Map<BigInteger, Instant> datesOnCrl = datesOn(currentCrl(ca));
        Map<BigInteger, Instant> wanted = new TreeMap<>();
        for (Ledger.Event event : events) {
            if (event instanceof Ledger.Revoked record) {
                wanted.putIfAbsent(record.serial(), datesOnCrl.getOrDefault(record.serial(), record.at()));
            }
        }

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
        // Numbers only go up: from the ledger's last, or the CRL in place if that is higher.
        BigInteger last = lastCrlNumber(events);
        if (existing != null && signedBy(existing, ca) && crlNumber(existing).compareTo(last) > 0) {
            last = crlNumber(existing);
        }
        BigInteger number = last.add(BigInteger.ONE);
        Instant nextUpdate = now.plus(validity);
        if (nextUpdate.isAfter(ca.notAfter())) {
            nextUpdate = ca.notAfter();
        }
        X509CRL crl = ca.issueCrl(number, wanted, now.minus(CertificateAuthority.CLOCK_SKEW), nextUpdate);
        ledger.append(List.of(new Ledger.CrlIssued(now, fingerprint, number)));
        PemFiles.writeCrl(file, crl);
        out.println(existing == null && reason == null ? "created crl.pem (" + describe(crl) + ")"
                : "refreshed crl.pem: " + reason + " (" + describe(crl) + ")");
    }

    private static List<Ledger.Event> ofCa(List<Ledger.Event> events, String fingerprint) {
        return events.stream().filter(event -> event.ca().equals(fingerprint)).toList();
    }

    private static BigInteger lastCrlNumber(List<Ledger.Event> events) {
        return events.stream().filter(Ledger.CrlIssued.class::isInstance)
                .map(event -> ((Ledger.CrlIssued) event).number()).max(BigInteger::compareTo).orElse(BigInteger.ZERO);
    }

    private static Optional<X509Certificate> readIfIssuedBy(Path file, CertificateAuthority ca) {
        if (Files.notExists(file)) {
            return Optional.empty();
        }
        try {
            X509Certificate certificate = PemFiles.readCertificate(file);
            return ca.issued(certificate) ? Optional.of(certificate) : Optional.empty();
        } catch (CertgenException unreadable) { // the renewal replaces it, and records the new one
            return Optional.empty();
        }
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
                    + UtcDates.time(nextUpdate) + ", within the renewal window of " + RenewalPolicy.describe(margin);
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
                + (count == 1 ? "" : "s") + ", next update " + UtcDates.time(crl.getNextUpdate().toInstant());
    }

    static BigInteger crlNumber(X509CRL crl) {
        byte[] extension = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (extension == null) {
            return BigInteger.ZERO;
        }
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getValue();
    }

    /** The {@code crl.pem} in place, if it is readable and signed by the CA. */
    private Optional<X509CRL> currentCrl(CertificateAuthority ca) {
        if (Files.notExists(directory.crl())) {
            return Optional.empty();
        }
        try {
            X509CRL crl = PemFiles.readCrl(directory.crl());
            return signedBy(crl, ca) ? Optional.of(crl) : Optional.empty();
        } catch (CertgenException missingOrDamaged) {
            return Optional.empty(); // then it is rewritten from the ledger
        }
    }

    private static Map<BigInteger, Instant> datesOn(Optional<X509CRL> crl) {
        Map<BigInteger, Instant> dates = new HashMap<>();
        crl.map(X509CRL::getRevokedCertificates).ifPresent(entries -> entries.forEach(entry ->
                dates.put(entry.getSerialNumber(), entry.getRevocationDate().toInstant())));
        return dates;
    }

    private Map<Path, X509Certificate> revokedCopies() {
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
            throw new CertgenException("cannot list " + revoked + " (" + FileErrors.reason(e) + ")", e);
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
