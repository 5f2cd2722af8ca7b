package io.securemqtt.certgen.pki;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.certgen.store.AtomicFiles;
import io.securemqtt.certgen.store.FileErrors;
import io.securemqtt.certgen.store.FileModes;
import io.securemqtt.certgen.store.KeyStoreFile;
import io.securemqtt.certgen.store.PemFiles;
import io.securemqtt.x509.Certificates;
import io.securemqtt.x509.UtcDates;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings a {@link PkiDirectory} to what the {@link CertgenOptions} ask for, touching as little as
 * possible: the CA is created once and then only ever reused, and each server or client
 * certificate is kept unless the {@link RenewalPolicy} finds a reason to re-issue it. Each event
 * is one line on {@code out}.
 */
public final class PkiGenerator {

    private static final String NEW_CA_ADVICE = "To start a new CA instead, move ca.crt and private/ca.key"
            + " out of the directory: certgen then creates a new CA and re-issues every certificate,"
            + " and every broker and client must be given the new ca.crt";

    private final CertgenOptions options;
    private final PkiDirectory directory;
    private final RenewalPolicy renewal;
    private final Ledger ledger;
    private final RevocationList revocations;
    private final Clock clock;
    private final PrintStream out;

    public PkiGenerator(CertgenOptions options, Clock clock, PrintStream out) {
        this.options = options;
        this.directory = new PkiDirectory(options.outDir());
        this.renewal = RenewalPolicy.of(options);
        this.ledger = new Ledger(directory);
        this.revocations = new RevocationList(directory, ledger);
        this.clock = clock;
        this.out = out;
    }

    public void generate() {
        generate(Optional.empty());
    }

    /**
     * Creates or renews the PKI; with an identity, also issues that identity a certificate, even if
     * it was revoked before ({@code add-client NAME}).
     */
    public void generate(Optional<Identity> added) {
        generate(added, Optional.empty(), false);
    }

    /**
     * Signs a device's certificate signing request: writes {@code NAME.crt} for the key the device
     * holds, recorded in the ledger like every certificate, keeps the request as {@code NAME.csr} (so
     * that later runs renew the certificate from it), writes {@code NAME.clientid}, and never a key.
     * The rest of the PKI is brought up to date as by {@link #generate()}. Refuses a name of the
     * deployment's own (a {@code --client}, whose key certgen makes, or a {@code --server-name}) and,
     * unless {@code replace}, an identity whose certificate is still valid.
     */
    public void sign(SigningRequest request, boolean replace) {
        String name = request.identity().name();
        if (options.clients().stream().anyMatch(client -> client.name().equalsIgnoreCase(name))
                || options.serverNames().stream().anyMatch(server -> server.value().equalsIgnoreCase(name))) {
            throw new CertgenException(request.file() + " asks for the identity " + name + ", which is reserved:"
                    + " it names the broker or one of the deployment's own clients, whose keys certgen makes;"
                    + " make the request with another -subj /CN=NAME");
        }
        generate(Optional.of(request.identity()), Optional.of(request), replace);
        out.println("signed " + request.file() + ": give the device " + directory.certificate(name) + ", "
                + directory.caCertificate() + " and " + directory.clientIdSuffix(name) + " (secret: its client id is "
                + name + "-SUFFIX); its key never leaves it");
    }

    private void generate(Optional<Identity> added, Optional<SigningRequest> signed, boolean replace) {
        Instant now = clock.instant();
        directory.create();
        CertificateAuthority ca = certificateAuthority(now);
        // Before anything is replaced: a renewal must not make the ledger forget a certificate.
        revocations.reconcile(ca, now).ifPresent(out::println);
        if (signed.isPresent()) {
            enrol(signed.get(), ca, now, replace);
        }

        var serverNames = options.serverNames();
        var server = new RenewalPolicy.Wanted(serverNames.get(0).value(), new LinkedHashSet<>(serverNames),
                KeyPurpose.SERVER_AUTH, options.keyType());
        List<String> names = serverNames.stream().map(ServerName::value).toList();
        ensureLeaf(PkiDirectory.SERVER, server, ca, now, notAfter -> ca.issueServer(
                names, options.keyType(), now.minus(CertificateAuthority.CLOCK_SKEW), notAfter));

        List<String> stems = new ArrayList<>(List.of(PkiDirectory.SERVER));
        for (Identity client : clients(ca, added)) {
            var revoked = revocations.revocationOf(client);
            if (revoked.isPresent() && !client.equals(added.orElse(null)) && !present(directory.certificate(client.name()))) {
                out.println("skipped " + client.name() + ".crt: " + client.name() + " was revoked on "
                        + UtcDates.date(revoked.get()) + "; certgen add-client " + client.name()
                        + " issues it a new certificate");
                continue;
            }
            if (directory.enrolled(client.name())) {
                if (!ensureSigned(client.name(), ca, now, signed.isPresent() && signed.get().identity().equals(client))) {
                    continue;
                }
            } else {
                var wanted = new RenewalPolicy.Wanted(client.name(), Set.of(), KeyPurpose.CLIENT_AUTH, options.keyType());
                ensureLeaf(client.name(), wanted, ca, now, notAfter -> ca.issueClient(
                        client.name(), options.keyType(), now.minus(CertificateAuthority.CLOCK_SKEW), notAfter));
            }
            ensureClientIdSuffix(client.name());
            stems.add(client.name());
        }
        revocations.refresh(ca, now, options.crlValidity(), renewal.crlMargin(options.crlValidity()), out);

        if (options.pkcs12()) {
            for (String stem : stems) {
                if (directory.enrolled(stem)) {
                    out.println("skipped " + stem + ".p12: " + stem + " holds its own key, certgen has none to put in it");
                    continue;
                }
                IssuedCertificate identity = directory.load(stem);
                out.println(new KeyStoreFile(directory.pkcs12(stem), directory.pkcs12Password(stem)).ensure(stem,
                        identity.privateKey(), identity.certificate(), directory.name(directory.certificate(stem)),
                        ca.certificate()));
            }
        }
        for (Path file : directory.restoreModes(stems)) {
            out.println("restored the mode of " + directory.name(file));
        }
        options.owners().forEach((stem, owner) -> {
            for (Path file : directory.setOwner(stem, owner)) {
                out.println("gave " + directory.name(file) + " to " + owner);
            }
        });
    }

    /**
     * The shortest time before its end at which {@link #generate} renews something: the certificates'
     * renewal window, or the CRL's (never more than half its validity, so that a CRL shorter than the
     * certificates' window is not rewritten on every run). Whoever runs generate on a schedule must
     * run it more often than this, or a certificate or the CRL may expire between two runs.
     */
    public Duration shortestRenewalWindow() {
        return renewal.crlMargin(options.crlValidity());
    }

    /**
     * Revokes an identity's certificate and writes the CRL that lists it; the identity is not issued
     * a new certificate until {@code add-client} names it again.
     */
    public void revoke(Identity identity) {
        Instant now = clock.instant();
        if (!present(directory.caCertificate())) {
            throw new CertgenException("there is no PKI in " + directory.root() + " (no ca.crt): check --out");
        }
        CertificateAuthority ca = certificateAuthority(now);
        revocations.reconcile(ca, now).ifPresent(out::println);
        String ownFile = directory.enrolled(identity.name()) ? ".csr" : ".key";
        RevocationList.Revocation revocation = revocations.revoke(identity, ca, now);
        if (revocation.nothing()) {
            var revoked = revocations.revocationOf(identity);
            if (revoked.isPresent()) {
                out.println(identity.name() + " was already revoked on " + UtcDates.date(revoked.get())
                        + "; nothing to do");
                revocations.refresh(ca, now, options.crlValidity(), renewal.margin(), out);
                return;
            }
            throw new CertgenException("there is no certificate " + directory.certificate(identity.name())
                    + " to revoke; the identities in " + directory.root() + " are: " + clientsOnDisk(ca));
        }
        revocation.inPlace().ifPresent(certificate -> out.println("revoked " + identity.name() + ".crt (serial "
                + Certificates.serial(certificate.getSerialNumber()) + ", expires "
                + UtcDates.date(certificate.getNotAfter().toInstant()) + "); removed " + identity.name()
                + ownFile + " and " + identity.name() + ".clientid"));
        for (Ledger.Issued earlier : revocation.revoked()) {
            if (revocation.inPlace().map(X509Certificate::getSerialNumber).filter(earlier.serial()::equals).isEmpty()) {
                out.println("revoked an earlier certificate of " + identity.name() + " (serial "
                        + Certificates.serial(earlier.serial()) + ", expires " + UtcDates.date(earlier.notAfter())
                        + "), from " + Ledger.FILE_NAME);
            }
        }
        revocations.refresh(ca, now, options.crlValidity(), renewal.margin(), out);
    }

    /** The wanted clients, then those added earlier (or by hand) that have a certificate of this CA. */
    private List<Identity> clients(CertificateAuthority ca, Optional<Identity> added) {
        Map<String, Identity> clients = new LinkedHashMap<>();
        options.clients().forEach(client -> clients.put(client.name(), client));
        added.ifPresent(client -> clients.put(client.name(), client));
        for (Identity onDisk : directory.clientsOnDisk()) {
            if (!clients.containsKey(onDisk.name()) && issuedBy(ca, onDisk)) {
                clients.put(onDisk.name(), onDisk);
            }
        }
        return List.copyOf(clients.values());
    }

    private String clientsOnDisk(CertificateAuthority ca) {
        String names = directory.clientsOnDisk().stream().filter(client -> issuedBy(ca, client))
                .map(Identity::name).collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }

    /** Only our own certificates are ours to renew: another NAME.crt in the directory is left alone. */
    private boolean issuedBy(CertificateAuthority ca, Identity client) {
        try {
            return ca.issued(PemFiles.readCertificate(directory.certificate(client.name())));
        } catch (CertgenException unreadable) {
            return false;
        }
    }

    private CertificateAuthority certificateAuthority(Instant now) {
        Path certificate = directory.caCertificate();
        Path key = directory.caKey();
        boolean haveCertificate = present(certificate);
        boolean haveKey = present(key);
        if (!haveCertificate && !haveKey) {
            var ca = CertificateAuthority.create(CertificateAuthority.COMMON_NAME, options.keyType(),
                    now.minus(CertificateAuthority.CLOCK_SKEW), now.plus(options.caValidity()));
            directory.save(ca);
            out.println("created ca.crt (CN=" + ca.commonName() + ", " + options.keyType() + ", expires "
                    + UtcDates.date(ca.notAfter()) + ") and private/ca.key");
            return ca;
        }
        if (!haveKey) {
            throw new CertgenException(key + " is missing, but " + certificate + " exists: restore the CA's key"
                    + " from your backup. " + NEW_CA_ADVICE + ".");
        }
        if (!haveCertificate) {
            throw new CertgenException(certificate + " is missing, but " + key + " exists: restore the CA"
                    + " certificate from your backup. " + NEW_CA_ADVICE + ".");
        }
        CertificateAuthority ca;
        try {
            ca = CertificateAuthority.load(certificate, key);
        } catch (CertgenException e) {
            if (e.getCause() instanceof AccessDeniedException) {
                throw e; // not damaged, only not ours to read: the message says what to do
            }
            throw new CertgenException(e.getMessage() + ". Certgen never replaces an existing CA by itself:"
                    + " restore the CA's files from your backup. " + NEW_CA_ADVICE + ".", e);
        }
        // Issuing from a CA about to expire would give certificates renewed on every run.
        if (ca.notAfter().isBefore(now.plus(renewal.margin()))) {
            throw new CertgenException(certificate + (ca.notAfter().isAfter(now) ? " expires on " : " expired on ")
                    + UtcDates.date(ca.notAfter()) + ": it cannot sign certificates any more. "
                    + NEW_CA_ADVICE + ".");
        }
        out.println("kept ca.crt (CN=" + ca.commonName() + ", valid until " + UtcDates.date(ca.notAfter()) + ")");
        return ca;
    }

    /** Issues a certificate valid until the given instant (the caller fixes the rest). */
    private interface Issuer {
        IssuedCertificate issue(Instant notAfter);
    }

    private void ensureLeaf(String stem, RenewalPolicy.Wanted wanted, CertificateAuthority ca, Instant now,
            Issuer issuer) {
        String name = stem + ".crt";
        Optional<String> reason = Optional.empty(); // stays empty for a first issue
        Optional<Instant> oldExpiry = Optional.empty();
        if (present(directory.certificate(stem)) || present(directory.key(stem))) {
            try {
                IssuedCertificate found = directory.load(stem);
                oldExpiry = Optional.of(found.notAfter());
                reason = options.force() ? Optional.of("--force") : renewal.reasonToReissue(found, wanted, ca, now);
                if (reason.isEmpty()) {
                    out.println("kept " + name + " (valid until " + UtcDates.date(found.notAfter())
                            + ", names match)");
                    return;
                }
            } catch (CertgenException unreadable) { // e.g. a missing or damaged file: a new one replaces it
                reason = Optional.of(unreadable.getMessage());
            }
        }
        IssuedCertificate issued = issuer.issue(leafNotAfter(ca, now));
        // Recorded before it is handed out: revoke must find every certificate the CA ever issued.
        ledger.append(List.of(Ledger.Issued.of(stem, issued.certificate(), ca, now)));
        directory.save(stem, issued);
        String details = describe(issued.certificate(), wanted.serverNames(), wanted.keyType().toString(), oldExpiry);
        out.println(reason.map(why -> "re-issued " + name + ": " + why + " " + details)
                .orElse("issued " + name + " " + details));
    }

    /** A certificate never outlives its CA: it would stop validating anyway. */
    private Instant leafNotAfter(CertificateAuthority ca, Instant now) {
        Instant notAfter = now.plus(options.leafValidity());
        return notAfter.isAfter(ca.notAfter()) ? ca.notAfter() : notAfter;
    }

    /**
     * Makes way for a signed request: refuses an identity whose certificate is valid (unless
     * {@code replace}), then stores the request as {@code NAME.csr} and removes a key certgen made
     * for the identity before, which its new certificate no longer matches.
     */
    private void enrol(SigningRequest request, CertificateAuthority ca, Instant now, boolean replace) {
        String stem = request.identity().name();
        Path certificate = directory.certificate(stem);
        if (!replace && present(certificate)) {
            X509Certificate found = null;
            try {
                found = PemFiles.readCertificate(certificate);
            } catch (CertgenException unreadable) {
                // a damaged certificate is nobody's: the new one replaces it
            }
            if (found != null && ca.issued(found) && now.isBefore(found.getNotAfter().toInstant())) {
                throw new CertgenException(request.file() + " asks for the identity " + stem + ", which has a valid"
                        + " certificate (" + directory.name(certificate) + ", serial "
                        + Certificates.serial(found.getSerialNumber()) + ", expires "
                        + UtcDates.date(found.getNotAfter().toInstant()) + "): certgen revoke " + stem
                        + " first, or sign --force to replace it");
            }
        }
        PemFiles.writeCertificationRequest(directory.signingRequest(stem), request.request());
        for (Path file : List.of(directory.key(stem), directory.pkcs12(stem), directory.pkcs12Password(stem))) {
            try {
                if (Files.deleteIfExists(file)) {
                    out.println("removed " + directory.name(file) + ": " + stem + " now holds its own key");
                }
            } catch (IOException e) {
                throw new CertgenException("cannot delete " + file + " (" + FileErrors.reason(e) + "): delete it by"
                        + " hand, it no longer matches " + stem + "'s certificate", e);
            }
        }
    }

    /**
     * Keeps or (re-)issues the certificate of an identity that holds its own key, from its stored
     * request, as {@link #ensureLeaf} does for one whose key certgen made; {@code signNow} issues it
     * even if the certificate in place could be kept.
     *
     * @return false if the stored request is unusable, and the identity was skipped
     */
    private boolean ensureSigned(String stem, CertificateAuthority ca, Instant now, boolean signNow) {
        String name = stem + ".crt";
        String requestName = directory.name(directory.signingRequest(stem));
        SigningRequest request;
        try {
            request = SigningRequest.read(directory.signingRequest(stem));
        } catch (CertgenException damaged) {
            out.println("skipped " + name + ": " + damaged.getMessage() + "; sign a new request from the device");
            return false;
        }
        if (!request.identity().name().equals(stem)) {
            out.println("skipped " + name + ": " + requestName + " asks for the identity " + request.identity()
                    + "; sign a new request from the device");
            return false;
        }
        Optional<String> reason = Optional.empty(); // stays empty for a first issue
        Optional<Instant> oldExpiry = Optional.empty();
        if (present(directory.certificate(stem))) {
            try {
                X509Certificate found = PemFiles.readCertificate(directory.certificate(stem));
                oldExpiry = Optional.of(found.getNotAfter().toInstant());
                reason = renewal.reasonToResign(found, request, ca, now);
                if (reason.isEmpty() && (options.force() || signNow)) {
                    reason = Optional.of("--force");
                }
                if (reason.isEmpty()) {
                    out.println("kept " + name + " (valid until " + UtcDates.date(oldExpiry.get()) + ", signed from "
                            + requestName + ")");
                    return true;
                }
            } catch (CertgenException unreadable) {
                reason = Optional.of(unreadable.getMessage());
            }
        }
        X509Certificate issued = ca.issueClient(stem, request.publicKey(), now.minus(CertificateAuthority.CLOCK_SKEW),
                leafNotAfter(ca, now));
        ledger.append(List.of(Ledger.Issued.of(stem, issued, ca, now)));
        PemFiles.writeCertificate(directory.certificate(stem), issued);
        String details = describe(issued, Set.of(), request.keyDescription() + " key of " + requestName, oldExpiry);
        out.println(reason.map(why -> "re-issued " + name + " from " + requestName + ": " + why + " " + details)
                .orElse("issued " + name + " from " + requestName + " " + details));
        return true;
    }

    /**
     * Writes {@code NAME.clientid} unless it holds a suffix already: kept as it is across renewals
     * and {@code --force}, so that the client id, and the broker's session under it, stay the same.
     */
    private void ensureClientIdSuffix(String stem) {
        Path file = directory.clientIdSuffix(stem);
        String reason = null; // stays null when there is no file yet
        if (present(file)) {
            byte[] content;
            try (var in = Files.newInputStream(file)) {
                content = in.readNBytes(ClientIdSuffix.LENGTH + 2); // enough to tell a bigger file
            } catch (AccessDeniedException e) {
                throw new CertgenException(file + " is not readable by this user (Permission denied): run certgen"
                        + " as the user who owns it, or fix its owner", e);
            } catch (IOException e) {
                throw new CertgenException("cannot read " + file + " (" + FileErrors.reason(e) + ")", e);
            }
            if (ClientIdSuffix.parse(content).isPresent()) {
                return;
            }
            reason = "it did not hold one line of " + ClientIdSuffix.LENGTH + " characters from a-z and 0-9";
        }
        AtomicFiles.write(file, ClientIdSuffix.random().fileContent(), FileModes.KEY);
        out.println(reason == null ? "wrote " + directory.name(file) + " (the secret suffix of " + stem + "'s client id)"
                : "rewrote " + directory.name(file) + ": " + reason + " (" + stem + " gets a new client id,"
                        + " and a new session on the broker)");
    }

    /**
     * Whether a file is there, or might be: one this user may not even look at counts as present,
     * so that reading it reports the real problem instead of "missing".
     */
    private static boolean present(Path file) {
        return !Files.notExists(file);
    }

    private static String describe(X509Certificate issued, Set<ServerName> serverNames, String key,
            Optional<Instant> oldExpiry) {
        String names = serverNames.isEmpty() ? ""
                : ", SAN " + serverNames.stream().map(ServerName::value).collect(Collectors.joining(" "));
        // To the second: with minute-long certificates (--validity 3m) the day alone says nothing.
        String expiry = oldExpiry.map(old -> "expiry " + UtcDates.time(old) + " -> ").orElse("expires ")
                + UtcDates.time(issued.getNotAfter().toInstant());
        return "(CN=" + Certificates.commonName(issued).orElse("") + names + ", " + key + ", " + expiry
                + ", serial " + Certificates.serial(issued.getSerialNumber()) + ")";
    }
}
