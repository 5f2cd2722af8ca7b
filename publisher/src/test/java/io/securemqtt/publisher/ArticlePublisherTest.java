package io.securemqtt.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.securemqtt.common.article.Article;
import io.securemqtt.common.client.MqttClientConnection;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.BrokerConnectionException;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.common.tls.TlsMaterialException;
import io.securemqtt.testing.LoopbackPort;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What needs no broker; publishing itself is covered by the system tests against Mosquitto. */
class ArticlePublisherTest {

    @TempDir
    Path dir;

    @Test
    void connectFailsClearlyWhenNothingListens() throws Exception {
        io.securemqtt.certgen.Main.generate(dir);
        int freePort = LoopbackPort.free();
        MqttSettings settings = new MqttSettings("localhost", freePort, dir.resolve("ca.crt"), dir.resolve("publisher.crt"),
                dir.resolve("publisher.key"), "publisher");
        BrokerConnectionException e = assertThrows(BrokerConnectionException.class, () -> ArticlePublisher.connect(settings));
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
    }

    @Test
    void connectRefusesBadTlsMaterialBeforeConnecting() {
        MqttSettings settings = new MqttSettings("localhost", 8883, dir.resolve("ca.crt"), dir.resolve("publisher.crt"),
                dir.resolve("publisher.key"), "publisher");
        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> ArticlePublisher.connect(settings));
        assertTrue(e.getMessage().contains("(MQTT_CA_FILE) does not exist"), e.getMessage());
    }

    @Test
    void anArticleSkippedWhileDisconnectedCountsAsPublishedAndFailed() throws Exception {
        io.securemqtt.certgen.Main.generate(dir);
        MeterRegistry registry = new SimpleMeterRegistry();
        MqttSettings settings = new MqttSettings("localhost", 8883, dir.resolve("ca.crt"), dir.resolve("publisher.crt"),
                dir.resolve("publisher.key"), "publisher");
        MqttClientConnection neverConnected = MqttClientConnection.create(settings, MqttConnections.cleanSession(settings),
                new Monitoring(), LoggerFactory.getLogger(ArticlePublisherTest.class));
        ArticlePublisher publisher = new ArticlePublisher(neverConnected, new PublisherMetrics(registry));
        Article article = new Article("a1", "marca", "futbol", "Título", "Cuerpo", Instant.parse("2025-05-04T18:30:00Z"));

        CompletableFuture<Void> first = publisher.publishAsync(article);
        assertThrows(ExecutionException.class, first::get);
        assertThrows(PublishException.class, () -> publisher.publish(article));

        assertEquals(2, registry.get("articles.published").counter().count());
        assertEquals(2, registry.get("articles.failed").counter().count());
        assertEquals(0, registry.get("articles.acknowledged").counter().count());
        neverConnected.client().close();
    }

    @Test
    void countersStartAtZeroSoThatAScrapeShowsThemAll() {
        MeterRegistry registry = new SimpleMeterRegistry();
        new PublisherMetrics(registry);
        for (String name : new String[] {"articles.published", "articles.acknowledged", "articles.failed"}) {
            assertEquals(0, registry.get(name).counter().count(), name);
        }
    }
}
