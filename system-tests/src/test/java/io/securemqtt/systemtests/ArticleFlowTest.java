package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.subscriber.ArticleSubscriber;
import io.securemqtt.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.securemqtt.common.article.Article;

/** The publisher's and subscriber's own code, through a real Mosquitto, over real mutual TLS. */
class ArticleFlowTest {

    private static final String FOOTBALL = "articulos/+/futbol";

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void subscriberReceivesFootballAndNotPolitics() throws Exception {
        BlockingQueue<Article> football = new LinkedBlockingQueue<>();
        BlockingQueue<Article> everything = new LinkedBlockingQueue<>();
        Article politics = Articles.of("eldiario", "politica");
        Article match = Articles.of("eldiario", "futbol");
        Article nextMatch = Articles.of("eldiario", "futbol");

        // A second subscriber on articulos/# proves the politics article really went out.
        try (ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"), List.of(FOOTBALL),
                        (topic, article) -> football.add(article));
                ArticleSubscriber witness = ArticleSubscriber.start(broker.settings("subscriber"), List.of("articulos/#"),
                        (topic, article) -> everything.add(article));
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            publisher.publish(politics);
            publisher.publish(match);
            publisher.publish(nextMatch);

            assertEquals(match, football.poll(10, TimeUnit.SECONDS));
            assertEquals(nextMatch, football.poll(10, TimeUnit.SECONDS));
            List<String> seenByWitness = ids(everything, 3);
            assertEquals(List.of(politics.id(), match.id(), nextMatch.id()), seenByWitness);
            // Each publish was acknowledged before the next: politics can no longer be on its way.
            assertNull(football.poll(500, TimeUnit.MILLISECONDS), "a non-football article reached the subscriber");
        }
    }

    /** The ids of the first {@code count} articles to arrive, in order. */
    private static List<String> ids(BlockingQueue<Article> queue, int count) {
        List<Article> arrived = new ArrayList<>();
        Await.until(() -> {
            queue.drainTo(arrived, count - arrived.size());
            return arrived.size() >= count;
        }, Duration.ofSeconds(15), () -> "only " + arrived.size() + " of " + count + " articles arrived within 15 s: " + arrived);
        return arrived.stream().map(Article::id).toList();
    }
}
