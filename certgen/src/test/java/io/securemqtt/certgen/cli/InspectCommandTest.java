package io.securemqtt.certgen.cli;

import static io.securemqtt.certgen.PkiFiles.certificate;
import static io.securemqtt.certgen.PkiFiles.crl;
import static io.securemqtt.certgen.PkiFiles.privateKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.securemqtt.certgen.Main;
import io.securemqtt.certgen.PkiFiles;
import io.securemqtt.certgen.pki.CertificateAuthority;
import io.securemqtt.certgen.pki.Expiry;
import io.securemqtt.certgen.pki.KeyType;
import io.securemqtt.certgen.pki.PkiDirectory;
import io.securemqtt.x509.UtcDates;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certgen inspect}: what it shows of real certificates and CRLs, as text and as JSON. */
class InspectCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static X509Certificate server;

    @TempDir
    Path temp;

    @BeforeAll
    static void createPki() throws Exception {
        Main.generate(dir);
        server = certificate(dir.resolve("server.crt"));
    }

    @Test
    void showsEveryFieldOfTheServerCertificate() throws Exception {
        String file = dir.resolve("server.crt").toString();

        PkiFiles.Run run = inspect(file);

        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.outLines();
        assertEquals(file + " (certificate)", lines.get(0));
        assertTrue(lines.contains("  subject:             CN=mosquitto"), run.out());
        assertTrue(lines.contains("  issuer:              CN=" + CertificateAuthority.COMMON_NAME), run.out());
        assertTrue(lines.contains("  serial number:       " + hex(server.getSerialNumber())), run.out());
        assertTrue(lines.contains("  subject alt names:   DNS:mosquitto, DNS:localhost, IP:127.0.0.1"), run.out());
        assertTrue(lines.contains("  key usage:           digitalSignature"), run.out());
        assertTrue(lines.contains("  extended key usage:  serverAuth"), run.out());
        assertTrue(lines.contains("  CA:                  no"), run.out());
        assertTrue(lines.contains("  key:                 EC P-256"), run.out());
        assertTrue(lines.contains("  SHA-256 fingerprint: " + fingerprint(server)), run.out());
        assertTrue(lines.contains("  not before:          " + UtcDates.time(server.getNotBefore().toInstant())), run.out());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("  not after:           "
                + UtcDates.time(server.getNotAfter().toInstant()) + " (36") && line.endsWith(" days left)")), run.out());
        assertTrue(lines.stream().allMatch(line -> line.equals(lines.get(0)) || line.startsWith("  ")), run.out());
        assertEquals("", run.err());
    }

    @Test
    void daysLeftFollowTheClock() {
        String file = dir.resolve("server.crt").toString();
        Instant notBefore = server.getNotBefore().toInstant();
        Instant notAfter = server.getNotAfter().toInstant();

        assertTrue(inspect(notAfter.minus(Duration.ofDays(10)), file).out().contains(" UTC (10 days left)"));
        assertTrue(inspect(notAfter.minus(Duration.ofDays(1)), file).out().contains(" UTC (1 day left)"));
        assertTrue(inspect(notAfter.plus(Duration.ofDays(3)), file).out().contains(" UTC (expired 3 days ago)"));
        assertTrue(inspect(notBefore.minus(Duration.ofDays(2)), file).out()
                .contains(UtcDates.time(notBefore) + " (not yet valid, starts in 2 days)"));
    }

    @Test
    void jsonHasEveryKeyAndTheValues() throws Exception {
        Instant now = server.getNotAfter().toInstant().minus(Duration.ofDays(100));
        PkiFiles.Run run = inspect(now, "--json", dir.resolve("server.crt").toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode array = JSON.readTree(run.out());
        assertTrue(array.isArray());
        assertEquals(1, array.size());
        JsonNode object = array.get(0);
        assertEquals(List.of("file", "type", "subject", "issuer", "serialNumber", "notBefore", "notAfter", "daysLeft",
                "status", "subjectAltNames", "keyUsage", "extendedKeyUsage", "ca", "pathLength", "keyType", "keySize",
                "subjectKeyIdentifier", "authorityKeyIdentifier", "sha256Fingerprint", "renewalFrom",
                "renewalWindowSeconds"), fieldNames(object));
        assertEquals(dir.resolve("server.crt").toString(), object.get("file").asText());
        assertEquals("certificate", object.get("type").asText());
        assertEquals("CN=mosquitto", object.get("subject").asText());
        assertEquals(hex(server.getSerialNumber()), object.get("serialNumber").asText());
        assertEquals(server.getNotBefore().toInstant(), Instant.parse(object.get("notBefore").asText()));
        assertEquals(server.getNotAfter().toInstant(), Instant.parse(object.get("notAfter").asText()));
        assertEquals(100, object.get("daysLeft").asInt());
        assertEquals("valid", object.get("status").asText());
        assertEquals(List.of("DNS:mosquitto", "DNS:localhost", "IP:127.0.0.1"), texts(object.get("subjectAltNames")));
        assertEquals(List.of("digitalSignature"), texts(object.get("keyUsage")));
        assertEquals(List.of("serverAuth"), texts(object.get("extendedKeyUsage")));
        assertFalse(object.get("ca").asBoolean());
        assertTrue(object.get("ca").isBoolean());
        assertTrue(object.get("pathLength").isNull());
        assertEquals("EC P-256", object.get("keyType").asText());
        assertEquals(256, object.get("keySize").asInt());
        assertEquals(fingerprint(server), object.get("sha256Fingerprint").asText());
        assertEquals(server.getNotAfter().toInstant().minus(Duration.ofDays(30)),
                Instant.parse(object.get("renewalFrom").asText()));
        assertEquals(Duration.ofDays(30).toSeconds(), object.get("renewalWindowSeconds").asLong());
    }

    @Test
    void showsWhenCertgenRenewsEachFile() throws Exception {
        Instant notAfter = server.getNotAfter().toInstant();
        Instant now = notAfter.minus(Duration.ofDays(100));
        X509CRL crl = crl(dir.resolve("crl.pem"));

        PkiFiles.Run text = inspect(now, dir.resolve("server.crt").toString(), dir.resolve("ca.crt").toString(),
                dir.resolve("crl.pem").toString());

        assertEquals(0, text.exitCode(), text.err());
        // The default window for a year's certificate, 30 days; a CA is never renewed.
        assertTrue(text.outLines().contains("  renewal from:        " + UtcDates.time(notAfter.minus(Duration.ofDays(30)))
                + " (in 70 days, 30 days before it expires)"), text.out());
        assertTrue(text.outLines().contains("  renewal from:        never (certgen never renews a CA)"), text.out());
        // certgen's CRL lasts 90 days and is refreshed within the same 30 days.
        Instant refresh = crl.getNextUpdate().toInstant().minus(Duration.ofDays(30));
        assertTrue(text.outLines().contains("  refresh from:        " + UtcDates.time(refresh) + " ("
                + Expiry.relative(now, refresh) + ")"), text.out());

        JsonNode json = JSON.readTree(inspect(now, "--json", "--renew-within", "7", dir.resolve("server.crt").toString(),
                dir.resolve("ca.crt").toString(), dir.resolve("crl.pem").toString()).out());
        assertEquals(notAfter.minus(Duration.ofDays(7)), Instant.parse(json.get(0).get("renewalFrom").asText()));
        assertEquals(Duration.ofDays(7).toSeconds(), json.get(0).get("renewalWindowSeconds").asLong());
        assertTrue(json.get(1).get("renewalFrom").isNull());
        assertTrue(json.get(1).get("renewalWindowSeconds").isNull());
        assertEquals(crl.getNextUpdate().toInstant().minus(Duration.ofDays(7)),
                Instant.parse(json.get(2).get("refreshFrom").asText()));
    }

    @Test
    void theDefaultWindowOfAShortCertificateIsATenthOfItsValidity() throws Exception {
        Path shortLived = temp.resolve("short");
        Main.generate(shortLived, "--days", "20");
        X509Certificate publisher = certificate(shortLived.resolve("publisher.crt"));

        JsonNode json = JSON.readTree(inspect(Instant.now(), "--json", shortLived.resolve("publisher.crt").toString())
                .out()).get(0);

        assertEquals(publisher.getNotAfter().toInstant().minus(Duration.ofDays(2)),
                Instant.parse(json.get("renewalFrom").asText()));
    }

    @Test
    void severalFilesAtOnce() throws Exception {
        List<String> files = List.of("ca.crt", "server.crt", "publisher.crt").stream()
                .map(name -> dir.resolve(name).toString()).toList();

        PkiFiles.Run text = inspect(files.toArray(String[]::new));
        String[] blocks = text.out().split(System.lineSeparator() + System.lineSeparator());
        assertEquals(3, blocks.length, text.out());
        for (int i = 0; i < 3; i++) {
            assertTrue(blocks[i].startsWith(files.get(i) + " (certificate)" + System.lineSeparator()), blocks[i]);
        }
        assertTrue(blocks[0].contains("  CA:                  yes, path length 0"), blocks[0]);
        assertTrue(blocks[0].contains("  key usage:           keyCertSign, cRLSign"), blocks[0]);
        assertTrue(blocks[2].contains("  extended key usage:  clientAuth"), blocks[2]);

        JsonNode array = JSON.readTree(inspect(List.of("--json"), files).out());
        assertEquals(3, array.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(files.get(i), array.get(i).get("file").asText());
        }
        assertTrue(array.get(0).get("ca").asBoolean());
        assertEquals(0, array.get(0).get("pathLength").asInt());
        assertEquals(array.get(0).get("subjectKeyIdentifier"), array.get(1).get("authorityKeyIdentifier"));
        assertEquals("CN=publisher", array.get(2).get("subject").asText());
        assertEquals(List.of(), texts(array.get(2).get("subjectAltNames")));
    }

    @Test
    void describesACrl() throws Exception {
        BigInteger serial = certificate(dir.resolve("publisher.crt")).getSerialNumber();
        Instant thisUpdate = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = thisUpdate.plus(Duration.ofDays(30));
        Path file = temp.resolve("crl.pem");
        VerifyCommandTest.writeCrl(file, VerifyCommandTest.crl(certificate(dir.resolve("ca.crt")),
                privateKey(dir.resolve("private/ca.key")), List.of(serial), thisUpdate, nextUpdate));

        PkiFiles.Run text = inspect(thisUpdate, file.toString());

        assertEquals(0, text.exitCode(), text.err());
        List<String> lines = text.outLines();
        assertEquals(file + " (CRL)", lines.get(0));
        assertTrue(lines.contains("  issuer:              CN=" + CertificateAuthority.COMMON_NAME), text.out());
        assertTrue(lines.contains("  CRL number:          7"), text.out());
        assertTrue(lines.contains("  this update:         " + UtcDates.time(thisUpdate)), text.out());
        assertTrue(lines.contains("  next update:         " + UtcDates.time(nextUpdate) + " (30 days left)"), text.out());
        assertTrue(lines.contains("  revoked:             " + hex(serial) + " on " + UtcDates.time(thisUpdate)), text.out());
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("  authority key id:    ")
                && line.matches(".*([0-9A-F]{2}:){19}[0-9A-F]{2}")), text.out());

        JsonNode crl = JSON.readTree(inspect(thisUpdate, "--json", file.toString()).out()).get(0);
        assertEquals(List.of("file", "type", "issuer", "crlNumber", "thisUpdate", "nextUpdate", "daysLeft", "status",
                "authorityKeyIdentifier", "revoked", "sha256Fingerprint", "refreshFrom"), fieldNames(crl));
        assertEquals("crl", crl.get("type").asText());
        assertEquals(7, crl.get("crlNumber").asInt());
        assertEquals(nextUpdate, Instant.parse(crl.get("nextUpdate").asText()));
        assertEquals(30, crl.get("daysLeft").asInt());
        assertEquals(1, crl.get("revoked").size());
        assertEquals(hex(serial), crl.get("revoked").get(0).get("serialNumber").asText());
        assertEquals(thisUpdate, Instant.parse(crl.get("revoked").get(0).get("revocationDate").asText()));
        // The CA's subject key identifier is the CRL's authority key identifier.
        JsonNode ca = JSON.readTree(inspect("--json", dir.resolve("ca.crt").toString()).out()).get(0);
        assertEquals(ca.get("subjectKeyIdentifier"), crl.get("authorityKeyIdentifier"));
    }

    @Test
    void jsonEscapesWhatANameMayHold() throws Exception {
        var ca = CertificateAuthority.create(CertificateAuthority.COMMON_NAME, KeyType.EC_P256, Duration.ofDays(1));
        Instant now = Instant.now();
        String name = "Zo\u00eb \"quoted\" \ud83d\ude00";
        new PkiDirectory(temp).save("odd", ca.issueClient(name, KeyType.EC_P256, now, now.plus(Duration.ofDays(1))));
        X509Certificate odd = certificate(temp.resolve("odd.crt"));

        PkiFiles.Run run = inspect("--json", temp.resolve("odd.crt").toString());

        assertTrue(run.out().chars().allMatch(c -> c < 0x80), "the JSON is ASCII: " + run.out());
        assertEquals(odd.getSubjectX500Principal().getName(), JSON.readTree(run.out()).get(0).get("subject").asText());
        // RFC 2253 itself escapes the quotes: CN=Zoë \"quoted\" 😀
        assertEquals("CN=" + name.replace("\"", "\\\""), JSON.readTree(run.out()).get(0).get("subject").asText());
    }

    // --- failures -----------------------------------------------------------------------------

    @Test
    void missingFileIsNamedAndTheOthersAreStillShown() {
        String missing = temp.resolve("missing.crt").toString();

        PkiFiles.Run run = inspect(dir.resolve("server.crt").toString(), missing);

        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("CN=mosquitto"), run.out());
        assertEquals("certgen: " + missing + " does not exist: expected a PEM certificate (-----BEGIN CERTIFICATE-----)"
                + " or CRL (-----BEGIN X509 CRL-----)", run.err().strip());
    }

    @Test
    void fileWithoutPemIsRefused() throws Exception {
        Path file = temp.resolve("notes.txt");
        Files.writeString(file, "hello, not a certificate\n");

        PkiFiles.Run run = inspect(file.toString());

        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("certgen: " + file + " holds no certificate or CRL: expected a PEM certificate"),
                run.err());
    }

    @Test
    void privateKeyIsRefusedWithoutShowingIt() throws Exception {
        Path key = dir.resolve("server.key");

        PkiFiles.Run run = inspect("--json", key.toString());

        assertEquals(1, run.exitCode());
        assertEquals("[]", run.out().strip());
        assertTrue(run.err().startsWith("certgen: " + key + " holds a private key, not a certificate or CRL"), run.err());
    }

    @Test
    void directoryIsRefused() {
        PkiFiles.Run run = inspect(dir.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("certgen: " + dir + " is a directory"), run.err());
    }

    @Test
    void noFileIsABadCommandLine() {
        for (List<String> args : List.of(List.<String>of(), List.of("--json"), List.of("--pem", "server.crt"))) {
            PkiFiles.Run run = inspect(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), args.toString());
            assertEquals("", run.out());
            assertTrue(run.err().startsWith("certgen: "), run.err());
            assertTrue(run.err().endsWith("Run certgen --help to see the options." + System.lineSeparator()), run.err());
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    private static PkiFiles.Run inspect(String... args) {
        return inspect(Instant.now(), args);
    }

    private static PkiFiles.Run inspect(List<String> options, List<String> files) {
        List<String> args = new ArrayList<>(options);
        args.addAll(files);
        return inspect(args.toArray(String[]::new));
    }

    private static PkiFiles.Run inspect(Instant now, String... args) {
        return PkiFiles.certgenAt(Clock.fixed(now, ZoneOffset.UTC), Stream.concat(Stream.of("inspect"), Stream.of(args)).toArray(String[]::new));
    }

    /** As OpenSSL prints a fingerprint, computed here with the JDK alone. */
    private static String fingerprint(X509Certificate certificate) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    /** As {@code openssl x509 -serial} prints a serial number: upper-case hex in whole octets. */
    private static String hex(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase();
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
