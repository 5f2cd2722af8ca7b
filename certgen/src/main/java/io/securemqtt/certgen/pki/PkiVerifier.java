package io.securemqtt.certgen.pki;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.certgen.store.FileErrors;
import io.securemqtt.certgen.store.PemFiles;
import io.securemqtt.x509.Certificates;
import io.securemqtt.x509.UtcDates;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a PKI directory as {@link PkiDirectory} lays it out, the way the broker and the clients
 * will use it: the CA certificate is a valid self-signed CA (and {@code private/ca.key}, where this
 * machine has it, is its key); every other {@code NAME.crt} directly in the directory was signed by
 * it, is valid now, has its key in {@code NAME.key} (or, for a device that holds its own key, the
 * request it was signed from in {@code NAME.csr}) and the extended key usage of its role
 * ({@code server.crt} serverAuth, the rest clientAuth), and is not on {@code crl.pem}; the CRL, if
 * there is one, was signed by the CA and is not out of date (the broker would then refuse every
 * client), and lists every certificate {@code ledger.tsv} records as revoked; a client's
 * {@code NAME.clientid}, if there, holds a suffix as certgen writes it. {@code revoked/} and the
 * PKCS#12 files are not looked at.
 *
 * <p>Each finding names the file and, for a problem, says what to do.
 */
public final class PkiVerifier {

    /** Within this, a certificate or the CRL that is still fine gets a note. */
    public static final Duration NOTE_WITHIN = Duration.ofDays(30);

    public enum Kind { OK, NOTE, PROBLEM }

    /** One line of the report, about one file (named relative to the directory). */
    public record Finding(Kind kind, String file, String text) {
        public String line() {
            return switch (kind) {
                case OK -> "ok  " + file + " (" + text + ")";
                case NOTE -> "note: " + file + ": " + text;
                case PROBLEM -> "PROBLEM: " + file + ": " + text;
            };
        }
    }

    /**
     * When certgen, run again, renews a file: a certificate certgen issued from its renewal window
     * on, crl.pem from its refresh margin on (see {@link RenewalSchedule}).
     *
     * @param file named relative to the directory
     * @param from from when certgen renews it
     * @param end when the certificate expires, or the CRL's next update
     * @param window how long before {@code end} that is
     */
    public record Renewal(String file, Instant from, Instant end, Duration window) {

        public boolean crl() {
            return file.endsWith(".pem");
        }

        /** E.g. "renew server.crt from 2027-11-01 12:00:00 UTC (in 334 days; expires ..., window 30 days)". */
        public String line(Instant now) {
            return (crl() ? "refresh " : "renew ") + file + " from " + UtcDates.time(from) + " (" + Expiry.relative(now, from)
                    + "; " + (crl() ? "next update " : "expires ") + UtcDates.time(end) + ", window "
                    + RenewalPolicy.describe(window) + ")";
        }
    }

    /**
     * @param certificates how many certificate files were checked, ca.crt included
     * @param crl whether there is a crl.pem
     * @param renewals when certgen renews each certificate it issued, and the CRL
     */
    public record Result(List<Finding> findings, int certificates, boolean crl, List<Renewal> renewals) {
        public long problems() {
            return findings.stream().filter(finding -> finding.kind() == Kind.PROBLEM).count();
        }
    }

    private final PkiDirectory pki;
    private final Instant now;
    /** How to run certgen on this directory, for advice. */
    private final String certgen;
    private final RenewalSchedule schedule;
    private final List<Finding> findings = new ArrayList<>();
    private final List<Renewal> renewals = new ArrayList<>();

    public PkiVerifier(Path directory, Instant now) {
        this(directory, now, new RenewalSchedule(Optional.empty()));
    }

    /** @param schedule the renewal windows, for the schedule in the result */
    public PkiVerifier(Path directory, Instant now, RenewalSchedule schedule) {
        this.pki = new PkiDirectory(directory);
        this.now = now;
        this.certgen = "certgen --out " + directory;
        this.schedule = schedule;
    }

    /**
     * Checks everything; fails (exit status 1) only if there is nothing to check: no directory, or
     * no readable ca.crt in it.
     */
    public Result verify() {
        Path root = pki.root();
        if (!Files.isDirectory(root)) {
            throw new CertgenException(root + (Files.exists(root) ? " is not a directory" : " does not exist")
                    + ": give the directory that holds the PKI (certgen verify DIR), or create one with " + certgen);
        }
        if (Files.notExists(pki.caCertificate())) {
            throw new CertgenException(pki.caCertificate() + " does not exist, so there is nothing to verify the"
                    + " certificates against: give the directory certgen wrote the PKI to, or create one with " + certgen);
        }
        X509Certificate ca = readCa();
        checkCa(ca);
        checkCaKey(ca);
        Map<BigInteger, X509CRLEntry> revoked = checkCrl(ca);
        checkLedger(ca, revoked);
        List<Path> leaves = leafCertificates();
        if (!leaves.contains(pki.certificate(PkiDirectory.SERVER))) {
            problem("server.crt", "does not exist, and the broker needs it; run " + certgen + " to issue it");
        }
        for (Path leaf : leaves) {
            checkLeaf(leaf, ca, revoked);
        }
        return new Result(List.copyOf(findings), 1 + leaves.size(), !Files.notExists(crlFile()), List.copyOf(renewals));
    }

    /** Without the CA certificate nothing else can be checked: a failure, not a finding. */
    private X509Certificate readCa() {
        Path file = pki.caCertificate();
        try {
            for (Object object : PemFiles.readCertificatesAndCrls(file)) {
                if (object instanceof X509Certificate certificate) {
                    return certificate;
                }
            }
            throw new CertgenException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        } catch (CertgenException e) {
            if (e.getCause() instanceof AccessDeniedException) {
                throw e;
            }
            throw new CertgenException(e.getMessage() + "; nothing can be verified without it: restore ca.crt"
                    + " from your backup", e);
        }
    }

    private Path crlFile() {
        return pki.crl();
    }

    private void checkCa(X509Certificate ca) {
        String name = "ca.crt";
        int problems = problemCount();
        String newCa = "move ca.crt and private/ca.key out of " + pki.root() + " and run " + certgen + " to start"
                + " a new CA (every broker and client then needs the new ca.crt)";
        if (ca.getBasicConstraints() < 0) {
            problem(name, "is not a CA certificate (it lacks basicConstraints CA:true); restore it from your backup,"
                    + " or " + newCa);
        }
        if (!ca.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            problem(name, "is not self-signed: " + ca.getIssuerX500Principal().getName() + " issued it, so it is not"
                    + " a root CA as certgen creates; restore it from your backup, or " + newCa);
        } else if (!signedBy(ca, ca)) {
            problem(name, "is not validly self-signed: its signature does not verify with its own key (it is"
                    + " damaged); restore it from your backup, or " + newCa);
        }
        Instant notBefore = ca.getNotBefore().toInstant();
        Instant notAfter = ca.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            problem(name, "is not valid until " + UtcDates.time(notBefore) + " (" + Expiry.relative(now, notBefore)
                    + "); check this machine's clock, or " + newCa);
        } else if (!now.isBefore(notAfter)) {
            problem(name, "expired on " + UtcDates.time(notAfter) + " (" + Expiry.relative(now, notAfter)
                    + "), and with it every certificate it issued; certgen never renews a CA: " + newCa);
        } else if (notAfter.isBefore(now.plus(NOTE_WITHIN))) {
            note(name, "expires on " + UtcDates.date(notAfter) + ", " + Expiry.relative(now, notAfter) + ", and with it"
                    + " every certificate it issued; certgen never renews a CA: plan to " + newCa);
        }
        if (problemCount() == problems) {
            ok(name, "CA, self-signed, expires " + UtcDates.date(notAfter) + ", " + Expiry.timeLeft(now, notAfter));
        }
    }

    /** The CA's key, if this machine has it: a machine with only the public files has no private/. */
    private void checkCaKey(X509Certificate ca) {
        Path file = pki.caKey();
        if (Files.notExists(file)) {
            return;
        }
        String name = pki.name(file);
        readKey(file, "restore it from your backup (without it certgen can issue no certificate)").ifPresent(key -> {
            if (new IssuedCertificate(ca, key).keyMatchesCertificate()) {
                ok(name, "matches ca.crt");
            } else {
                problem(name, "is not the private key of ca.crt; restore ca.crt and private/ca.key from the same backup");
            }
        });
    }

    /** @return the CRL's entries by serial number, if there is a CRL and the CA signed it (else none) */
    private Map<BigInteger, X509CRLEntry> checkCrl(X509Certificate ca) {
        Path file = crlFile();
        if (Files.notExists(file)) {
            return Map.of();
        }
        String name = pki.name(file);
        String refresh = "run " + certgen + " to write a fresh one";
        Optional<X509CRL> read = readCrl(file, refresh);
        if (read.isEmpty()) {
            return Map.of();
        }
        X509CRL crl = read.get();
        int problems = problemCount();
        boolean signed = crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal()) && signedBy(crl, ca);
        if (!signed) {
            problem(name, "was not signed by the CA in ca.crt (its issuer is " + crl.getIssuerX500Principal().getName()
                    + "), so the broker cannot use it; " + refresh);
        }
        Instant thisUpdate = crl.getThisUpdate().toInstant();
        Instant nextUpdate = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
        if (now.isBefore(thisUpdate)) {
            problem(name, "is not valid until " + UtcDates.time(thisUpdate) + " (" + Expiry.relative(now, thisUpdate)
                    + "), and until then the broker refuses every client; check this machine's clock, or " + refresh);
        } else if (nextUpdate != null && !now.isBefore(nextUpdate)) {
            problem(name, "is out of date: its next update was due on " + UtcDates.time(nextUpdate) + " ("
                    + Expiry.relative(now, nextUpdate) + "), and the broker refuses every client while its CRL is out"
                    + " of date; " + refresh);
        } else if (nextUpdate != null && nextUpdate.isBefore(now.plus(NOTE_WITHIN))) {
            note(name, "its next update is due on " + UtcDates.date(nextUpdate) + ", " + Expiry.relative(now, nextUpdate)
                    + "; " + refresh + " before then");
        }
        schedule.refreshFrom(crl).ifPresent(from -> renewals.add(
                new Renewal(name, from, nextUpdate, Duration.between(from, nextUpdate))));
        int count = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
        if (problemCount() == problems) {
            ok(name, "signed by ca.crt, " + count + " revoked" + (nextUpdate == null ? ", no next update"
                    : ", next update " + UtcDates.date(nextUpdate) + ", " + Expiry.timeLeft(now, nextUpdate)));
        }
        Map<BigInteger, X509CRLEntry> entries = new HashMap<>();
        if (signed && crl.getRevokedCertificates() != null) {
            crl.getRevokedCertificates().forEach(entry -> entries.put(entry.getSerialNumber(), entry));
        }
        return entries;
    }

    /** Every NAME.crt directly in the directory but ca.crt: server.crt first, then by name. */
    private List<Path> leafCertificates() {
        List<Path> leaves = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pki.root(), "*.crt")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                // Dot files are certgen's temporary files, or not ours.
                if (!name.equals("ca.crt") && !name.startsWith(".") && !Files.isDirectory(file)) {
                    leaves.add(file);
                }
            }
        } catch (IOException e) {
            throw new CertgenException("cannot list " + pki.root() + " (" + FileErrors.reason(e) + "): run certgen"
                    + " verify as a user who may read the directory", e);
        }
        leaves.sort(Comparator.comparing((Path file) -> !file.getFileName().toString().equals("server.crt"))
                .thenComparing(file -> file.getFileName().toString()));
        return leaves;
    }

    private void checkLeaf(Path file, X509Certificate ca, Map<BigInteger, X509CRLEntry> revoked) {
        String name = pki.name(file);
        String stem = name.substring(0, name.length() - ".crt".length());
        boolean server = stem.equals(PkiDirectory.SERVER);
        String reissue = "run " + certgen + " to re-issue it";
        Optional<X509Certificate> read = readCertificate(file);
        if (read.isEmpty()) {
            return;
        }
        X509Certificate certificate = read.get();
        int problems = problemCount();

        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            problem(name, "was issued by " + certificate.getIssuerX500Principal().getName() + ", not by the CA in"
                    + " ca.crt (" + ca.getSubjectX500Principal().getName() + "), so its peers refuse it; " + reissue);
        } else if (!signedBy(certificate, ca)) {
            problem(name, "names the CA in ca.crt (" + ca.getSubjectX500Principal().getName() + ") as its issuer,"
                    + " but its signature does not verify with ca.crt's key: another CA of the same name issued it,"
                    + " and its peers refuse it; " + reissue);
        } else { // only what the CA issued is certgen's to renew
            schedule.renewalFrom(certificate).ifPresent(from -> renewals.add(new Renewal(name, from,
                    certificate.getNotAfter().toInstant(), schedule.window(certificate))));
        }

        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            problem(name, "is not valid until " + UtcDates.time(notBefore) + " (" + Expiry.relative(now, notBefore)
                    + "); if this machine's clock is right, " + reissue);
        } else if (!now.isBefore(notAfter)) {
            problem(name, "expired on " + UtcDates.time(notAfter) + " (" + Expiry.relative(now, notAfter) + "); "
                    + reissue);
        }

        KeyPurpose purpose = server ? KeyPurpose.SERVER_AUTH : KeyPurpose.CLIENT_AUTH;
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            if (usages == null || !usages.contains(purpose.oid())) {
                String has = usages == null ? "it has no extended key usage extension"
                        : "it has " + String.join(", ", KeyUsageNames.extendedKeyUsage(certificate));
                problem(name, "lacks the extended key usage " + purpose + " that " + (server ? "the broker's"
                        : "a client") + " certificate needs (" + has + "); " + reissue);
            }
        } catch (CertificateParsingException e) {
            problem(name, "has an unreadable extended key usage (" + e.getMessage() + "); " + reissue);
        }

        X509CRLEntry entry = revoked.get(certificate.getSerialNumber());
        if (entry != null) {
            problem(name, "is revoked (crl.pem lists its serial number " + Certificates.serial(entry.getSerialNumber())
                    + ", revoked on " + UtcDates.time(entry.getRevocationDate().toInstant()) + ") but is still in place;"
                    + " delete " + name + " and " + stem + ".key" + (server
                            ? ", then run " + certgen + " to issue a new one"
                            : ", and if " + stem + " needs a certificate again, run certgen add-client " + stem
                                    + " --out " + pki.root()));
        }

        if (!server && pki.enrolled(stem)) {
            checkSigningRequest(pki.signingRequest(stem), name, certificate);
        } else {
            checkLeafKey(pki.key(stem), name, certificate);
        }

        if (problemCount() == problems) {
            ok(name, purpose + ", expires " + UtcDates.date(notAfter) + ", " + Expiry.timeLeft(now, notAfter));
        }
        if (!now.isBefore(notBefore) && now.isBefore(notAfter) && notAfter.isBefore(now.plus(NOTE_WITHIN))) {
            note(name, "expires on " + UtcDates.date(notAfter) + ", " + Expiry.relative(now, notAfter) + "; run "
                    + certgen + " to renew it");
        }
        if (!server) { // its own finding: the certificate itself may be fine
            checkClientIdSuffix(pki.clientIdSuffix(stem));
        }
    }

    /**
     * Every serial the ledger records as revoked by this CA must be on crl.pem: if not, the broker
     * still accepts a certificate certgen was told to revoke.
     */
    private void checkLedger(X509Certificate ca, Map<BigInteger, X509CRLEntry> onCrl) {
        Ledger ledger = new Ledger(pki);
        if (!ledger.exists()) {
            return;
        }
        String name = pki.name(ledger.file());
        List<Ledger.Event> events;
        try {
            events = ledger.read();
        } catch (CertgenException e) {
            String prefix = ledger.file() + " ";
            String message = e.getMessage();
            problem(name, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
            return;
        }
        String fingerprint = Ledger.fingerprint(ca);
        List<String> missing = events.stream()
                .filter(event -> event instanceof Ledger.Revoked record && record.ca().equals(fingerprint)
                        && !onCrl.containsKey(record.serial()))
                .map(event -> ((Ledger.Revoked) event).name() + " (serial "
                        + Certificates.serial(((Ledger.Revoked) event).serial()) + ")")
                .distinct().toList();
        if (!missing.isEmpty()) {
            problem(name, "records " + missing.size() + " revoked certificate" + (missing.size() == 1 ? "" : "s")
                    + " that crl.pem does not list, so the broker still accepts " + (missing.size() == 1 ? "it" : "them")
                    + ": " + String.join(", ", missing) + "; run " + certgen + " to refresh crl.pem, and deliver it");
        }
    }

    /** A client's secret client id suffix, if certgen wrote one: as certgen writes it. */
    private void checkClientIdSuffix(Path file) {
        String name = pki.name(file);
        if (Files.notExists(file)) {
            note(name, "does not exist: the client has no secret client id suffix; run " + certgen + " to write it");
            return;
        }
        try (var in = Files.newInputStream(file)) {
            if (ClientIdSuffix.parse(in.readNBytes(ClientIdSuffix.LENGTH + 2)).isEmpty()) {
                problem(name, "does not hold one line of " + ClientIdSuffix.LENGTH + " characters from a-z and 0-9;"
                        + " run " + certgen + " to write a new one (the client then gets a new client id)");
            }
        } catch (AccessDeniedException e) {
            problem(name, "is not readable by this user (Permission denied), so it cannot be checked; run"
                    + " certgen verify as the user who owns it (or as root)");
        } catch (IOException e) {
            problem(name, "cannot be read (" + FileErrors.reason(e) + ")");
        }
    }

    /** A device's certificate: its key is on the device, and certgen renews it from the request it keeps. */
    private void checkSigningRequest(Path file, String certificateName, X509Certificate certificate) {
        String name = pki.name(file);
        String signAgain = "sign a new request from the device with certgen sign FILE --force --out " + pki.root();
        SigningRequest request;
        try {
            request = SigningRequest.read(file);
        } catch (CertgenException e) {
            unreadable(name, e, file, signAgain);
            return;
        }
        if (!request.certifies(certificate)) {
            problem(name, "is not the request " + certificateName + " was signed from (their public keys differ), so"
                    + " certgen would renew it for another key; " + signAgain);
        }
    }

    private void checkLeafKey(Path file, String certificateName, X509Certificate certificate) {
        String name = pki.name(file);
        String reissue = "run " + certgen + " to re-issue " + certificateName + " with a new key";
        if (Files.notExists(file)) {
            problem(name, "does not exist, so " + certificateName + " cannot be used; " + reissue);
            return;
        }
        readKey(file, reissue).ifPresent(key -> {
            if (!new IssuedCertificate(certificate, key).keyMatchesCertificate()) {
                problem(name, "is not the private key of " + certificateName + "; " + reissue);
            }
        });
    }

    private Optional<X509Certificate> readCertificate(Path file) {
        String reissue = "run " + certgen + " to re-issue it";
        return read(file, PemFiles::readCertificatesAndCrls, reissue).flatMap(objects -> {
            for (Object object : objects) {
                if (object instanceof X509Certificate certificate) {
                    return Optional.of(certificate);
                }
            }
            problem(pki.name(file), "holds no PEM certificate (-----BEGIN CERTIFICATE-----); " + reissue);
            return Optional.empty();
        });
    }

    private Optional<X509CRL> readCrl(Path file, String refresh) {
        return read(file, PemFiles::readCrl, refresh);
    }

    private Optional<PrivateKey> readKey(Path file, String otherwise) {
        return read(file, PemFiles::readPrivateKey, otherwise);
    }

    /** What the reader reads from the file, or empty with the read error as a finding. */
    private <T> Optional<T> read(Path file, Function<Path, T> reader, String otherwise) {
        try {
            return Optional.of(reader.apply(file));
        } catch (CertgenException e) {
            unreadable(pki.name(file), e, file, otherwise);
            return Optional.empty();
        }
    }

    /** A read error as a finding: the reader's message without the path in front (the finding names the file). */
    private void unreadable(String name, CertgenException e, Path file, String otherwise) {
        if (e.getCause() instanceof AccessDeniedException) {
            problem(name, "is not readable by this user (Permission denied), so it cannot be checked; run"
                    + " certgen verify as the user who owns it (or as root)");
            return;
        }
        String message = e.getMessage();
        String prefix = file + " ";
        problem(name, (message.startsWith(prefix) ? message.substring(prefix.length()) : message) + "; " + otherwise);
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean signedBy(X509CRL crl, X509Certificate ca) {
        try {
            crl.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private int problemCount() {
        return (int) findings.stream().filter(finding -> finding.kind() == Kind.PROBLEM).count();
    }

    private void ok(String file, String text) {
        findings.add(new Finding(Kind.OK, file, text));
    }

    private void note(String file, String text) {
        findings.add(new Finding(Kind.NOTE, file, text));
    }

    private void problem(String file, String text) {
        findings.add(new Finding(Kind.PROBLEM, file, text));
    }
}
