package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.testing.Await;
import io.securemqtt.testing.MosquittoContainer;
import io.securemqtt.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.article.ArticleCodec;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.ReasonCodes;

/**
 * A holder of a valid identity (the {@code publisher}'s key) publishes "poison": a 40 MB article and a
 * 100 KB one on {@code articulos/x/futbol}. Before the size limits, the 40 MB one made Paho allocate the
 * whole packet and the subscriber died of OutOfMemoryError, again at every restart, since its
 * persistent session handed the article over again.
 *
 * <p>The real subscriber runs as its image runs it: the shaded jar with a 64 MB heap that exits on
 * OutOfMemoryError. Two lines of defence, each shown on its own: the broker refuses what no article
 * needs ({@code max_packet_size}); and, on a broker without those limits, the
 * Maximum Packet Size the client announces keeps the poison away from it all the same.
 *
 * <p>Each test starts the subscriber again with the same client id after killing it: its persistent
 * session is intact, delivers what was queued meanwhile, and never hands the poison over.
 */
class PoisonMessageTest {

    private static final String TOPIC = "articulos/x/futbol";
    private static final long FORTY_MB = 40L * 1024 * 1024;
    private static final long HUNDRED_KB = 100L * 1024;
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** As the Dockerfile's subscriber ENTRYPOINT: the heap and the exit on OutOfMemoryError. */
    private static final String IMAGE_JVM_OPTIONS = "-Xms16m -Xmx64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError";
    private static final String DROPPED_FOR = "Dropping too large outgoing PUBLISH for ";

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @TempDir
    Path work;

    @Test
    void theBrokerRefusesPoisonAndTheSubscriberCarriesOn() throws Exception {
        String clientId = "subscriber-" + UUID.randomUUID().toString().substring(0, 8);
        MosquittoContainer container = broker.container();
        try (ShadedProgram.Running subscriber = startSubscriber(container, clientId)) {
            SSLContext hostile = hostileTls();

            // max_packet_size: each cut off at its header, before the broker allocates it, and its sender disconnected.
            for (long size : new long[] {FORTY_MB, HUNDRED_KB}) {
                String hostileId = "hostile-" + size;
                try (RawMqttConnection connection = RawMqttConnection.connect(hostile, container.mqttsHost(), container.mqttsPort(), hostileId)) {
                    RawMqttConnection.Reply reply = connection.publish(TOPIC, poisonPrefix(), 'a', poisonSuffix(), size);
                    assertTrue(reply.isDisconnect(), "the broker should disconnect a publisher of " + size + " bytes, got " + reply);
                    assertEquals(ReasonCodes.PACKET_TOO_LARGE, reply.reasonCode(), size + " bytes: " + reply);
                }
                // Mosquitto 2.1: "Client <id> [<address>:<port>] disconnected: oversize packet."
                broker.awaitLog(Pattern.compile("Client " + Pattern.quote(hostileId) + " \\[[^]]+\\] disconnected: oversize packet\\."));
            }

            // Just over the payload limit, within the packet size: the subscriber's codec is the last line, one warning.
            try (RawMqttConnection connection = RawMqttConnection.connect(hostile, container.mqttsHost(), container.mqttsPort(), "hostile-just-over")) {
                RawMqttConnection.Reply reply = connection.publish(TOPIC, poisonPrefix(), 'a', poisonSuffix(), ArticleCodec.MAX_PAYLOAD_BYTES + 1);
                assertTrue(reply.isPuback() && !ReasonCodes.isFailure(reply.reasonCode()), reply.toString());
            }
            assertCarriesOnAfterOneWarning(subscriber, container);
        }

        // Its session is intact: an article published while it is away arrives when it comes back, and nothing else.
        Article whileAway = publishGoodArticle(container);
        try (ShadedProgram.Running subscriber = startSubscriber(container, clientId)) {
            subscriber.awaitStdout("received: topic=" + TOPIC + " id=" + whileAway.id(), WAIT);
            assertStillStanding(subscriber, 0);
        }
    }

    @Test
    void theSubscribersMaximumPacketSizeAloneKeepsPoisonAway() throws Exception {
        String clientId = "subscriber-" + UUID.randomUUID().toString().substring(0, 8);
        try (MosquittoContainer unlimited = EditedBrokerConfig.apply(new MosquittoContainer(broker.pki().dir()),
                // Since 2.1 a broker without max_packet_size still stops packets at 2,000,000 bytes: one
                // without our limit is one that allows MQTT's own maximum (256 MB).
                EditedBrokerConfig.without("max_packet_size", "max_queued_bytes"), "max_packet_size 268435455")) {
            unlimited.start();
            try (ShadedProgram.Running subscriber = startSubscriber(unlimited, clientId)) {
                try (RawMqttConnection connection = RawMqttConnection.connect(hostileTls(), unlimited.mqttsHost(), unlimited.mqttsPort(), "hostile")) {
                    RawMqttConnection.Reply reply = connection.publish(TOPIC, poisonPrefix(), 'a', poisonSuffix(), FORTY_MB);
                    assertTrue(reply.isPuback() && !ReasonCodes.isFailure(reply.reasonCode()), "this broker accepts 40 MB, got " + reply);
                    awaitBrokerLog(unlimited, DROPPED_FOR + clientId);

                    // Just over the payload limit, and so within the packet size: the codec is the last line, one warning.
                    long justOver = ArticleCodec.MAX_PAYLOAD_BYTES + 1;
                    assertTrue(justOver + 100 < MqttConnections.MAXIMUM_PACKET_SIZE);
                    reply = connection.publish(TOPIC, poisonPrefix(), 'a', poisonSuffix(), justOver);
                    assertTrue(reply.isPuback() && !ReasonCodes.isFailure(reply.reasonCode()), reply.toString());
                }
                assertCarriesOnAfterOneWarning(subscriber, unlimited);
            }

            // Dropped for good: back after a kill, the subscriber gets what was queued behind the poison, in
            // order (one topic, QoS 1), and the broker never tried the poison again.
            Article whileAway = publishGoodArticle(unlimited);
            try (ShadedProgram.Running subscriber = startSubscriber(unlimited, clientId)) {
                subscriber.awaitStdout("received: topic=" + TOPIC + " id=" + whileAway.id(), WAIT);
                assertEquals(1, count(unlimited.getLogs(), DROPPED_FOR + clientId), unlimited.getLogs());
                assertStillStanding(subscriber, 0);
            }
        }
    }

    /** No drop of its connection, no OutOfMemoryError, and {@code warnings} invalid articles, no more. */
    private static void assertStillStanding(ShadedProgram.Running subscriber, long warnings) {
        assertFalse(subscriber.stdout().contains("connection to broker lost"), subscriber.stdout());
        assertEquals(warnings, count(subscriber.stdout(), "invalid article ignored"), subscriber.stdout());
        assertFalse(subscriber.stderr().contains("java.lang.OutOfMemoryError"), subscriber.stderr());
    }

    /** The codec's one warning for the payload just over its limit; then the next good article arrives, and all is well. */
    private void assertCarriesOnAfterOneWarning(ShadedProgram.Running subscriber, MosquittoContainer container) throws Exception {
        subscriber.awaitStdout("bytes=" + (ArticleCodec.MAX_PAYLOAD_BYTES + 1), WAIT);
        Article next = publishGoodArticle(container);
        subscriber.awaitStdout("received: topic=" + TOPIC + " id=" + next.id(), WAIT);
        assertTrue(subscriber.isAlive(), "the subscriber died");
        assertStillStanding(subscriber, 1);
    }

    /** The shaded subscriber jar with its image's heap, as the {@code subscriber} identity, and a session kept across runs. */
    private ShadedProgram.Running startSubscriber(MosquittoContainer container, String clientId) throws InterruptedException {
        Map<String, String> environment = SecureBroker.programEnvironment(container, broker.pki(), "subscriber");
        environment.put("MQTT_CLIENT_ID", clientId);
        environment.put("HTTP_PORT", "0");
        environment.put("JAVA_TOOL_OPTIONS", IMAGE_JVM_OPTIONS);
        ShadedProgram.Running subscriber = ShadedProgram.SUBSCRIBER.start(environment, work);
        subscriber.awaitStdout("subscribed: ", WAIT);
        return subscriber;
    }

    private static Article publishGoodArticle(MosquittoContainer container) {
        Article article = Articles.football("x");
        TestPki pki = broker.pki();
        try (ArticlePublisher publisher = ArticlePublisher.connect(SecureBroker.settings(container, pki, "publisher",
                "publisher-" + UUID.randomUUID().toString().substring(0, 8)))) {
            publisher.publish(article);
        }
        return article;
    }

    /** The {@code publisher} identity's key in the wrong hands: allowed to write articulos/#, and nothing more. */
    private static SSLContext hostileTls() throws Exception {
        TestPki pki = broker.pki();
        return RawTlsClient.context(pki.ca(), pki.cert("publisher"), pki.key("publisher"));
    }

    /** A well-formed article up to its body, which the filler makes as long as wanted. */
    private static String poisonPrefix() {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"newspaper\":\"x\",\"section\":\"futbol\",\"title\":\"Veneno\",\"body\":\"";
    }

    private static String poisonSuffix() {
        return "\",\"publishedAt\":\"" + Instant.now() + "\"}";
    }

    private static void awaitBrokerLog(MosquittoContainer container, String fragment) {
        Await.until(() -> container.getLogs().contains(fragment), WAIT, "the broker never logged \"" + fragment + "\"");
    }

    private static long count(String text, String fragment) {
        return text.lines().filter(line -> line.contains(fragment)).count();
    }
}
