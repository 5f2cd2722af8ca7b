package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.subscriber.ArticleSubscriber;
import io.securemqtt.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.article.ArticleCodec;

/**
 * Whatever the {@code publisher} identity (or someone holding its key) puts on an article topic,
 * the real subscriber survives it: a payload that is not a valid article costs one warning line
 * naming the topic and size, never reaches the handler, and does not hold up the articles behind it.
 *
 * <p>The bad payloads go out through a bare Paho client, since the product's publisher cannot send
 * them; the broker accepts them all (it does not look inside payloads).
 */
class BadPayloadTest {

    private static final String TOPIC = "articulos/x/futbol";

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    /** A payload the subscriber must refuse, and what its warning must give as the reason. */
    record BadPayload(String name, byte[] bytes, String reason) {

        @Override
        public String toString() {
            return name + " (" + bytes.length + " bytes)";
        }
    }

    private static final List<BadPayload> BAD_PAYLOADS = List.of(
            new BadPayload("malformed JSON", "{\"id\":\"1\",\"newspaper\":\"x\",\"section\":\"futbol\",\"title\":"
                    .getBytes(StandardCharsets.UTF_8), "not valid JSON"),
            new BadPayload("binary garbage", garbage(300), "not valid JSON"),
            // An article above the size limit never gets this far: the broker refuses it (PoisonMessageTest).
            new BadPayload("empty payload", new byte[0], "payload is empty"));

    @Test
    void eachBadPayloadCostsOneWarningAndNothingElse() throws Exception {
        BlockingQueue<Article> handled = new LinkedBlockingQueue<>();
        List<Article> valid = new ArrayList<>();
        try (ConsoleCapture console = ConsoleCapture.start();
                ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"),
                        List.of("articulos/+/futbol"), (topic, article) -> handled.add(article))) {
            publishEachFollowedByAValidArticle(valid);

            // One topic, QoS 1: the broker keeps the order, so each valid article proves the bad one before it was dealt with.
            List<Article> received = new ArrayList<>();
            for (int i = 0; i < valid.size(); i++) {
                Article article = handled.poll(10, TimeUnit.SECONDS);
                assertNotNull(article, "only " + received.size() + " of the " + valid.size() + " valid articles arrived");
                received.add(article);
            }
            // Ids first, for a readable failure; then the articles, field by field.
            assertEquals(ids(valid), ids(received), "the valid articles, in order, and nothing else");
            assertEquals(valid, received);
            assertNull(handled.poll(300, TimeUnit.MILLISECONDS), "a bad payload reached the handler");

            assertTrue(subscriber.isConnected(), "the subscriber lost its connection");
            // isConnected() alone would miss a drop that Paho's automatic reconnect already repaired.
            assertTrue(console.lines().stream().noneMatch(line -> line.contains("connection to broker lost")),
                    "the subscriber's connection dropped on the way");
            assertOneWarningPerBadPayload(console.lines());
        }
    }

    /** Bad, valid, bad, valid...: a bad payload that jammed the subscriber would hold up the next article. */
    private static void publishEachFollowedByAValidArticle(List<Article> valid) throws Exception {
        TestPki pki = broker.pki();
        ArticleCodec codec = new ArticleCodec();
        MqttClient publisher = RawTlsClient.connect(broker.tlsUri(),
                RawTlsClient.context(pki.ca(), pki.cert("publisher"), pki.key("publisher")));
        try {
            for (BadPayload bad : BAD_PAYLOADS) {
                publisher.publish(TOPIC, bad.bytes(), 1, false); // returns once the broker's PUBACK is in
                Article article = Articles.football("x");
                publisher.publish(article.topic(), codec.encode(article), 1, false);
                valid.add(article);
            }
            publisher.disconnect();
        } finally {
            publisher.close(true);
        }
    }

    private static void assertOneWarningPerBadPayload(List<String> console) {
        List<String> warnings = console.stream().filter(line -> line.contains("invalid article ignored")).toList();
        for (BadPayload bad : BAD_PAYLOADS) {
            String expected = "topic=" + TOPIC + " bytes=" + bad.bytes().length + " ";
            List<String> matching = warnings.stream().filter(line -> line.contains(expected)).toList();
            assertEquals(1, matching.size(), "one warning with \"" + expected + "\" for the " + bad + "; warnings: " + warnings);
            assertTrue(matching.get(0).contains("reason=" + bad.reason()),
                    "the warning for the " + bad + " should give the reason \"" + bad.reason() + "\": " + matching.get(0));
        }
        assertEquals(BAD_PAYLOADS.size(), warnings.size(), "one warning per bad payload, no more: " + warnings);
    }

    private static List<String> ids(List<Article> articles) {
        return articles.stream().map(article -> article.id() + " \"" + article.title() + "\"").toList();
    }

    /** Seeded random bytes after 0xFF, which starts no JSON text and no UTF-8 character. */
    private static byte[] garbage(int length) {
        byte[] bytes = new byte[length];
        new Random(7).nextBytes(bytes);
        bytes[0] = (byte) 0xFF;
        return bytes;
    }
}
