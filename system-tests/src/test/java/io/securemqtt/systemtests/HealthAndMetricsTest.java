package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.subscriber.ArticleSubscriber;
import io.securemqtt.testing.Await;
import io.securemqtt.testing.MosquittoContainer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.securemqtt.common.article.Article;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ClientCredentials;
import io.securemqtt.common.monitoring.MonitoringServer;

/**
 * {@code /health} and {@code /metrics} of the real publisher and subscriber classes, each with its
 * own {@link MonitoringServer}, as their programs run them, against a real broker over mutual TLS:
 * healthy while connected, 503 with the reason once the broker stops, healthy again once Paho has
 * reconnected; and the counters move as articles flow.
 */
class HealthAndMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthFollowsTheBrokerAndMetricsFollowTheArticles() throws Exception {
        Monitoring publishing = new Monitoring();
        Monitoring subscribing = new Monitoring();
        publishing.watchCertificate(broker.pki().cert("publisher"));
        subscribing.watchCertificate(broker.pki().cert("subscriber"));
        ClientCredentials publisherCredentials = ClientCredentials.load(broker.settings("publisher"));
        ClientCredentials subscriberCredentials = ClientCredentials.load(broker.settings("subscriber"));
        publishing.watchBrokerCertificate(publisherCredentials::brokerCertificate);
        subscribing.watchBrokerCertificate(subscriberCredentials::brokerCertificate);
        BlockingQueue<Article> received = new LinkedBlockingQueue<>();
        try (MonitoringServer publisherHttp = serve(publishing);
                MonitoringServer subscriberHttp = serve(subscribing)) {
            assertEquals(503, get(publisherHttp, "/health").statusCode(), "not connected yet");

            assertTrue(Double.isNaN(metric(publisherHttp, "mqtt_broker_certificate_days_left")), "no handshake yet");
            try (ArticleSubscriber subscriber = ArticleSubscriber.start(subscriberCredentials, List.of("articulos/+/futbol"),
                            (topic, article) -> received.add(article), subscribing);
                    ArticlePublisher publisher = ArticlePublisher.connect(publisherCredentials, publishing)) {
                for (MonitoringServer server : List.of(publisherHttp, subscriberHttp)) {
                    HttpResponse<String> health = get(server, "/health");
                    assertEquals(200, health.statusCode(), health.body());
                    assertTrue(health.body().startsWith("connected to " + broker.tlsUri() + " for "), health.body());
                    assertEquals(1.0, metric(server, "mqtt_connected"));
                    assertTrue(metric(server, "mqtt_client_certificate_days_left") > 364, "certgen issues for 365 days");
                    // The JDK reports a completed handshake on a thread of its own, soon after the connection.
                    Await.until(() -> !Double.isNaN(metric(server, "mqtt_broker_certificate_days_left")), Duration.ofSeconds(10),
                            "mqtt_broker_certificate_days_left stayed NaN after the handshake");
                    double brokerDaysLeft = metric(server, "mqtt_broker_certificate_days_left");
                    assertTrue(brokerDaysLeft > 364 && brokerDaysLeft <= 365.05,
                            "the broker's certificate, seen at the handshake, is certgen's 365-day one: " + brokerDaysLeft);
                }

                for (int i = 0; i < 3; i++) {
                    publisher.publish(Articles.football("marca"));
                }
                publisher.publish(Articles.of("marca", "politica")); // not for the subscriber
                for (int i = 0; i < 3; i++) {
                    assertTrue(received.poll(10, TimeUnit.SECONDS) != null, "article " + i + " did not arrive");
                }

                assertEquals(4.0, metric(publisherHttp, "articles_published_total"));
                assertEquals(4.0, metric(publisherHttp, "articles_acknowledged_total"));
                assertEquals(0.0, metric(publisherHttp, "articles_failed_total"));
                Await.until(() -> metric(subscriberHttp, "articles_received_total") == 3.0, WAIT, "the subscriber never counted 3 articles");
                assertEquals(3.0, metric(subscriberHttp, "articles_latency_seconds_count"));
                assertEquals(3.0, metric(subscriberHttp, "articles_latency_seconds_bucket{le=\"+Inf\"}"));
                assertEquals(0.0, metric(subscriberHttp, "articles_invalid_total"));

                stopBroker();
                for (MonitoringServer server : List.of(publisherHttp, subscriberHttp)) {
                    Await.until(() -> get(server, "/health").statusCode() == 503, WAIT, "/health never said 503 without the broker");
                    HttpResponse<String> health = get(server, "/health");
                    assertTrue(health.body().matches("not connected: connection lost \\d+ s ago: .+\n"), health.body());
                    assertEquals(0.0, metric(server, "mqtt_connected"));
                }
                publisher.publishAsync(Articles.football("marca")).exceptionally(failure -> null).join();
                assertEquals(5.0, metric(publisherHttp, "articles_published_total"));
                assertEquals(1.0, metric(publisherHttp, "articles_failed_total"), "skipped while disconnected");

                startBroker();
                for (MonitoringServer server : List.of(publisherHttp, subscriberHttp)) {
                    Await.until(() -> get(server, "/health").statusCode() == 200, Duration.ofSeconds(60),
                            "/health never said 200 again after the broker came back");
                    assertEquals(1.0, metric(server, "mqtt_reconnects_total"));
                }
            }
        }
    }

    private static MonitoringServer serve(Monitoring monitoring) throws IOException {
        return MonitoringServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), monitoring);
    }

    private HttpResponse<String> get(MonitoringServer server, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** One sample of {@code /metrics}, by its name and labels as Prometheus writes them. */
    private double metric(MonitoringServer server, String sample) {
        HttpResponse<String> response = get(server, "/metrics");
        assertEquals(200, response.statusCode());
        Matcher matcher = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(response.body());
        if (!matcher.find()) {
            throw new AssertionError("no sample " + sample + " in /metrics:\n" + response.body());
        }
        return Double.parseDouble(matcher.group(1));
    }

    /** {@code docker stop}: the broker exits and every connection closes; the container stays for {@link #startBroker}. */
    private static void stopBroker() {
        MosquittoContainer container = broker.container();
        container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(10).exec();
    }

    /** {@code docker start}: the same container, at the same published port, with its persisted state. */
    private static void startBroker() {
        MosquittoContainer container = broker.container();
        container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
    }
}
