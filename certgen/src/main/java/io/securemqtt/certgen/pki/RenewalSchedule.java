package io.securemqtt.certgen.pki;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When certgen, run again, will renew what it issued: a server or client certificate from the
 * moment it enters its renewal window ({@link RenewalPolicy}), the CRL from the moment its next
 * update is closer than its margin. For {@code verify} and {@code inspect}, which see the files but
 * not the options of the runs that renew them: without a given window, a certificate's is the
 * default for its own validity (certgen backdates every certificate and CRL by
 * {@link CertificateAuthority#CLOCK_SKEW}, which is left out), and the CRL's the default one for
 * certificates of a year.
 *
 * @param renewWithin the window given with {@code --renew-within}, or empty for the default
 */
public record RenewalSchedule(Optional<Duration> renewWithin) {

    /** When certgen starts to re-issue the certificate; empty for a CA, which certgen never renews. */
    public Optional<Instant> renewalFrom(X509Certificate certificate) {
        if (certificate.getBasicConstraints() >= 0) {
            return Optional.empty();
        }
        return Optional.of(certificate.getNotAfter().toInstant().minus(window(certificate)));
    }

    /** The renewal window of the certificate: the given one, or the default for its validity. */
    public Duration window(X509Certificate certificate) {
        return policy(validity(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant())).margin();
    }

    /** When certgen starts to write a new CRL in place of this one; empty if it has no next update. */
    public Optional<Instant> refreshFrom(X509CRL crl) {
        if (crl.getNextUpdate() == null) {
            return Optional.empty();
        }
        Instant nextUpdate = crl.getNextUpdate().toInstant();
        RenewalPolicy policy = renewWithin.map(RenewalPolicy::new).orElse(new RenewalPolicy(RenewalPolicy.MAX_MARGIN));
        return Optional.of(nextUpdate.minus(policy.crlMargin(validity(crl.getThisUpdate().toInstant(), nextUpdate))));
    }

    private RenewalPolicy policy(Duration validity) {
        return renewWithin.map(RenewalPolicy::new).orElseGet(() -> RenewalPolicy.forValidity(validity));
    }

    private static Duration validity(Instant start, Instant end) {
        Duration validity = Duration.between(start, end);
        return validity.compareTo(CertificateAuthority.CLOCK_SKEW.multipliedBy(2)) > 0
                ? validity.minus(CertificateAuthority.CLOCK_SKEW) : validity;
    }
}
