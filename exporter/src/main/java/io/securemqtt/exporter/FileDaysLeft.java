package io.securemqtt.exporter;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.securemqtt.x509.Pem;
import io.securemqtt.x509.UtcDates;

/**
 * Days left until a date in a PEM file the broker uses: its certificate's end, or its CRL's next
 * update. Read at each scrape, but parsed again only when the file changed (size or modification
 * time): certgen-renewer replaces these files on a running stack, and the gauge must follow.
 *
 * <p>A file that is missing, unreadable or garbled is one warning per change, naming the variable
 * and the file, and the gauge is NaN until the file is good again: a stale date would hide the
 * very renewal failure the alert is for. A good file read anew is one line with its date.
 */
final class FileDaysLeft {

    /** What date a file holds, and how to find it. */
    enum Dated {
        BROKER_CERTIFICATE("mosquitto.broker.certificate.days.left", "the broker's certificate", "expires",
                "Days until the broker's certificate file expires (read at each scrape)") {
            @Override
            Optional<Instant> date(Object block) throws GeneralSecurityException {
                return Pem.certificate(block).map(certificate -> certificate.getNotAfter().toInstant());
            }
        },
        CRL_NEXT_UPDATE("mosquitto.crl.next.update.days.left", "the CRL", "is due for its next update",
                "Days until the next update of the CRL the broker checks (read at each scrape); past it, OpenSSL refuses every client") {
            @Override
            Optional<Instant> date(Object block) throws GeneralSecurityException {
                return Pem.crl(block).map(crl -> crl.getNextUpdate() == null ? Instant.MAX : crl.getNextUpdate().toInstant());
            }
        };

        final String metric;
        final String what;
        final String event;
        final String description;

        Dated(String metric, String what, String event, String description) {
            this.metric = metric;
            this.what = what;
            this.event = event;
            this.description = description;
        }

        /** The date in this PEM block, or empty if the block is not of this kind. */
        abstract Optional<Instant> date(Object block) throws GeneralSecurityException;
    }

    private static final Logger log = LoggerFactory.getLogger(FileDaysLeft.class);

    private final Dated dated;
    private final String variable;
    private final Path file;
    private final Clock clock;
    /** The file as last seen, and what it held; null before the first scrape. */
    private Reading last;

    /** The file's identity (size and modification time, or its absence) and its date, or why there is none. */
    private record Reading(Object version, Instant date, String problem) {
    }

    FileDaysLeft(Dated dated, String variable, Path file, Clock clock) {
        this.dated = dated;
        this.variable = variable;
        this.file = file;
        this.clock = clock;
    }

    void register(MeterRegistry registry) {
        Gauge.builder(dated.metric, this, FileDaysLeft::daysLeft)
                .description(dated.description + " (" + variable + ")")
                .strongReference(true)
                .register(registry);
    }

    /** Fractional days until the date, negative once past; NaN while the file cannot be used. */
    synchronized double daysLeft() {
        Object version = version();
        if (last == null || !last.version().equals(version)) {
            last = read(version);
            if (last.problem() != null) {
                log.warn("{}={}: cannot read {}: {}; {} is NaN until it can", variable, file, dated.what, last.problem(),
                        dated.metric.replace('.', '_'));
            } else if (last.date().equals(Instant.MAX)) {
                log.info("{}={}: {} has no next update", variable, file, dated.what);
            } else {
                log.info("{}={}: {} {} {}", variable, file, dated.what, dated.event, UtcDates.time(last.date()));
            }
        }
        if (last.problem() != null) {
            return Double.NaN;
        }
        if (last.date().equals(Instant.MAX)) {
            return Double.POSITIVE_INFINITY;
        }
        return UtcDates.daysBetween(clock.instant(), last.date());
    }

    /** What tells one content of the file from the next without reading it. */
    private Object version() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(attributes.size(), attributes.lastModifiedTime(), String.valueOf(attributes.fileKey()));
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private Reading read(Object version) {
        try {
            if (Files.size(file) > Pem.MAX_FILE_SIZE) {
                return new Reading(version, null, "larger than " + Pem.MAX_FILE_SIZE + " bytes: not a PEM file");
            }
            List<Object> blocks = Pem.parse(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)));
            for (Object block : blocks) {
                Optional<Instant> date = dated.date(block);
                if (date.isPresent()) {
                    return new Reading(version, date.get(), null);
                }
            }
            return new Reading(version, null, "it holds no " + (dated == Dated.CRL_NEXT_UPDATE ? "X509 CRL" : "CERTIFICATE") + " block");
        } catch (NoSuchFileException e) {
            return new Reading(version, null, "it does not exist");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return new Reading(version, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
