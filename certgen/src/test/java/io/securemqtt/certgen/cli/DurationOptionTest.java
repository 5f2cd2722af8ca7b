package io.securemqtt.certgen.cli;

import static io.securemqtt.certgen.PkiFiles.certgen;
import static io.securemqtt.certgen.PkiFiles.certificate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.PkiFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lengths of time on the command line: --validity, --renew-within, --crl-validity, renew-loop's --every. */
class DurationOptionTest {

    @TempDir
    Path temp;

    @Test
    void aNumberTakesItsUnitAndANumberAloneIsDays() throws UsageException {
        assertEquals(Duration.ofDays(365), DurationOption.parse("--validity", "365d"));
        assertEquals(Duration.ofHours(12), DurationOption.parse("--validity", "12h"));
        assertEquals(Duration.ofMinutes(3), DurationOption.parse("--validity", "3m"));
        assertEquals(Duration.ofSeconds(15), DurationOption.parse("--every", "15s"));
        assertEquals(Duration.ofDays(30), DurationOption.parse("--renew-within", "30"));
        assertEquals(DurationOption.MAX, DurationOption.parse("--validity", "36500d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "d", "0", "0m", "-1d", "1.5d", "3x", "3 m", "3M", "36501d", "1d12h", "9999999999s"})
    void anythingElseIsRefusedNamingTheOptionAndTheValue(String value) {
        String message = assertThrows(UsageException.class, () -> DurationOption.parse("--renew-within", value))
                .getMessage();
        assertTrue(message.startsWith("--renew-within \"" + value + "\" is not a duration"), message);
        assertTrue(message.contains("e.g. 365d, 12h or 3m"), message);
    }

    @Test
    void aDurationIsWrittenBackInItsLargestWholeUnit() {
        assertEquals("30d", DurationOption.format(Duration.ofDays(30)));
        assertEquals("36h", DurationOption.format(Duration.ofHours(36)));
        assertEquals("90m", DurationOption.format(Duration.ofMinutes(90)));
        assertEquals("75s", DurationOption.format(Duration.ofSeconds(75)));
    }

    @Test
    void minuteLongCertificatesButNotAMinuteLongCa() throws Exception {
        Instant started = Instant.now();
        PkiFiles.Run run = certgen("--out", dir().toString(), "--validity", "3m", "--renew-within", "2m",
                "--client", "publisher");
        assertEquals(0, run.exitCode(), run.err());
        for (String file : new String[] {"server.crt", "publisher.crt"}) {
            assertEquals(started.plus(Duration.ofMinutes(3)).getEpochSecond(),
                    certificate(dir().resolve(file)).getNotAfter().toInstant().getEpochSecond(), 60, file);
        }
        assertEquals(started.plus(Duration.ofDays(3650)).getEpochSecond(),
                certificate(dir().resolve("ca.crt")).getNotAfter().toInstant().getEpochSecond(), 120);
        // The CRL keeps its own validity, 90 days by default: --validity is the certificates'.
        assertTrue(run.out().contains("created crl.pem"), run.out());
    }

    @Test
    void theWindowMustBeShorterThanTheValidityAsTyped() {
        PkiFiles.Run run = certgen("--out", dir().toString(), "--validity", "3m", "--renew-within", "180s");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--renew-within 180s is not shorter than --validity 3m"), run.err());
    }

    @Test
    void aBadDurationIsAUsageError() {
        PkiFiles.Run run = certgen("--out", dir().toString(), "--crl-validity", "soon");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--crl-validity \"soon\" is not a duration"), run.err());
    }

    private Path dir() {
        return temp.resolve("certs");
    }
}
