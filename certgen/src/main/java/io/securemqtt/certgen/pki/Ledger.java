package io.securemqtt.certgen.pki;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.certgen.store.FileErrors;
import io.securemqtt.certgen.store.FileModes;
import io.securemqtt.x509.Certificates;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * {@code ledger.tsv}: every leaf certificate the CA ever issued, every revocation and every CRL
 * number, one event per line, tab-separated, in the order they happened. Certgen only ever
 * appends to it, and writes each event to disk before it acts on it: a certificate is recorded
 * before it is handed out, a revocation before the key is deleted, a CRL number before the CRL
 * carries it. So a crash never leaves a certificate the ledger does not know, and losing
 * {@code crl.pem} or a copy in {@code revoked/} neither un-revokes anything nor restarts the CRL
 * numbers.
 *
 * <pre>
 * issued   AT  CA  NAME  SERIAL  NOT_AFTER
 * revoked  AT  CA  NAME  SERIAL
 * crl      AT  CA  NUMBER
 * </pre>
 *
 * AT is when the event was recorded (for a revocation found in {@code revoked/} of a PKI made before
 * the ledger, the date its CRL gave), CA the SHA-256 fingerprint of the CA certificate that signed
 * (a new CA in the same directory starts from nothing), SERIAL as {@link io.securemqtt.x509.Certificates#serial}
 * prints it. Names cannot hold a tab or a line break ({@link Identity}).
 */
final class Ledger {

    static final String FILE_NAME = "ledger.tsv";

    private static final String HEADER = "# certgen's ledger of issued and revoked certificates and CRL numbers."
            + " certgen appends to it; never edit it, keep it with private/ca.key in your backup.\n";

    /** One line of the ledger. */
    sealed interface Event permits Issued, Revoked, CrlIssued {
        Instant at();

        String ca();

        String line();
    }

    record Issued(Instant at, String ca, String name, BigInteger serial, Instant notAfter) implements Event {
        Issued {
            at = at.truncatedTo(ChronoUnit.SECONDS);
        }

        static Issued of(String name, X509Certificate certificate, CertificateAuthority ca, Instant at) {
            return new Issued(at, fingerprint(ca), name, certificate.getSerialNumber(),
                    certificate.getNotAfter().toInstant());
        }

        @Override
        public String line() {
            return String.join("\t", "issued", at.toString(), ca, name, Certificates.serial(serial),
                    notAfter.toString());
        }
    }

    record Revoked(Instant at, String ca, String name, BigInteger serial) implements Event {
        Revoked {
            at = at.truncatedTo(ChronoUnit.SECONDS); // as the CRL gives the date
        }

        @Override
        public String line() {
            return String.join("\t", "revoked", at.toString(), ca, name, Certificates.serial(serial));
        }
    }

    record CrlIssued(Instant at, String ca, BigInteger number) implements Event {
        CrlIssued {
            at = at.truncatedTo(ChronoUnit.SECONDS);
        }

        @Override
        public String line() {
            return String.join("\t", "crl", at.toString(), ca, number.toString());
        }
    }

    private final Path file;

    Ledger(PkiDirectory directory) {
        this.file = directory.ledger();
    }

    Path file() {
        return file;
    }

    boolean exists() {
        return !Files.notExists(file);
    }

    /** The SHA-256 fingerprint of the CA certificate, as the ledger names the CA of each event. */
    static String fingerprint(CertificateAuthority ca) {
        return fingerprint(ca.certificate());
    }

    static String fingerprint(X509Certificate ca) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ca.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new CertgenException("cannot compute the fingerprint of the CA certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Every event, oldest first. A last line without its line break is a write that a crash cut
     * short: nothing acted on it, so it is left out (and cut off by the next append).
     */
    List<Event> read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (AccessDeniedException e) {
            throw new CertgenException(file + " is not readable by this user (Permission denied): run certgen"
                    + " as the user who owns it, or fix its owner", e);
        } catch (IOException e) {
            throw new CertgenException("cannot read " + file + " (" + FileErrors.reason(e) + ")", e);
        }
        List<Event> events = new ArrayList<>();
        int end = text.lastIndexOf('\n') + 1;
        List<String> lines = text.substring(0, end).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                events.add(parse(line));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new CertgenException(file + " line " + (i + 1) + " is not a ledger line (" + e.getMessage()
                        + "): certgen only appends to this file, and what it revoked depends on it; restore it"
                        + " from your backup", e);
            }
        }
        return events;
    }

    /** Appends the events and forces them to disk before returning. */
    void append(List<? extends Event> events) {
        if (events.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        events.forEach(event -> text.append(event.line()).append('\n'));
        try (FileChannel channel = open(); var lock = channel.lock()) { // two certgen runs append in turn
            long size = channel.size();
            if (size == 0) {
                text.insert(0, HEADER);
            } else {
                channel.truncate(endOfLastCompleteLine(channel, size));
            }
            channel.position(channel.size());
            ByteBuffer buffer = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new CertgenException("cannot append to " + file + " (" + FileErrors.reason(e) + "): "
                    + file.getParent() + " must be a writable directory on a local file system", e);
        }
    }

    private FileChannel open() throws IOException {
        if (Files.notExists(file)) {
            try {
                return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                                StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(FileModes.CERTIFICATE));
            } catch (FileAlreadyExistsException raced) {
                // another certgen created it in between: append to it
            }
        }
        // NOFOLLOW_LINKS: a link planted in the PKI directory does not redirect the ledger.
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
    }

    /** Where the last line ending in a line break ends: a torn write after it is cut off. */
    private static long endOfLastCompleteLine(FileChannel channel, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long position = size - 1; position >= 0; position--) {
            one.clear();
            channel.read(one, position);
            if (one.get(0) == '\n') {
                return position + 1;
            }
        }
        return 0;
    }

    private static Event parse(String line) {
        String[] fields = line.split("\t", -1);
        String kind = fields[0];
        int expected = switch (kind) {
            case "issued" -> 6;
            case "revoked" -> 5;
            case "crl" -> 4;
            default -> throw new IllegalArgumentException("unknown event \"" + kind + "\"");
        };
        if (fields.length != expected) {
            throw new IllegalArgumentException(kind + " has " + fields.length + " fields, not " + expected);
        }
        Instant at = Instant.parse(fields[1]);
        String ca = fields[2];
        if (!ca.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("\"" + ca + "\" is not a CA fingerprint");
        }
        return switch (kind) {
            case "issued" -> new Issued(at, ca, fields[3], serial(fields[4]), Instant.parse(fields[5]));
            case "revoked" -> new Revoked(at, ca, fields[3], serial(fields[4]));
            default -> new CrlIssued(at, ca, new BigInteger(fields[3]));
        };
    }

    private static BigInteger serial(String hex) {
        return new BigInteger(hex, 16); // NumberFormatException is an IllegalArgumentException
    }
}
