package io.securemqtt.certgen.cli;

import io.securemqtt.certgen.pki.Expiry;
import io.securemqtt.certgen.pki.RenewalSchedule;
import io.securemqtt.x509.Certificates;
import io.securemqtt.x509.UtcDates;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;

/**
 * What {@code certgen inspect} shows of a certificate revocation list (e.g. {@code crl.pem}).
 *
 * @param file the file as given on the command line
 * @param issuer the distinguished name of the CA that issued it
 * @param crlNumber its sequence number, or null if it has none
 * @param thisUpdate when it was issued
 * @param nextUpdate when the next one is due (after which peers refuse it), or null if never
 * @param authorityKeyIdentifier the issuing CA's key identifier, colon-separated hex, or null
 * @param revoked the revoked certificates, by serial number
 * @param sha256Fingerprint of the DER encoding, colon-separated upper-case hex
 * @param refreshFrom when certgen starts to write a new one in its place, or null if it has no next update
 */
record CrlReport(String file, String issuer, BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate,
        String authorityKeyIdentifier, List<Revoked> revoked, String sha256Fingerprint, Instant refreshFrom)
        implements InspectCommand.Report {

    /** A revoked certificate: its serial number (upper-case hex) and when it was revoked. */
    record Revoked(String serialNumber, Instant revocationDate) {
    }

    static CrlReport of(String file, X509CRL crl, RenewalSchedule schedule) {
        return ExtensionValues.decode(file, "CRL", () -> {
            List<Revoked> revoked = new ArrayList<>();
            if (crl.getRevokedCertificates() != null) {
                crl.getRevokedCertificates().stream()
                        .sorted(Comparator.comparing(X509CRLEntry::getSerialNumber))
                        .forEach(entry -> revoked.add(new Revoked(Certificates.serial(entry.getSerialNumber()),
                                entry.getRevocationDate().toInstant())));
            }
            byte[] number = crl.getExtensionValue(Extension.cRLNumber.getId());
            return new CrlReport(file,
                    crl.getIssuerX500Principal().getName(),
                    number == null ? null : CRLNumber.getInstance(ExtensionValues.parse(number)).getCRLNumber(),
                    crl.getThisUpdate().toInstant(),
                    crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant(),
                    ExtensionValues.authorityKeyIdentifier(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId())),
                    List.copyOf(revoked),
                    ExtensionValues.sha256(crl.getEncoded()),
                    schedule.refreshFrom(crl).orElse(null));
        });
    }

    @Override
    public String type() {
        return "crl";
    }

    @Override
    public List<InspectCommand.Line> lines(Instant now) {
        List<InspectCommand.Line> lines = new ArrayList<>();
        lines.add(InspectCommand.Line.of("issuer", issuer));
        lines.add(InspectCommand.Line.of("CRL number", crlNumber == null ? "none" : crlNumber.toString()));
        lines.add(InspectCommand.Line.start("this update", now, thisUpdate));
        lines.add(nextUpdate == null ? InspectCommand.Line.of("next update", "none (never expires)")
                : InspectCommand.Line.end("next update", now, nextUpdate));
        lines.add(InspectCommand.Line.of("refresh from", refreshFrom == null ? "never (no next update)"
                : UtcDates.time(refreshFrom) + " (" + Expiry.relative(now, refreshFrom) + ")"));
        lines.add(InspectCommand.Line.of("authority key id", authorityKeyIdentifier == null ? "none" : authorityKeyIdentifier));
        List<String> entries = revoked.stream()
                .map(entry -> entry.serialNumber() + " on " + UtcDates.time(entry.revocationDate())).toList();
        lines.add(new InspectCommand.Line("revoked", entries.isEmpty() ? List.of("none") : entries));
        lines.add(InspectCommand.Line.of("SHA-256 fingerprint", sha256Fingerprint));
        return lines;
    }

    @Override
    public Map<String, Object> json(Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file);
        json.put("type", type());
        json.put("issuer", issuer);
        json.put("crlNumber", crlNumber);
        json.put("thisUpdate", thisUpdate);
        json.put("nextUpdate", nextUpdate);
        json.put("daysLeft", nextUpdate == null ? null : Expiry.daysUntil(now, nextUpdate));
        json.put("status", Expiry.status(now, thisUpdate, nextUpdate));
        json.put("authorityKeyIdentifier", authorityKeyIdentifier);
        json.put("revoked", revoked.stream().map(entry -> {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("serialNumber", entry.serialNumber());
            object.put("revocationDate", entry.revocationDate());
            return object;
        }).toList());
        json.put("sha256Fingerprint", sha256Fingerprint);
        json.put("refreshFrom", refreshFrom);
        return json;
    }
}
