package io.securemqtt.certgen;

import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings a {@link PkiDirectory} to what the {@link CertgenOptions} ask for, touching as little as
 * possible: the CA is created once and then only ever reused, and each server or client
 * certificate is kept unless the {@link RenewalPolicy} finds a reason to re-issue it. Each event
 * is one line on {@code out}.
 */
final class PkiGenerator {

    private static final String NEW_CA_ADVICE = "To start a new CA instead, move ca.crt and private/ca.key"
            + " out of the directory: certgen then creates a new CA and re-issues every certificate,"
            + " and every broker and client must be given the new ca.crt";

    private final CertgenOptions options;
    private final PkiDirectory directory;
    private final RenewalPolicy renewal;
    private final Clock clock;
    private final PrintStream out;

    PkiGenerator(CertgenOptions options, Clock clock, PrintStream out) {
        this.options = options;
        this.directory = new PkiDirectory(options.outDir());
        this.renewal = new RenewalPolicy(options.leafValidity());
        this.clock = clock;
        this.out = out;
    }

    void generate() {
        Instant now = clock.instant();
        directory.create();
        CertificateAuthority ca = certificateAuthority(now);

        var serverNames = options.serverNames();
        var server = new RenewalPolicy.Wanted(serverNames.get(0).value(), new LinkedHashSet<>(serverNames),
                KeyPurpose.SERVER_AUTH, options.keyType());
        List<String> names = serverNames.stream().map(ServerName::value).toList();
        ensureLeaf(PkiDirectory.SERVER, server, ca, now, notAfter -> ca.issueServer(
                names, options.keyType(), now.minus(CertificateAuthority.CLOCK_SKEW), notAfter));

        for (Identity client : options.clients()) {
            var wanted = new RenewalPolicy.Wanted(client.name(), Set.of(), KeyPurpose.CLIENT_AUTH, options.keyType());
            ensureLeaf(client.name(), wanted, ca, now, notAfter -> ca.issueClient(
                    client.name(), options.keyType(), now.minus(CertificateAuthority.CLOCK_SKEW), notAfter));
        }

        List<String> stems = new ArrayList<>(List.of(PkiDirectory.SERVER));
        options.clients().forEach(client -> stems.add(client.name()));
        for (Path file : directory.restoreModes(stems)) {
            out.println("restored the mode of " + directory.name(file));
        }
        options.owners().forEach((stem, owner) -> {
            for (Path file : directory.setOwner(stem, owner)) {
                out.println("gave " + directory.name(file) + " to " + owner);
            }
        });
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
                    + RenewalPolicy.date(ca.notAfter()) + ") and private/ca.key");
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
                    + RenewalPolicy.date(ca.notAfter()) + ": it cannot sign certificates any more. "
                    + NEW_CA_ADVICE + ".");
        }
        out.println("kept ca.crt (CN=" + ca.commonName() + ", valid until " + RenewalPolicy.date(ca.notAfter()) + ")");
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
        if (present(directory.certificate(stem)) || present(directory.key(stem))) {
            try {
                IssuedCertificate found = directory.load(stem);
                reason = renewal.reasonToReissue(found, wanted, ca, now);
                if (reason.isEmpty()) {
                    out.println("kept " + name + " (valid until " + RenewalPolicy.date(found.notAfter())
                            + ", names match)");
                    return;
                }
            } catch (CertgenException unreadable) { // e.g. a missing or damaged file: a new one replaces it
                reason = Optional.of(unreadable.getMessage());
            }
        }
        // A certificate never outlives its CA: it would stop validating anyway.
        Instant notAfter = now.plus(options.leafValidity());
        if (notAfter.isAfter(ca.notAfter())) {
            notAfter = ca.notAfter();
        }
        IssuedCertificate issued = issuer.issue(notAfter);
        directory.save(stem, issued);
        String details = describe(issued, wanted);
        out.println(reason.map(why -> "re-issued " + name + ": " + why + " " + details)
                .orElse("issued " + name + " " + details));
    }

    /**
     * Whether a file is there, or might be: one this user may not even look at counts as present,
     * so that reading it reports the real problem instead of "missing".
     */
    private static boolean present(Path file) {
        return !Files.notExists(file);
    }

    private static String describe(IssuedCertificate issued, RenewalPolicy.Wanted wanted) {
        String names = wanted.serverNames().isEmpty() ? ""
                : ", SAN " + wanted.serverNames().stream().map(ServerName::value).collect(Collectors.joining(" "));
        return "(CN=" + issued.commonName() + names + ", " + wanted.keyType() + ", expires "
                + RenewalPolicy.date(issued.notAfter()) + ")";
    }
}
