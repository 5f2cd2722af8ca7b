package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.publisher.PublishException;
import io.securemqtt.subscriber.ArticleSubscriber;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.securemqtt.common.article.Article;

/**
 * The {@code operator} identity of the README's manual checks (mosquitto/acl): it reads every
 * article, and writes articles only to the newspaper kept for manual checks,
 * {@code articulos/pruebas/<section>}, which the real subscriber receives like any other. A refusal
 * is followed by a control article that does arrive, first: so the refused one was not delivered.
 */
class OperatorGrantsTest {

    private static final String FOOTBALL = "articulos/+/futbol";
    private static final String MANUAL_CHECKS = "pruebas";

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void operatorReadsEveryArticle() throws Exception {
        BlockingQueue<Article> watched = new LinkedBlockingQueue<>();
        try (ArticleSubscriber operator = ArticleSubscriber.start(broker.settings("operator"), List.of("articulos/#"),
                        (topic, article) -> watched.add(article));
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            Article football = Articles.football("marca");
            Article politics = Articles.of("elpais", "politica");
            publisher.publish(football);
            publisher.publish(politics);
            assertEquals(football, watched.poll(10, TimeUnit.SECONDS));
            assertEquals(politics, watched.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void operatorPublishesToTheManualCheckNewspaperAndTheSubscriberGetsIt() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"), List.of(FOOTBALL),
                        (topic, article) -> received.add(topic + " " + article.id()));
                ArticlePublisher operator = ArticlePublisher.connect(broker.settings("operator"))) {
            Article byHand = Articles.football(MANUAL_CHECKS);
            operator.publish(byHand);
            assertEquals("articulos/pruebas/futbol " + byHand.id(), received.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void operatorMayNotPublishAsARealNewspaper() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"), List.of(FOOTBALL),
                        (topic, article) -> received.add(topic + " " + article.id()));
                ArticlePublisher operator = ArticlePublisher.connect(broker.settings("operator"))) {
            for (Article forged : List.of(Articles.football("marca"), Articles.football("pruebas-bis"))) {
                PublishException refused = assertThrows(PublishException.class, () -> operator.publish(forged), forged.topic());
                assertTrue(refused.getMessage().contains("0x87"), refused.getMessage());
            }
            Article control = Articles.football(MANUAL_CHECKS);
            operator.publish(control);
            assertEquals("articulos/pruebas/futbol " + control.id(), received.poll(10, TimeUnit.SECONDS),
                    "the control article, and nothing refused before it");
        }
    }
}
