package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.securemqtt.subscriber.ArticleSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.article.ArticleCodec;
import io.securemqtt.common.mqtt.MqttSettings;

/**
 * A retained article (the publisher never retains, but any holder of its identity may) is handed to
 * the subscriber once, when its subscription is new, and not again after each restart on the same
 * persistent session: the subscriber subscribes at every connection with MQTT 5 retain handling 1.
 */
class RetainedArticleTest {

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void aRetainedArticleIsHandledOnceAcrossRestarts() throws Exception {
        Article retained = Articles.football("retenido");
        publish(retained, true);
        MqttSettings settings = broker.settings("subscriber"); // one client id for every run: one persistent session

        Article first = Articles.football("retenido");
        assertEquals(List.of(retained.id(), first.id()), run(settings, first), "a new subscription gets the retained article");

        for (int restart = 1; restart <= 2; restart++) {
            Article marker = Articles.football("retenido");
            List<String> seen = run(settings, marker);
            // The marker goes out after the SUBACK, on the retained article's topic: a retained article
            // sent for this subscription would have come before it.
            assertEquals(List.of(marker.id()), seen, "restart " + restart + ": only the new article, not the retained one again");
        }
    }

    /**
     * Starts the subscriber (returning once subscribed), publishes {@code marker}, and returns the ids
     * handled up to and including the marker.
     */
    private static List<String> run(MqttSettings settings, Article marker) throws Exception {
        BlockingQueue<Article> handled = new LinkedBlockingQueue<>();
        List<String> ids = new ArrayList<>();
        try (ArticleSubscriber subscriber = ArticleSubscriber.start(settings, List.of("articulos/+/futbol"),
                (topic, article) -> handled.add(article))) {
            publish(marker, false);
            while (!ids.contains(marker.id())) {
                Article article = handled.poll(10, TimeUnit.SECONDS);
                assertNotNull(article, "the marker article never arrived; handled so far: " + ids);
                ids.add(article.id());
            }
        }
        return ids;
    }

    private static void publish(Article article, boolean retained) throws Exception {
        MqttClient client = RawTlsClient.connect(broker.tlsUri(),
                RawTlsClient.context(broker.pki().ca(), broker.pki().cert("publisher"), broker.pki().key("publisher")));
        try {
            client.publish(article.topic(), new ArticleCodec().encode(article), 1, retained);
            client.disconnect();
        } finally {
            client.close(true);
        }
    }
}
