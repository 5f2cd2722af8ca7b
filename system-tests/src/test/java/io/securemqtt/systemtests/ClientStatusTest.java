package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.KeyPurpose;
import io.securemqtt.common.ClientStatus;
import io.securemqtt.common.ConnectionEventsLogger;
import io.securemqtt.common.MqttConnections;
import io.securemqtt.common.MqttSettings;
import io.securemqtt.common.ReasonCodes;
import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.subscriber.ArticleSubscriber;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every client's retained {@code clients/<identity>/status}, as the {@code operator} identity reads
 * it: {@code online} once connected, {@code offline} (its Last Will) once its connection dies
 * without a DISCONNECT, and after a clean stop too. The ACL's {@code pattern write clients/%u/status}
 * lets each identity write its own status only, Will included.
 *
 * <p>Each test uses identities of its own, so that no retained status of another test is read.
 */
class ClientStatusTest {

    private static final Logger log = LoggerFactory.getLogger(ClientStatusTest.class);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    private static StatusBoard board;

    @BeforeAll
    static void identitiesAndBoard() throws Exception {
        Instant now = Instant.now();
        for (String identity : List.of("vanishing", "stopping", "intruder", "forger")) {
            broker.pki().issueClient(identity, identity, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)),
                    Set.of(KeyPurpose.CLIENT_AUTH));
        }
        board = new StatusBoard(broker.settings("operator"));
    }

    @AfterAll
    static void closeBoard() {
        if (board != null) {
            board.close();
        }
    }

    @Test
    void thePublisherAndTheSubscriberAreOnlineOnceConnectedAndOfflineOnceStopped() throws Exception {
        try (ArticlePublisher publisher = ArticlePublisher.connect(broker.settings("publisher"));
                ArticleSubscriber subscriber = ArticleSubscriber.start(broker.settings("subscriber"), List.of("articulos/+/futbol"),
                        (topic, article) -> { })) {
            board.await("publisher", ClientStatus.ONLINE);
            board.await("subscriber", ClientStatus.ONLINE);
        }
        // A clean stop sends DISCONNECT with reason 0x04: the broker publishes the Will all the same.
        board.await("publisher", ClientStatus.OFFLINE);
        board.await("subscriber", ClientStatus.OFFLINE);
    }

    /**
     * The real publisher program, killed with SIGKILL: the kernel closes its socket and no DISCONNECT
     * is ever sent, as when a container is killed or its host dies. (Paho's own
     * {@code disconnectForcibly} without a DISCONNECT leaves the socket open here, so it cannot stand in.)
     */
    @Test
    void aProgramKilledWithoutDisconnectIsOfflineByItsWill(@TempDir Path workDir) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("MQTT_HOST", broker.container().mqttsHost());
        environment.put("MQTT_PORT", Integer.toString(broker.container().mqttsPort()));
        environment.put("MQTT_CA_FILE", broker.pki().ca().toString());
        environment.put("MQTT_CERT_FILE", broker.pki().cert("vanishing").toString());
        environment.put("MQTT_KEY_FILE", broker.pki().key("vanishing").toString());
        environment.put("MQTT_CLIENT_ID", "vanishing-publisher");
        environment.put("PUBLISH_INTERVAL", "1h"); // its articles are refused (0x87) anyway: it is not "publisher"
        environment.put("HTTP_PORT", "0");
        try (ShadedProgram.Running program = ShadedProgram.PUBLISHER.start(environment, workDir)) {
            program.awaitStdout("connected: broker=", Duration.ofSeconds(30));
            board.await("vanishing", ClientStatus.ONLINE);
        } // SIGKILL
        board.await("vanishing", ClientStatus.OFFLINE);
    }

    @Test
    void aCleanStopIsOfflineToo() throws Exception {
        MqttSettings settings = broker.settings("stopping");
        MqttAsyncClient client = MqttConnections.newClient(settings);
        client.setCallback(new ConnectionEventsLogger(log, new ClientStatus(client, settings)));
        MqttConnections.connect(client, MqttConnections.cleanSession(settings), settings);
        board.await("stopping", ClientStatus.ONLINE);
        MqttConnections.close(client, log);
        board.await("stopping", ClientStatus.OFFLINE);
    }

    /**
     * The PUBACK carries 0x87, and nothing reaches the operator; the same message on the identity's
     * own topic, published after them on the same connection, does, so "nothing" is not "too soon".
     */
    @Test
    void anIdentityMayNotWriteAnotherIdentitysStatus() throws Exception {
        MqttSettings settings = broker.settings("intruder");
        MqttAsyncClient client = MqttConnections.newClient(settings);
        try {
            MqttConnections.connect(client, MqttConnections.cleanSession(settings), settings);
            MqttMessage forged = new MqttMessage("forged".getBytes(StandardCharsets.UTF_8), 1, true, null);
            for (String victim : List.of("publisher", "subscriber", "operator")) {
                IMqttToken token = client.publish(ClientStatus.topic(victim), forged);
                token.waitForCompletion(WAIT.toMillis());
                assertArrayEquals(new int[] {ReasonCodes.NOT_AUTHORIZED}, token.getReasonCodes(), victim);
            }
            IMqttToken own = client.publish(ClientStatus.topic("intruder"), forged);
            own.waitForCompletion(WAIT.toMillis());
            assertFalse(ReasonCodes.isFailure(own.getReasonCodes()[0]));

            board.await("intruder", "forged");
            assertEquals(List.of(ClientStatus.topic("intruder") + " forged"),
                    board.history().stream().filter(line -> line.endsWith(" forged")).toList());
        } finally {
            MqttConnections.disconnectQuietly(client);
        }
    }

    /**
     * Mosquitto accepts a CONNECT whose Will names a topic its client may not write, and drops that
     * Will when the connection ends: the ACL holds for Wills too. The same identity's own Will,
     * sent after it on a second connection, reaches the operator.
     */
    @Test
    void aWillOnAnotherIdentitysStatusIsNeverPublished() throws Exception {
        MqttSettings settings = broker.settings("forger");
        MqttConnectionOptions options = MqttConnections.cleanSession(settings);
        options.setWill(ClientStatus.topic("healthcheck"), new MqttMessage("forged-will".getBytes(StandardCharsets.UTF_8), 1, true, null));
        MqttAsyncClient forging = MqttConnections.newClient(settings);
        MqttConnections.connect(forging, options, settings);
        MqttConnections.disconnectQuietly(forging); // DISCONNECT 0x04: publish my Will

        MqttSettings again = broker.settings("forger");
        MqttAsyncClient honest = MqttConnections.newClient(again);
        MqttConnections.connect(honest, MqttConnections.cleanSession(again), again);
        MqttConnections.disconnectQuietly(honest);

        board.await("forger", ClientStatus.OFFLINE);
        assertTrue(board.history().stream().noneMatch(line -> line.contains("forged-will")), board.history().toString());
    }

    /** The operator's view of {@code clients/+/status}: the latest status of each identity, and all it saw. */
    private static final class StatusBoard implements AutoCloseable {

        private final MqttAsyncClient client;
        private final Map<String, String> latest = new ConcurrentHashMap<>();
        private final List<String> history = new CopyOnWriteArrayList<>();

        StatusBoard(MqttSettings operator) throws Exception {
            client = MqttConnections.newClient(operator);
            client.setCallback(new ConnectionEventsLogger(log) {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    String status = new String(message.getPayload(), StandardCharsets.UTF_8);
                    latest.put(topic, status);
                    history.add(topic + " " + status);
                }
            });
            MqttConnections.connect(client, MqttConnections.cleanSession(operator), operator);
            IMqttToken subscribed = client.subscribe(new MqttSubscription[] {new MqttSubscription("clients/+/status", 1)}, null, null,
                    null);
            subscribed.waitForCompletion(WAIT.toMillis());
            assertFalse(ReasonCodes.isFailure(subscribed.getReasonCodes()[0]), "operator may read clients/+/status");
        }

        void await(String identity, String status) {
            Await.until(() -> status.equals(latest.get(ClientStatus.topic(identity))), WAIT,
                    "the operator never saw " + identity + " " + status + " (saw " + history + ")");
        }

        List<String> history() {
            return List.copyOf(history);
        }

        @Override
        public void close() {
            MqttConnections.disconnectQuietly(client);
        }
    }
}
