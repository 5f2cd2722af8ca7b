package io.securemqtt.certgen.cli;

import static io.securemqtt.certgen.PkiFiles.certificate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.CertgenException;
import io.securemqtt.certgen.PkiFiles;
import io.securemqtt.x509.UtcDates;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The renewal loop's decisions, on a clock the test moves: what is renewed on which round, when the
 * delivery command runs, and which schedules it refuses.
 */
class RenewLoopCommandTest {

    @TempDir
    Path temp;

    /** A clock that moves only when the loop sleeps. */
    private static final class SteppingClock extends Clock {
        private Instant now;

        SteppingClock(Instant start) {
            this.now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final SteppingClock clock = new SteppingClock(Instant.now().truncatedTo(ChronoUnit.SECONDS)); // X.509 times are whole seconds
    private final Instant start = clock.instant();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @Test
    void eachCertificateIsRenewedOnceInsideItsWindowAndTheCrlBeforeItsNextUpdate() throws Exception {
        // Rounds at 0, 20, ... 160 s. Certificates of 3 minutes are due once less than 2 minutes are
        // left: first at 80 s (expiry 180 s), then at 160 s (expiry 80 + 180 = 260 s). The CRL, valid
        // 4 minutes, is due once less than 2 (half its validity) are left: at 140 s.
        List<String> out = loop(8, "--validity", "3m", "--renew-within", "2m", "--crl-validity", "4m",
                "--every", "20s", "--client", "publisher", "--", "sh", "-c", "echo delivery ran");

        assertEquals(List.of(0L, 80L, 140L, 160L), roundsWithChanges(out));
        assertEquals(4, out.stream().filter("delivery ran"::equals).count(), "after each round that changed files");
        long renewals = out.stream().filter(line -> line.startsWith("re-issued server.crt: it expires on")).count();
        assertEquals(2, renewals, String.join("\n", out));
        String renewal = out.stream().filter(line -> line.startsWith("re-issued publisher.crt")).findFirst().orElseThrow();
        assertTrue(renewal.contains("(CN=publisher, ") && renewal.contains("expiry " + UtcDates.time(start.plusSeconds(180))
                + " -> " + UtcDates.time(start.plusSeconds(80 + 180))), renewal);
        assertEquals(1, out.stream().filter(line -> line.startsWith("refreshed crl.pem: its next update is due")).count());
        assertTrue(out.stream().noneMatch(line -> line.startsWith("kept ")), "the loop logs changes only");
        assertEquals("renew-loop: stopped", out.get(out.size() - 1));

        assertEquals(start.plusSeconds(160 + 180).getEpochSecond(),
                certificate(dir().resolve("server.crt")).getNotAfter().toInstant().getEpochSecond());
        assertEquals(start.plusSeconds(140 + 240).getEpochSecond(), crl().getNextUpdate().toInstant().getEpochSecond());
    }

    @Test
    void withTheDefaultsNothingIsDueForMonths() throws Exception {
        List<String> out = loop(3, "--client", "publisher", "--", "sh", "-c", "echo delivery ran");
        assertEquals(List.of(0L), roundsWithChanges(out));
        assertTrue(out.get(0).startsWith("renew-loop: checking " + dir() + " every 1h (renewal window 30d,"), out.get(0));
        assertEquals(1, out.stream().filter("delivery ran"::equals).count());
    }

    @Test
    void aFailedDeliveryStopsTheLoop() {
        var e = assertThrows(CertgenException.class, () -> loop(3, "--client", "publisher", "--", "sh", "-c", "exit 3"));
        assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
    }

    @Test
    void aCheckNoMoreFrequentThanTheWindowIsRefused() {
        var e = assertThrows(UsageException.class, () -> loop(1, "--validity", "3m", "--renew-within", "2m", "--every", "2m"));
        assertTrue(e.getMessage().startsWith("--every 2m is not shorter than the renewal window, 2m"), e.getMessage());
        // The CRL's window counts too: half of a 10-minute CRL is shorter than the default 30 days.
        e = assertThrows(UsageException.class, () -> loop(1, "--crl-validity", "10m", "--every", "5m"));
        assertTrue(e.getMessage().startsWith("--every 5m is not shorter than the renewal window, 5m"), e.getMessage());
    }

    @Test
    void withoutEveryItChecksHourlyOrFourTimesInsideAShorterWindow() throws UsageException {
        assertTrue(loop(0, "--validity", "3m", "--renew-within", "2m").get(0).contains(" every 30s (renewal window 2m,"));
        output.reset();
        assertTrue(loop(0, "--crl-validity", "4h").get(0).contains(" every 30m (renewal window 2h,"));
    }

    @Test
    void forceAndAMissingCommandAreRefused() {
        assertTrue(assertThrows(UsageException.class, () -> loop(1, "--force")).getMessage().contains("--force"));
        assertTrue(assertThrows(UsageException.class, () -> loop(1, "--")).getMessage().contains("the command"));
        assertTrue(assertThrows(UsageException.class, () -> loop(1, "--every", "soon")).getMessage()
                .startsWith("--every \"soon\" is not a duration"));
    }

    @Test
    void theCommandLineKnowsTheCommand() {
        PkiFiles.Run run = PkiFiles.certgen("renew-loop", "--out", dir().toString(), "--renew-within", "1h",
                "--every", "1h");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--every 1h is not shorter than the renewal window"), run.err());
        assertTrue(PkiFiles.certgen("--help").out().contains("certgen renew-loop [--every DURATION]"));
    }

    /** Runs the loop for {@code sleeps} sleeps, each moving the clock by its length; its output lines. */
    private List<String> loop(int sleeps, String... args) throws UsageException {
        List<String> all = new ArrayList<>(List.of("--out", dir().toString()));
        all.addAll(List.of(args));
        int[] slept = {0};
        RenewLoopCommand.run(all, clock, new PrintStream(output, true, StandardCharsets.UTF_8), every -> {
            if (slept[0]++ == sleeps) {
                throw new InterruptedException();
            }
            clock.now = clock.now.plus(every);
        });
        assertTrue(Thread.interrupted(), "the loop keeps the interrupt for its caller"); // and clears it for the next
        return output.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The second, from the start, of each round that changed something. */
    private List<Long> roundsWithChanges(List<String> out) {
        return out.stream().filter(line -> line.matches("renew-loop: \\d{4}-.* UTC: \\d+ changes?"))
                .map(line -> line.substring("renew-loop: ".length(), line.lastIndexOf(": ")))
                .map(time -> Duration.between(start, Instant.parse(time.replace(" UTC", "Z").replace(' ', 'T')))
                        .toSeconds())
                .toList();
    }

    private X509CRL crl() throws Exception {
        try (InputStream in = Files.newInputStream(dir().resolve("crl.pem"))) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
    }

    private Path dir() {
        return temp.resolve("certs");
    }
}
