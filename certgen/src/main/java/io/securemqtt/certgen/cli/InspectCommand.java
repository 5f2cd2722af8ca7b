package io.securemqtt.certgen.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * {@code certgen inspect [--json] FILE...}: what is in certificate and CRL files, in words or as
 * JSON. A file that cannot be read is reported on the error stream and the others are still shown;
 * the exit status is then 1.
 */
final class InspectCommand {

    static final String USAGE = """
            Usage: certgen inspect [--json] FILE...

            Shows each certificate and CRL in the PEM files: subject, issuer, subject alternative
            names, key usages, whether it is a CA, key type, serial number, validity (UTC) and SHA-256
            fingerprint; for a CRL its number, dates, authority key id and revoked serial numbers.

              --json   one JSON array with an object per certificate or CRL, for scripts

            Exit status: 0 done, 1 a file could not be read, 2 bad command line.
            """;

    private static final String EXPECTED = "expected a PEM certificate (-----BEGIN CERTIFICATE-----)"
            + " or CRL (-----BEGIN X509 CRL-----)";

    /** One certificate or CRL, described. */
    sealed interface Report permits CertificateReport, CrlReport {

        /** The file as given on the command line. */
        String file();

        /** {@code certificate} or {@code crl}, as in the JSON. */
        String type();

        /** The text form: labelled values, in order. */
        List<Line> lines(Instant now);

        /** The JSON form: an object with stable camelCase keys. */
        Map<String, Object> json(Instant now);
    }

    /** A label and its value, which may take several lines (e.g. the revoked serial numbers). */
    record Line(String label, List<String> values) {
        static Line of(String label, String value) {
            return new Line(label, List.of(value));
        }
    }

    private InspectCommand() {
    }

    /** Runs {@code certgen inspect} with the arguments after "inspect"; returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, Clock.systemUTC());
    }

    /** As {@link #run(List, PrintStream, PrintStream)}, at the clock's time (for days left). */
    static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        boolean json = false;
        List<String> files = new ArrayList<>();
        boolean options = true;
        for (String arg : args) {
            if (options && (arg.equals("--help") || arg.equals("-h"))) {
                out.print(USAGE);
                return 0;
            } else if (options && arg.equals("--json")) {
                json = true;
            } else if (options && arg.equals("--")) {
                options = false; // what follows are file names, even if they start with -
            } else if (options && arg.startsWith("-") && arg.length() > 1) {
                return usageError(err, "inspect has no option " + arg + "; it takes --json and FILE names");
            } else {
                files.add(arg);
            }
        }
        if (files.isEmpty()) {
            return usageError(err, "inspect needs at least one FILE, e.g. certgen inspect certs/server.crt");
        }

        Instant now = clock.instant();
        List<Map<String, Object>> objects = new ArrayList<>();
        boolean failed = false;
        boolean first = true;
        for (String file : files) {
            List<Report> reports;
            try {
                reports = read(file);
            } catch (CertgenException e) {
                err.println("certgen: " + e.getMessage());
                failed = true;
                continue;
            }
            for (int i = 0; i < reports.size(); i++) {
                Report report = reports.get(i);
                if (json) {
                    objects.add(report.json(now));
                    continue;
                }
                if (!first) {
                    out.println();
                }
                first = false;
                String position = reports.size() > 1 ? " " + (i + 1) + " of " + reports.size() : "";
                out.println(file + " (" + (report.type().equals("crl") ? "CRL" : "certificate") + position + ")");
                print(report.lines(now), out);
            }
        }
        if (json) {
            out.println(Json.write(objects));
        }
        return failed ? 1 : 0;
    }

    /** Every certificate and CRL in a PEM file, in order; fails, naming the file, if there is none. */
    static List<Report> read(String file) {
        List<Report> reports = new ArrayList<>();
        for (Object object : readPem(Path.of(file))) {
            if (object instanceof X509CertificateHolder holder) {
                reports.add(CertificateReport.of(file, certificate(file, holder)));
            } else if (object instanceof X509CRLHolder holder) {
                reports.add(CrlReport.of(file, crl(file, holder)));
            }
        }
        if (reports.isEmpty()) {
            throw new CertgenException(file + " holds no certificate or CRL: " + EXPECTED + ". (For a DER file,"
                    + " convert it first: openssl x509 -inform der -in " + file + " -out " + file + ".pem)");
        }
        return reports;
    }

    /** The objects of a PEM file; fails, naming the file, if it is missing, unreadable or holds keys only. */
    static List<Object> readPem(Path file) {
        if (Files.isDirectory(file)) {
            throw new CertgenException(file + " is a directory: give the files in it, e.g. " + file.resolve("*.crt")
                    + ", or check the whole PKI with certgen verify " + file);
        }
        List<Object> objects = new ArrayList<>();
        boolean privateKey = false;
        // ISO-8859-1 maps every byte: a binary file is reported as "not PEM", not as a charset error.
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
                PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
                privateKey |= object instanceof PrivateKeyInfo || object instanceof PEMKeyPair
                        || object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair;
            }
        } catch (NoSuchFileException e) {
            throw new CertgenException(file + " does not exist: " + EXPECTED, e);
        } catch (AccessDeniedException e) {
            throw new CertgenException(file + " is not readable by this user (Permission denied): run certgen as a"
                    + " user who may read it", e);
        } catch (IOException | RuntimeException e) { // BouncyCastle reports bad base64 or DER unchecked
            throw new CertgenException(file + " is not a valid PEM file (" + e.getMessage() + "): " + EXPECTED, e);
        }
        if (privateKey && objects.stream().noneMatch(o -> o instanceof X509CertificateHolder || o instanceof X509CRLHolder)) {
            throw new CertgenException(file + " holds a private key, not a certificate or CRL (keys are secret:"
                    + " certgen never shows them); give the matching .crt file instead");
        }
        return objects;
    }

    static X509Certificate certificate(String file, X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new CertgenException(file + " holds an unreadable certificate: " + e.getMessage(), e);
        }
    }

    static X509CRL crl(String file, X509CRLHolder holder) {
        try {
            return new JcaX509CRLConverter().getCRL(holder);
        } catch (CRLException e) {
            throw new CertgenException(file + " holds an unreadable CRL: " + e.getMessage(), e);
        }
    }

    /** "  label:   value", the values aligned in one column, continuation lines under the first. */
    private static void print(List<Line> lines, PrintStream out) {
        int width = lines.stream().mapToInt(line -> line.label().length()).max().orElse(0) + 1;
        for (Line line : lines) {
            String label = line.label() + ":";
            for (int i = 0; i < line.values().size(); i++) {
                String prefix = i == 0 ? label : "";
                out.println("  " + prefix + " ".repeat(width - prefix.length() + 1) + line.values().get(i));
            }
        }
    }

    private static int usageError(PrintStream err, String message) {
        err.println("certgen: " + message);
        err.println("Run certgen --help to see the options.");
        return 2;
    }
}
