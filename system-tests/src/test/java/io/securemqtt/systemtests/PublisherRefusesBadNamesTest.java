package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.article.Topics;
import io.securemqtt.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A newspaper or section name becomes a topic level, so one with {@code /}, {@code +} or
 * {@code #}, an empty one or an over-long one would publish somewhere else than meant, or be
 * refused by the broker mid-run. The real publisher program refuses a catalogue holding such an
 * entry at start-up, saying which entry, which level and why, and sends nothing: a witness
 * reading all of {@code articulos/#} on the real broker sees no message.
 *
 * <p>The unit tests of common and publisher check the messages of {@code Topics} and
 * {@code Catalogue.parse}; this checks what an operator meets: {@code CATALOGUE_FILE}, the shaded jar,
 * its exit code and stderr, and the broker.
 */
class PublisherRefusesBadNamesTest {

    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(20);
    private static final String GOOD_ENTRY = "{\"newspaper\":\"x\",\"section\":\"futbol\",\"title\":\"Bueno\",\"body\":\"\"}";

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @TempDir
    static Path files;

    private static MqttClient witness;
    /** Topics of every message the broker delivered on articulos/#, from any publisher. */
    private static final BlockingQueue<String> delivered = new LinkedBlockingQueue<>();

    @BeforeAll
    static void watchAllArticles() throws Exception {
        TestPki pki = broker.pki();
        witness = RawTlsClient.connect(broker.tlsUri(),
                RawTlsClient.context(pki.ca(), pki.cert("subscriber"), pki.key("subscriber")));
        IMqttMessageListener record = (topic, message) -> delivered.add(topic);
        witness.subscribe(new MqttSubscription[] {new MqttSubscription(Topics.ROOT + "/#", 1)},
                new IMqttMessageListener[] {record}).waitForCompletion(5_000);
    }

    @AfterAll
    static void stopWatching() throws Exception {
        if (witness != null) {
            witness.disconnect();
            witness.close(true);
        }
    }

    /** The level, the bad name, and the words that must say why it is bad. */
    static Stream<Arguments> badNames() {
        return Stream.of("newspaper", "section").flatMap(level -> Stream.of(
                Arguments.of(level, "el/pais", "contains '/'"),
                Arguments.of(level, "mar+ca", "wildcard"),
                Arguments.of(level, "#", "wildcard"),
                Arguments.of(level, "", "is empty"),
                Arguments.of(level, "a".repeat(Topics.MAX_LEVEL_LENGTH + 1), "longer than " + Topics.MAX_LEVEL_LENGTH)));
    }

    @ParameterizedTest(name = "{0} \"{1}\"")
    @MethodSource("badNames")
    void publisherRefusesTheCatalogueAndSendsNothing(String level, String name, String why) throws Exception {
        // The same name is refused wherever an article is made, not only by the catalogue.
        String newspaper = level.equals("newspaper") ? name : "x";
        String section = level.equals("section") ? name : "futbol";
        assertThrows(IllegalArgumentException.class, () -> Topics.forArticle(newspaper, section));
        assertThrows(IllegalArgumentException.class,
                () -> new Article(UUID.randomUUID().toString(), newspaper, section, "Malo", "", Instant.now()));

        // A good entry first: refusing the file must not mean publishing what came before the bad entry.
        String badEntry = "{\"newspaper\":\"" + newspaper + "\",\"section\":\"" + section + "\",\"title\":\"Malo\",\"body\":\"\"}";
        Path catalogue = Files.writeString(files.resolve("catalogue-" + UUID.randomUUID() + ".json"),
                "[" + GOOD_ENTRY + "," + badEntry + "]");

        ShadedProgram.Finished run = ShadedProgram.PUBLISHER.run(publisherEnvironment(catalogue), files, PROCESS_TIMEOUT);

        assertEquals(2, run.exitCode(), run.describe());
        String stderr = run.stderr().strip();
        assertEquals(1, stderr.lines().count(), "exactly one line on stderr; " + run.describe());
        String where = "configuration error: catalogue " + catalogue + " (CATALOGUE_FILE): entry 2 (\"Malo\"): ";
        assertTrue(stderr.startsWith(where + level), "should name the file, the entry and the level; " + run.describe());
        assertTrue(name.isEmpty() || stderr.contains("'" + name + "'"), "should quote the bad name; " + run.describe());
        assertTrue(stderr.contains(why), "should say why (\"" + why + "\"); " + run.describe());
        assertNull(delivered.poll(300, TimeUnit.MILLISECONDS), "the refused publisher sent something");
    }

    /** The control: with a good catalogue, the same program and environment do publish, and the witness sees it. */
    @Test
    void publisherSendsAGoodCatalogue() throws Exception {
        Path catalogue = Files.writeString(files.resolve("good.json"), "[" + GOOD_ENTRY + "]");
        try (ShadedProgram.Running running = ShadedProgram.PUBLISHER.start(publisherEnvironment(catalogue), files)) {
            assertEquals("articulos/x/futbol", delivered.poll(15, TimeUnit.SECONDS),
                    "nothing arrived from the publisher; its stderr:\n" + running.stderr());
        }
        // It may have published more than once before it was killed: let those arrive now, not during another test.
        while (delivered.poll(500, TimeUnit.MILLISECONDS) != null) {
            // drain
        }
    }

    /** A working publisher configuration for this broker, apart from the catalogue. */
    private static Map<String, String> publisherEnvironment(Path catalogue) {
        Map<String, String> environment = broker.programEnvironment("publisher");
        environment.put("MQTT_CLIENT_ID", "publisher-" + UUID.randomUUID().toString().substring(0, 8));
        environment.put("CATALOGUE_FILE", catalogue.toString());
        environment.put("PUBLISH_INTERVAL", "200ms");
        environment.put("HTTP_PORT", "0"); // no HTTP server: 8080 may be taken on the test host
        return Map.copyOf(environment);
    }
}
