package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.subscriber.ArticleSubscriber;
import io.securemqtt.subscriber.SubscriberConfig;
import io.securemqtt.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.securemqtt.common.article.Article;

/**
 * Scale-out: subscriber replicas in one SUBSCRIBER_GROUP share the articles through an MQTT 5
 * shared subscription, and several publishers feed them; each article is handled by exactly one
 * replica.
 */
class SharedSubscriptionTest {

    private static final int REPLICAS = 3;
    private static final int ARTICLES = 300;

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void threeReplicasHandleEveryArticleExactlyOnceInTotal() {
        Map<String, AtomicInteger> timesHandled = new ConcurrentHashMap<>();
        List<AtomicInteger> perReplica = new ArrayList<>();
        List<ArticleSubscriber> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < REPLICAS; i++) {
                AtomicInteger handled = new AtomicInteger();
                perReplica.add(handled);
                SubscriberConfig config = replicaConfig("replica-" + i);
                replicas.add(ArticleSubscriber.start(config.mqtt(), config.topicFilters(), (topic, article) -> {
                    handled.incrementAndGet();
                    timesHandled.computeIfAbsent(article.id(), id -> new AtomicInteger()).incrementAndGet();
                }));
            }
            List<String> sent = new ArrayList<>();
            try (ArticlePublisher first = ArticlePublisher.connect(broker.settings("publisher"));
                    ArticlePublisher second = ArticlePublisher.connect(broker.settings("publisher"))) {
                for (int i = 0; i < ARTICLES; i++) {
                    Article article = Articles.football(i % 2 == 0 ? "marca" : "as");
                    (i % 2 == 0 ? first : second).publish(article);
                    sent.add(article.id());
                }
            }

            Await.until(() -> timesHandled.keySet().containsAll(sent), Duration.ofSeconds(30),
                    "not every article reached a replica");
            Await.pause(1_000); // a duplicate, were there one, would come now
            assertEquals(ARTICLES, timesHandled.size());
            timesHandled.forEach((id, times) -> assertEquals(1, times.get(), "article " + id + " handled " + times + " times"));
            System.out.printf("shared subscription: %d articles over %d replicas: %s%n", ARTICLES, REPLICAS, perReplica);
            perReplica.forEach(handled -> assertTrue(handled.get() > 0, "a replica got no share: " + perReplica));
        } finally {
            replicas.forEach(ArticleSubscriber::close);
        }
    }

    /** What a replica reads from its environment in `docker compose up --scale subscriber=3`. */
    private static SubscriberConfig replicaConfig(String hostname) {
        Map<String, String> env = broker.programEnvironment("subscriber");
        env.put("SUBSCRIBER_GROUP", "lectores");
        env.put("HOSTNAME", hostname);
        return SubscriberConfig.fromEnvironment(env);
    }
}
