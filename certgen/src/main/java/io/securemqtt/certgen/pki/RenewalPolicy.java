package io.securemqtt.certgen.pki;

import io.securemqtt.x509.Certificates;
import io.securemqtt.x509.UtcDates;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a server or client certificate found on disk may stay. Keeping it matters beyond saving
 * work: an ECDSA signature differs every time, so only a kept certificate is byte-identical, and
 * the broker and clients need no restart.
 *
 * <p>A certificate is kept when its key matches it, the current CA issued it, it is valid now and
 * for longer than the renewal margin, its key usage is digitalSignature alone, and its key type,
 * extended key usage, common name and subject alternative names are the wanted ones. The margin (the renewal window) is the one given
 * with {@code --renew-within}; by default 30 days, or a tenth of the validity of new certificates if
 * that is shorter (so that {@code --validity 7d} does not re-issue every run).
 */
final class RenewalPolicy {

    static final Duration MAX_MARGIN = Duration.ofDays(30);

    private final Duration margin;

    RenewalPolicy(Duration margin) {
        this.margin = margin;
    }

    static RenewalPolicy of(CertgenOptions options) {
        if (!options.renewWithin().isZero()) {
            return new RenewalPolicy(options.renewWithin());
        }
        return forValidity(options.leafValidity());
    }

    /** The default policy for certificates of the given validity, when no window is given. */
    static RenewalPolicy forValidity(Duration validity) {
        Duration tenth = validity.dividedBy(10);
        return new RenewalPolicy(tenth.compareTo(MAX_MARGIN) < 0 ? tenth : MAX_MARGIN);
    }

    Duration margin() {
        return margin;
    }

    /**
     * How long before its next update a CRL of the given validity is refreshed: the renewal window,
     * but at most half the validity, so that a short CRL is not rewritten on every run.
     */
    Duration crlMargin(Duration crlValidity) {
        Duration half = crlValidity.dividedBy(2);
        return margin.compareTo(half) < 0 ? margin : half;
    }

    /**
     * What a certificate at a given file must be.
     *
     * @param serverNames the subject alternative names (empty for a client)
     */
    record Wanted(String commonName, Set<ServerName> serverNames, KeyPurpose purpose, KeyType keyType) {
    }

    /** Why the certificate cannot be kept, or empty if it can. */
    Optional<String> reasonToReissue(IssuedCertificate found, Wanted wanted, CertificateAuthority ca, Instant now) {
        X509Certificate certificate = found.certificate();
        if (!found.keyMatchesCertificate()) {
            return Optional.of("its key does not match it");
        }
        Optional<String> reason = reasonOfValidity(certificate, ca, now);
        if (reason.isPresent()) {
            return reason;
        }
        Optional<KeyType> keyType = KeyType.of(certificate.getPublicKey());
        if (keyType.isEmpty() || keyType.get() != wanted.keyType()) {
            return Optional.of("its key type is " + keyType.map(KeyType::optionValue).orElse("another")
                    + ", --key-type asks for " + wanted.keyType());
        }
        return reasonOfContent(certificate, wanted);
    }

    /**
     * Why a certificate signed from a stored request cannot be kept, or empty if it can: as for a
     * certificate with its key, but it must certify the request's key, whatever its type (the device
     * chose it, and {@link SigningRequest} checked it).
     */
    Optional<String> reasonToResign(X509Certificate certificate, SigningRequest request, CertificateAuthority ca,
            Instant now) {
        if (!request.certifies(certificate)) {
            return Optional.of("it does not certify the key of the request");
        }
        Optional<String> reason = reasonOfValidity(certificate, ca, now);
        if (reason.isPresent()) {
            return reason;
        }
        return reasonOfContent(certificate, new Wanted(request.identity().name(), Set.of(), KeyPurpose.CLIENT_AUTH,
                null));
    }

    private Optional<String> reasonOfValidity(X509Certificate certificate, CertificateAuthority ca, Instant now) {
        if (!ca.issued(certificate)) {
            return Optional.of("it was not issued by the current CA (" + ca.commonName() + " in ca.crt)");
        }
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            return Optional.of("it is not valid until " + UtcDates.date(notBefore));
        }
        if (!now.isBefore(notAfter)) {
            return Optional.of("it expired on " + UtcDates.time(notAfter));
        }
        if (notAfter.isBefore(now.plus(margin))) {
            return Optional.of("it expires on " + UtcDates.time(notAfter) + ", within the renewal window of "
                    + describe(margin));
        }
        return Optional.empty();
    }

    private static Optional<String> reasonOfContent(X509Certificate certificate, Wanted wanted) {
        if (!hasLeafKeyUsage(certificate)) {
            return Optional.of("its key usage is not digitalSignature alone (it has "
                    + String.join(", ", KeyUsageNames.keyUsage(certificate)) + "): keyEncipherment allows"
                    + " TLS 1.2's RSA key transport, which has no forward secrecy");
        }
        if (!hasPurpose(certificate, wanted.purpose())) {
            return Optional.of("it lacks the extended key usage " + wanted.purpose());
        }
        Set<ServerName> names;
        try {
            names = ServerName.subjectAltNames(certificate);
        } catch (IllegalArgumentException e) {
            return Optional.of("its subject alternative names are unreadable (" + e.getMessage() + ")");
        }
        if (!names.equals(wanted.serverNames())) {
            return Optional.of("names changed (was " + list(names) + "; now " + list(wanted.serverNames()) + ")");
        }
        String commonName = Certificates.commonName(certificate).orElse("");
        if (!commonName.equals(wanted.commonName())) {
            return Optional.of("its common name changed (was " + commonName + ", now " + wanted.commonName() + ")");
        }
        return Optional.empty();
    }

    private static boolean hasLeafKeyUsage(X509Certificate certificate) {
        boolean[] usage = certificate.getKeyUsage();
        if (usage == null) {
            return false; // no extension: any usage
        }
        for (int bit = 0; bit < usage.length; bit++) {
            if (usage[bit] != (bit == 0)) { // bit 0: digitalSignature
                return false;
            }
        }
        return true;
    }

    private static boolean hasPurpose(X509Certificate certificate, KeyPurpose purpose) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            return usages != null && usages.contains(purpose.oid());
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** E.g. "30 days", "80 seconds": the largest unit that says it, whole (a shorter window is told to the second). */
    static String describe(Duration duration) {
        if (duration.toDays() >= 1) {
            return count(duration.toDays(), "day");
        }
        if (duration.toHours() >= 1) {
            return count(duration.toHours(), "hour");
        }
        return duration.toSeconds() % 60 == 0 ? count(duration.toMinutes(), "minute") : count(duration.toSeconds(), "second");
    }

    private static String count(long amount, String unit) {
        return amount + " " + unit + (amount == 1 ? "" : "s");
    }

    private static String list(Set<ServerName> names) {
        return names.isEmpty() ? "none" : names.stream().map(ServerName::value).collect(Collectors.joining(", "));
    }
}
