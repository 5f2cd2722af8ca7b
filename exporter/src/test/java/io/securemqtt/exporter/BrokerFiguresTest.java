package io.securemqtt.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.testing.TravellingClock;

/** The $SYS values as the broker sends them, and as a broker (or anyone between) should not. */
class BrokerFiguresTest {

    private final TravellingClock clock = new TravellingClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final Monitoring monitoring = new Monitoring(clock);
    private final AtomicBoolean connected = new AtomicBoolean(true);
    private final BrokerFigures figures = new BrokerFigures(monitoring.registry(), clock, connected::get);

    private void send(String topic, String value) {
        figures.accept(topic, value.getBytes(StandardCharsets.UTF_8));
    }

    private double sample(String name) {
        return Scrape.value(monitoring, name);
    }

    @Test
    void everyKeptTopicBecomesItsMetric() {
        send("$SYS/broker/clients/connected", "3");
        send("$SYS/broker/messages/received", "1200");
        send("$SYS/broker/messages/sent", "1100");
        send("$SYS/broker/publish/messages/dropped", "7");
        send("$SYS/broker/store/messages/count", "42");
        send("$SYS/broker/store/messages/bytes", "65536");
        send("$SYS/broker/subscriptions/count", "5");
        send("$SYS/broker/uptime", "86400 seconds");
        send("$SYS/broker/version", "mosquitto version 2.1.2");

        assertEquals(3, sample("mosquitto_clients_connected"));
        assertEquals(1200, sample("mosquitto_messages_received_total"));
        assertEquals(1100, sample("mosquitto_messages_sent_total"));
        assertEquals(7, sample("mosquitto_messages_dropped_total"));
        assertEquals(42, sample("mosquitto_messages_stored"));
        assertEquals(65536, sample("mosquitto_messages_stored_bytes"));
        assertEquals(5, sample("mosquitto_subscriptions"));
        assertEquals(86400, sample("mosquitto_uptime_seconds"));
        assertEquals(1, sample("mosquitto_info{version=\"2.1.2\"}"));
        assertEquals(0, sample("mosquitto_sys_values_ignored_total"));
        assertEquals(1, sample("mosquitto_up"));
    }

    @Test
    void beforeAnyValueTheFiguresAreNotANumberAndTheBrokerIsNotUp() {
        assertTrue(Double.isNaN(sample("mosquitto_clients_connected")));
        assertTrue(Double.isNaN(sample("mosquitto_uptime_seconds")));
        assertFalse(monitoring.scrape().contains("mosquitto_info{"), "no version yet");
        assertEquals(0, sample("mosquitto_up"));
    }

    @Test
    void aNewVersionReplacesTheOldSeries() {
        send("$SYS/broker/version", "mosquitto version 2.1.2");
        send("$SYS/broker/version", "mosquitto version 2.1.3");
        assertEquals(1, sample("mosquitto_info{version=\"2.1.3\"}"));
        assertFalse(monitoring.scrape().contains("version=\"2.1.2\""), monitoring.scrape());
    }

    @Test
    void upOnlyWhileConnectedAndUpdatedWithinThirtySeconds() {
        send("$SYS/broker/uptime", "10 seconds");
        assertEquals(1, sample("mosquitto_up"));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(1, sample("mosquitto_up"), "30 s is still fresh");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, sample("mosquitto_up"), "no update for 31 s");

        send("$SYS/broker/uptime", "41 seconds");
        assertEquals(1, sample("mosquitto_up"));
        connected.set(false);
        assertEquals(0, sample("mosquitto_up"), "not connected");
        assertEquals(41, sample("mosquitto_uptime_seconds"), "the last value stays");
    }

    @Test
    void aRefusedValueIsNoUpdate() {
        send("$SYS/broker/uptime", "10 seconds");
        clock.advance(Duration.ofSeconds(31));
        Scrape.log(() -> send("$SYS/broker/uptime", "soon"));
        assertEquals(0, sample("mosquitto_up"));
    }

    @ParameterizedTest(name = "{0} = \"{1}\": {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "$SYS/broker/clients/connected   | three                         | not a whole number",
        "$SYS/broker/clients/connected   | -1                            | negative",
        "$SYS/broker/clients/connected   | 1.5                           | not a whole number",
        "$SYS/broker/clients/connected   | ' 3'                          | not a whole number",
        "$SYS/broker/clients/connected   | +3                            | not a whole number",
        "$SYS/broker/clients/connected   | 0x10                          | not a whole number",
        "$SYS/broker/clients/connected   | NaN                           | not a whole number",
        "$SYS/broker/messages/received   | 9007199254740993              | larger than 9007199254740992",
        "$SYS/broker/messages/received   | 99999999999999999999          | larger than 9007199254740992",
        "$SYS/broker/uptime              | 12                            | not 'N seconds'",
        "$SYS/broker/uptime              | -12 seconds                   | negative",
        "$SYS/broker/uptime              | 12 seconds ago                | not 'N seconds'",
        "$SYS/broker/version             | mosquitto version 2.1.2\"} 1 | characters other than A-Z a-z 0-9 . _ + ~ -",
        "$SYS/broker/version             | mosquitto version 2.1 beta    | characters other than A-Z a-z 0-9 . _ + ~ -",
        "$SYS/broker/version             | mosquitto version             | characters other than A-Z a-z 0-9 . _ + ~ -",
    })
    void aValueThatIsNotWhatItsTopicCarriesIsOneWarningAndTheLastGoodValueStays(String topic, String value, String reason) {
        send("$SYS/broker/clients/connected", "3");
        send("$SYS/broker/messages/received", "100");
        send("$SYS/broker/uptime", "60 seconds");
        send("$SYS/broker/version", "mosquitto version 2.1.2");

        String log = Scrape.log(() -> send(topic, value));

        List<String> lines = log.lines().toList();
        assertEquals(1, lines.size(), log);
        assertTrue(lines.get(0).contains(" WARN BrokerFigures - $SYS value ignored: topic=" + topic + " value=\"" + value + "\" reason=" + reason),
                lines.get(0));
        assertEquals(1, sample("mosquitto_sys_values_ignored_total"));
        assertEquals(3, sample("mosquitto_clients_connected"));
        assertEquals(100, sample("mosquitto_messages_received_total"));
        assertEquals(60, sample("mosquitto_uptime_seconds"));
        assertEquals(1, sample("mosquitto_info{version=\"2.1.2\"}"));
    }

    @Test
    void aLongValueIsRefusedUnreadAndShownCutShort() {
        send("$SYS/broker/clients/connected", "3");
        byte[] huge = "9".repeat(60_000).getBytes(StandardCharsets.US_ASCII);

        String log = Scrape.log(() -> figures.accept("$SYS/broker/clients/connected", huge));

        assertTrue(log.contains("value=\"" + "9".repeat(32) + "...(60000 bytes)\" reason=longer than 128 bytes (60000)"), log);
        assertTrue(log.length() < 400, "the warning is short: " + log);
        assertEquals(3, sample("mosquitto_clients_connected"));
    }

    @Test
    void aLongVersionIsRefused() {
        String log = Scrape.log(() -> send("$SYS/broker/version", "mosquitto version " + "1".repeat(65)));
        assertTrue(log.contains("reason=longer than 64 characters"), log);
        assertFalse(monitoring.scrape().contains("mosquitto_info{"));
    }

    @Test
    void emptyAndNonUtf8PayloadsAreRefused() {
        String log = Scrape.log(() -> {
            figures.accept("$SYS/broker/subscriptions/count", new byte[0]);
            figures.accept("$SYS/broker/subscriptions/count", null);
            figures.accept("$SYS/broker/subscriptions/count", new byte[] {(byte) 0xC3, 0x28});
        });
        assertTrue(log.contains("reason=empty"), log);
        assertTrue(log.contains("reason=not UTF-8"), log);
        assertEquals(3, sample("mosquitto_sys_values_ignored_total"));
    }

    @Test
    void controlCharactersInARefusedValueAreEscapedInTheLog() {
        String log = Scrape.log(() -> send("$SYS/broker/version", "2.1\n2026-12-01 FAKE ERROR line"));
        assertEquals(1, log.lines().count(), log);
    }

    @Test
    void unknownTopicsAreIgnoredWithoutAWordAndNothingOfThemIsKept() {
        String before = monitoring.scrape();
        String log = Scrape.log(() -> {
            for (int i = 0; i < 10_000; i++) {
                send("$SYS/broker/load/messages/received/" + i + "min", "12.5");
            }
            send("$SYS/broker/heap/current", "not even a number");
            send("articulos/marca/futbol", "1");
        });
        assertEquals("", log);
        assertEquals(0, sample("mosquitto_sys_values_ignored_total"));
        assertEquals(before.lines().count(), monitoring.scrape().lines().count(), "no new series");
        assertEquals(0, sample("mosquitto_up"), "an unknown topic is no update");
    }

    @Test
    void leadingZerosAndTheLargestExactCountAreAccepted() {
        send("$SYS/broker/messages/sent", "0042");
        assertEquals(42, sample("mosquitto_messages_sent_total"));
        send("$SYS/broker/messages/sent", "9007199254740992");
        assertEquals(9007199254740992.0, sample("mosquitto_messages_sent_total"));
    }

    @Test
    void aVersionWithoutMosquittosPrefixIsTakenAsItIs() {
        send("$SYS/broker/version", "2.1.2-rc1");
        assertEquals(1, sample("mosquitto_info{version=\"2.1.2-rc1\"}"));
    }
}
