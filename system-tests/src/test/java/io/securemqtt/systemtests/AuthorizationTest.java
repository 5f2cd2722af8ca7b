package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.pki.KeyPurpose;
import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.publisher.PublishException;
import io.securemqtt.subscriber.ArticleSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.mqtt.MqttSettings;

/**
 * The ACL (mosquitto/acl) by certificate identity: {@code publisher} only writes
 * {@code articulos/#}, {@code subscriber} only reads it, and anyone else, even with a valid
 * certificate from our CA, does neither. Each refusal is paired with a control message that
 * does arrive, so "nothing arrived" cannot mean "nothing was listening".
 */
class AuthorizationTest {

    private static final String ALL_ARTICLES = "articulos/#";

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @BeforeAll
    static void intruderIdentity() {
        Instant now = Instant.now();
        broker.pki().issueClient("intruder", "intruder", now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)),
                Set.of(KeyPurpose.CLIENT_AUTH));
    }

    @Test
    void subscriberMayNotPublishArticles() throws Exception {
        assertMayNotPublish(broker.settings("subscriber"));
    }

    @Test
    void unknownIdentityMayNotPublishArticles() throws Exception {
        assertMayNotPublish(broker.settings("intruder"));
    }

    @Test
    void publisherMayNotReadArticles() throws Exception {
        assertMayNotRead(broker.settings("publisher"));
    }

    @Test
    void unknownIdentityMayNotReadArticles() throws Exception {
        assertMayNotRead(broker.settings("intruder"));
    }

    /** The PUBACK carries 0x87 (not authorized), and a reader of articulos/# gets nothing. */
    private static void assertMayNotPublish(MqttSettings identity) throws Exception {
        BlockingQueue<Article> reader = new LinkedBlockingQueue<>();
        try (ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"),
                        List.of(ALL_ARTICLES), (topic, article) -> reader.add(article));
                ArticlePublisher refused = ArticlePublisher.connect(identity);
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            PublishException failure = assertThrows(PublishException.class,
                    () -> refused.publish(Articles.football("marca")));
            assertTrue(failure.getMessage().contains("0x87"), failure.getMessage());

            Article control = Articles.football("marca");
            publisher.publish(control);
            assertEquals(control, reader.poll(10, TimeUnit.SECONDS), "the control article should arrive, alone");
            assertNull(reader.poll(300, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Mosquitto 2.0 grants the SUBSCRIBE itself and applies the read ACL per message: the
     * outcome to assert is that nothing is delivered, while the real subscriber gets it.
     */
    private static void assertMayNotRead(MqttSettings identity) throws Exception {
        BlockingQueue<Article> denied = new LinkedBlockingQueue<>();
        BlockingQueue<Article> allowed = new LinkedBlockingQueue<>();
        try (ArticleSubscriber eavesdropper = ArticleSubscriber.start(identity, List.of(ALL_ARTICLES),
                        (topic, article) -> denied.add(article));
                ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"),
                        List.of(ALL_ARTICLES), (topic, article) -> allowed.add(article));
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            Article article = Articles.football("as");
            publisher.publish(article);
            assertEquals(article, allowed.poll(10, TimeUnit.SECONDS));
            assertNull(denied.poll(500, TimeUnit.MILLISECONDS), "an identity without read access got an article");
        }
    }
}
