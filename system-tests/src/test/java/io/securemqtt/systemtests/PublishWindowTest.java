package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.subscriber.ArticleSubscriber;
import io.securemqtt.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.securemqtt.common.article.Article;

/**
 * A burst of asynchronous publishes far beyond the broker's Receive Maximum (Mosquitto's
 * max_inflight_messages): Paho alone would refuse the 21st with "too many publishes in progress";
 * the publisher waits for room instead, and every article is acknowledged and delivered.
 */
class PublishWindowTest {

    private static final int BURST = 5_000;

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void burstBeyondTheReceiveMaximumIsAllAcknowledgedAndDelivered() throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        try (ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"),
                List.of("articulos/+/futbol"), (topic, article) -> received.add(article.id()));
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            List<String> sent = new ArrayList<>();
            List<CompletableFuture<Void>> acknowledgements = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                Article article = Articles.football("marca");
                sent.add(article.id());
                acknowledgements.add(publisher.publishAsync(article));
            }
            CompletableFuture.allOf(acknowledgements.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            Await.until(() -> received.containsAll(sent), Duration.ofSeconds(60),
                    (BURST - received.size()) + " of " + BURST + " acknowledged articles did not arrive");
            assertEquals(BURST, received.size());
        }
    }
}
