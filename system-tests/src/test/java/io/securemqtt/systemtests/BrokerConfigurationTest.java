package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.publisher.PublishException;
import io.securemqtt.subscriber.ArticleSubscriber;
import io.securemqtt.testing.Await;
import io.securemqtt.testing.MosquittoContainer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.images.builder.Transferable;

import io.securemqtt.common.article.Article;

/**
 * What Mosquitto 2.1 brings to mosquitto/mosquitto.conf, on the real broker: the configuration passes
 * {@code mosquitto --test-config} (and a broken one does not), nothing in it is deprecated, the ACL
 * comes through the acl-file plugin and survives a reload, and connections are bounded.
 */
class BrokerConfigurationTest {

    private static final String CONFIG = "/mosquitto/config/mosquitto.conf";
    private static final List<String> FOOTBALL = List.of("articulos/+/futbol");
    private static final int SMALL_BOUND = 5;

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @Test
    void shippedConfigurationPassesTestConfig() throws Exception {
        ExecResult check = broker.container().execInContainer("mosquitto", "--test-config", "-c", CONFIG);

        assertEquals(0, check.getExitCode(), check.getStdout() + check.getStderr());
        assertTrue((check.getStdout() + check.getStderr()).contains("Configuration file is OK."), check.getStdout() + check.getStderr());
    }

    /** What the smoke test relies on to fail CI rather than a deployment: a typo is refused, naming the line. */
    @Test
    void aMisspelledOptionFailsTestConfigNamingIt() throws Exception {
        String shipped = MosquittoContainer.repositoryConfiguration();
        String broken = shipped.replace("max_packet_size 69632", "max_packet_sise 69632");
        assertNotEquals(shipped, broken, "mosquitto.conf no longer sets max_packet_size 69632");
        broker.container().copyFileToContainer(Transferable.of(broken.getBytes(StandardCharsets.UTF_8), 0644), "/tmp/broken.conf");

        ExecResult check = broker.container().execInContainer("mosquitto", "--test-config", "-c", "/tmp/broken.conf");

        String output = check.getStdout() + check.getStderr();
        assertNotEquals(0, check.getExitCode(), output);
        assertTrue(output.contains("Unknown configuration variable 'max_packet_sise'"), output);
        assertTrue(output.contains("Error found at /tmp/broken.conf:"), output);
    }

    @Test
    void brokerLoadsTheAclAndPersistencePluginsWithoutADeprecationWarning() {
        String log = broker.container().getLogs();

        assertTrue(log.contains("Loading plugin: /usr/lib/mosquitto_acl_file.so"), log);
        assertTrue(log.contains("Loading plugin: /usr/lib/mosquitto_persist_sqlite.so"), log);
        assertFalse(log.toLowerCase(Locale.ROOT).contains("deprecat"), log);
    }

    /**
     * 2.1 quits when a reload (SIGHUP: ./generate_certs.sh --rotate) meets an invalid ACL. With the
     * shipped one it stays up: connected clients keep being served, new ones connect, and the ACL
     * read again still refuses what it refused before.
     */
    @Test
    void reloadWithTheShippedAclKeepsTheBrokerUpAndItsClientsServed() throws Exception {
        BlockingQueue<Article> received = new LinkedBlockingQueue<>();
        try (ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"), FOOTBALL,
                        (topic, article) -> received.add(article));
                ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"))) {
            broker.container().reload();

            assertTrue(broker.container().isRunning(), broker.container().getLogs());
            Article afterReload = Articles.football("marca");
            publisher.publish(afterReload);
            assertEquals(afterReload, received.poll(10, TimeUnit.SECONDS), "a connected client was not served after the reload");
            assertTrue(subscriber.isConnected() && publisher.isConnected());
            try (ArticlePublisher newcomer = ArticlePublisher.connect(broker.settings("publisher"));
                    ArticlePublisher refused = ArticlePublisher.connect(broker.settings("subscriber"))) {
                Article fromNewcomer = Articles.football("as");
                newcomer.publish(fromNewcomer);
                assertEquals(fromNewcomer, received.poll(10, TimeUnit.SECONDS), "a new connection was not served after the reload");
                PublishException denied = assertThrows(PublishException.class, () -> refused.publish(Articles.football("marca")));
                assertTrue(denied.getMessage().contains("0x87"), "the reloaded ACL let the subscriber publish: " + denied.getMessage());
            }
        }
        assertFalse(broker.container().getLogs().contains("terminating"), broker.container().getLogs());
    }

    /**
     * global_max_connections, on a broker whose shipped bound (1000, held to the configuration here)
     * is edited down to {@link #SMALL_BOUND}: that many sockets are held open without a certificate
     * (the bound is counted before the TLS handshake), a client with a certificate past the bound is
     * refused ("max_connections exceeded"), and once one socket is let go it takes its place.
     * Holding the real 1000 TLS sockets open took the broker minutes to accept on this shared machine.
     */
    @Test
    void aConnectionPastTheBoundIsRefusedAndServedOnceOneIsFree() throws Exception {
        assertEquals(1000, shippedConnectionBound());
        try (MosquittoContainer bounded = EditedBrokerConfig.apply(new MosquittoContainer(broker.pki().dir()),
                line -> line.startsWith("global_max_connections ") ? "global_max_connections " + SMALL_BOUND : line)) {
            bounded.start();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < SMALL_BOUND; i++) {
                    held.add(new Socket(InetAddress.getLoopbackAddress(), bounded.mqttsPort()));
                }
                // Each has reached the broker, not only Docker's port proxy, before the one past the bound.
                Await.until(() -> count(bounded, "New connection from ") >= SMALL_BOUND, Duration.ofSeconds(30),
                        "the broker did not accept " + SMALL_BOUND + " connections");
                assertEquals(0, count(bounded, "max_connections exceeded"), "refused before the bound");
                SSLContext tls = RawTlsClient.context(broker.pki().ca(), broker.pki().cert("publisher"), broker.pki().key("publisher"));
                String uri = "ssl://" + bounded.mqttsHost() + ":" + bounded.mqttsPort();

                assertThrows(MqttException.class, () -> RawTlsClient.connect(uri, tls).disconnect(), "a client past the bound connected");
                Await.until(() -> count(bounded, "denied: max_connections exceeded") == 1, Duration.ofSeconds(10),
                        "the broker did not log the refusal");

                long gone = count(bounded, "disconnected");
                held.remove(0).close();
                Await.until(() -> count(bounded, "disconnected") > gone, Duration.ofSeconds(10),
                        "the broker did not see a held connection go");
                MqttClient admitted = RawTlsClient.connect(uri, tls);
                admitted.disconnect();
                admitted.close();
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    private static int shippedConnectionBound() throws IOException {
        Matcher bound = Pattern.compile("(?m)^global_max_connections (\\d+)$")
                .matcher(MosquittoContainer.repositoryConfiguration());
        assertTrue(bound.find(), "mosquitto.conf sets no global_max_connections");
        return Integer.parseInt(bound.group(1));
    }

    private static long count(MosquittoContainer container, String fragment) {
        return container.getLogs().lines().filter(line -> line.contains(fragment)).count();
    }
}
