package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.certgen.pki.KeyPurpose;
import io.securemqtt.publisher.ArticlePublisher;
import io.securemqtt.subscriber.ArticleSubscriber;
import io.securemqtt.testing.Await;
import io.securemqtt.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

import io.securemqtt.common.client.MqttClientConnection;
import io.securemqtt.common.monitoring.Monitoring;
import io.securemqtt.common.mqtt.ClientStatus;
import io.securemqtt.common.mqtt.ConnectionCallback;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.common.mqtt.ReasonCodes;

/**
 * Every client's retained {@code clients/<identity>/<client-id>/status}, as the {@code operator}
 * identity reads it: {@code online} once connected, {@code offline} (its Last Will, kept for a day)
 * once its connection dies without a DISCONNECT, and after a clean stop too. The ACL's
 * {@code pattern write clients/%u/%c/status} lets each connection write its own status only, Will
 * included, and replicas that share an identity each have their own.
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
        for (String identity : List.of("vanishing", "stopping", "intruder", "forger", "replica")) {
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
        MqttSettings publisherSettings = broker.settings("publisher");
        MqttSettings subscriberSettings = broker.settings("subscriber");
        try (ArticlePublisher publisher = ArticlePublisher.connect(publisherSettings);
                ArticleSubscriber subscriber = ArticleSubscriber.start(subscriberSettings, List.of("articulos/+/futbol"),
                        (topic, article) -> { })) {
            board.await(publisherSettings, ClientStatus.ONLINE);
            board.await(subscriberSettings, ClientStatus.ONLINE);
        }
        // A clean stop sends DISCONNECT with reason 0x04: the broker publishes the Will all the same.
        board.await(publisherSettings, ClientStatus.OFFLINE);
        board.await(subscriberSettings, ClientStatus.OFFLINE);
    }

    /**
     * The real publisher program, killed with SIGKILL: the kernel closes its socket and no DISCONNECT
     * is ever sent, as when a container is killed or its host dies. (Paho's own
     * {@code disconnectForcibly} without a DISCONNECT leaves the socket open here, so it cannot stand in.)
     */
    @Test
    void aProgramKilledWithoutDisconnectIsOfflineByItsWill(@TempDir Path workDir) throws Exception {
        Map<String, String> environment = broker.programEnvironment("vanishing");
        environment.put("MQTT_CLIENT_ID", "vanishing-publisher");
        environment.put("PUBLISH_INTERVAL", "1h"); // its articles are refused (0x87) anyway: it is not "publisher"
        environment.put("HTTP_PORT", "0");
        try (ShadedProgram.Running program = ShadedProgram.PUBLISHER.start(environment, workDir)) {
            program.awaitStdout("connected: broker=", Duration.ofSeconds(30));
            board.await("vanishing", "vanishing-publisher", ClientStatus.ONLINE);
        } // SIGKILL
        board.await("vanishing", "vanishing-publisher", ClientStatus.OFFLINE);
    }

    /** {@code offline} carries a Message Expiry Interval of a day, and the broker passes it on. */
    @Test
    void aCleanStopIsOfflineTooForADay() throws Exception {
        MqttSettings settings = broker.settings("stopping");
        MqttAsyncClient client = connectWithStatus(settings);
        board.await(settings, ClientStatus.ONLINE);
        assertNull(board.latestMessage(settings).getProperties().getMessageExpiryInterval(), "online does not expire");
        MqttConnections.close(client, log);
        board.await(settings, ClientStatus.OFFLINE);
        Long expiry = board.latestMessage(settings).getProperties().getMessageExpiryInterval();
        assertTrue(expiry != null && expiry > ClientStatus.OFFLINE_KEPT.toSeconds() - 60 && expiry <= ClientStatus.OFFLINE_KEPT.toSeconds(),
                "offline should expire in about a day, expiry=" + expiry);
    }

    /** Two replicas of one identity: one stops, the other is still online. */
    @Test
    void replicasSharingAnIdentityEachHaveTheirOwnStatus() throws Exception {
        MqttSettings first = broker.settings("replica", "replica-1");
        MqttSettings second = broker.settings("replica", "replica-2");
        MqttAsyncClient firstClient = connectWithStatus(first);
        MqttAsyncClient secondClient = connectWithStatus(second);
        try {
            board.await(first, ClientStatus.ONLINE);
            board.await(second, ClientStatus.ONLINE);
            MqttConnections.close(firstClient, log);
            board.await(first, ClientStatus.OFFLINE);
            assertEquals(ClientStatus.ONLINE, board.latest(second), board.history().toString());
        } finally {
            MqttConnections.close(secondClient, log);
        }
        board.await(second, ClientStatus.OFFLINE);
    }

    /**
     * The PUBACK carries 0x87, and nothing reaches the operator, for another identity's status and for
     * another client id's under our own identity; the same message on the connection's own topic,
     * published after them on the same connection, does, so "nothing" is not "too soon".
     */
    @Test
    void aClientMayNotWriteAnotherClientsStatus() throws Exception {
        MqttSettings settings = broker.settings("intruder");
        MqttAsyncClient client = MqttConnections.newClient(settings);
        try {
            MqttConnections.connect(client, MqttConnections.cleanSession(settings), settings);
            MqttMessage forged = new MqttMessage("forged".getBytes(StandardCharsets.UTF_8), 1, true, null);
            for (String victim : List.of(ClientStatus.topic("publisher", "publisher"), ClientStatus.topic("subscriber", "subscriber"),
                    ClientStatus.topic("operator", settings.clientId()), ClientStatus.topic("intruder", "intruder-other"))) {
                IMqttToken token = client.publish(victim, forged);
                token.waitForCompletion(WAIT.toMillis());
                assertArrayEquals(new int[] {ReasonCodes.NOT_AUTHORIZED}, token.getReasonCodes(), victim);
            }
            String ownTopic = ClientStatus.topic("intruder", settings.clientId());
            IMqttToken own = client.publish(ownTopic, forged);
            own.waitForCompletion(WAIT.toMillis());
            assertFalse(ReasonCodes.isFailure(own.getReasonCodes()[0]));

            board.await(settings, "forged");
            assertEquals(List.of(ownTopic + " forged"),
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
        options.setWill(ClientStatus.topic("healthcheck", settings.clientId()), new MqttMessage("forged-will".getBytes(StandardCharsets.UTF_8), 1, true, null));
        MqttAsyncClient forging = MqttConnections.newClient(settings);
        MqttConnections.connect(forging, options, settings);
        MqttConnections.disconnectQuietly(forging); // DISCONNECT 0x04: publish my Will

        MqttSettings again = broker.settings("forger", settings.clientId());
        MqttAsyncClient honest = MqttConnections.newClient(again);
        MqttConnections.connect(honest, MqttConnections.cleanSession(again), again);
        MqttConnections.disconnectQuietly(honest);

        board.await(again, ClientStatus.OFFLINE);
        assertTrue(board.history().stream().noneMatch(line -> line.contains("forged-will")), board.history().toString());
    }

    private static MqttAsyncClient connectWithStatus(MqttSettings settings) throws Exception {
        MqttClientConnection connection = MqttClientConnection.create(settings, MqttConnections.cleanSession(settings), new Monitoring(), log);
        connection.connect(ConnectionCallback.NO_MESSAGES);
        return connection.client();
    }

    /** The operator's view of {@code clients/+/+/status}: the latest status of each client, and all it saw. */
    private static final class StatusBoard implements AutoCloseable {

        private final MqttAsyncClient client;
        private final Map<String, MqttMessage> latest = new ConcurrentHashMap<>();
        private final List<String> history = new CopyOnWriteArrayList<>();

        StatusBoard(MqttSettings operator) throws Exception {
            client = MqttConnections.newClient(operator);
            client.setCallback(new ConnectionCallback(log, (topic, message) -> {
                String status = new String(message.getPayload(), StandardCharsets.UTF_8);
                // History first: a test that saw the latest status may read the history at once.
                history.add(topic + " " + status);
                latest.put(topic, message);
            }, List.of()));
            MqttConnections.connect(client, MqttConnections.cleanSession(operator), operator);
            IMqttToken subscribed = client.subscribe(new MqttSubscription[] {new MqttSubscription("clients/+/+/status", 1)}, null, null,
                    null);
            subscribed.waitForCompletion(WAIT.toMillis());
            assertFalse(ReasonCodes.isFailure(subscribed.getReasonCodes()[0]), "operator may read clients/+/+/status");
        }

        void await(MqttSettings settings, String status) {
            await(identityOf(settings), settings.clientId(), status);
        }

        void await(String identity, String clientId, String status) {
            String topic = ClientStatus.topic(identity, clientId);
            Await.until(() -> status.equals(payload(latest.get(topic))), WAIT,
                    "the operator never saw " + topic + " " + status + " (saw " + history + ")");
        }

        String latest(MqttSettings settings) {
            return payload(latestMessage(settings));
        }

        MqttMessage latestMessage(MqttSettings settings) {
            return latest.get(ClientStatus.topic(identityOf(settings), settings.clientId()));
        }

        /** TestPki names a certificate file after its identity. */
        private static String identityOf(MqttSettings settings) {
            return settings.certFile().getFileName().toString().replaceFirst("\\.crt$", "");
        }

        private static String payload(MqttMessage message) {
            return message == null ? null : new String(message.getPayload(), StandardCharsets.UTF_8);
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
