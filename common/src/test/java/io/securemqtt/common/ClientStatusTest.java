package io.securemqtt.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status topic and the Last Will every client connects with; publishing is in the system tests. */
class ClientStatusTest {

    @TempDir
    static Path pki;

    @BeforeAll
    static void generatePki() {
        io.securemqtt.certgen.Main.generate(pki);
    }

    private static MqttSettings settings(String identity) {
        return new MqttSettings("localhost", 8883, pki.resolve("ca.crt"), pki.resolve(identity + ".crt"),
                pki.resolve(identity + ".key"), identity + "-1");
    }

    @Test
    void theTopicIsNamedByTheCertificatesCommonName() {
        assertEquals("clients/publisher/status", ClientStatus.topicFor(pki.resolve("publisher.crt")));
        assertEquals("clients/subscriber/status", ClientStatus.topicFor(pki.resolve("subscriber.crt")));
        // The client id plays no part: the ACL's %u is the user name, that is the CN.
        assertEquals("clients/publisher/status", new ClientStatus(MqttConnections.newClient(settings("publisher")), settings("publisher")).topic());
    }

    @Test
    void anIdentityThatCannotBeATopicLevelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClientStatus.topic("a/b"));
        assertThrows(IllegalArgumentException.class, () -> ClientStatus.topic("+"));
        assertThrows(IllegalArgumentException.class, () -> ClientStatus.topic(""));
        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> ClientStatus.topicFor(pki.resolve("nope.crt")));
        assertTrue(e.getMessage().contains("(MQTT_CERT_FILE) does not exist"), e.getMessage());
    }

    @Test
    void everyConnectionCarriesARetainedOfflineWill() {
        for (MqttConnectionOptions options : new MqttConnectionOptions[] {
                MqttConnections.cleanSession(settings("publisher")),
                MqttConnections.persistentSession(settings("subscriber"), java.time.Duration.ofDays(1))}) {
            MqttMessage will = options.getWillMessage();
            assertTrue(will.isRetained());
            assertEquals(1, will.getQos());
            assertArrayEquals("offline".getBytes(StandardCharsets.UTF_8), will.getPayload());
            assertEquals("text/plain", options.getWillMessageProperties().getContentType());
        }
        assertEquals("clients/publisher/status", MqttConnections.cleanSession(settings("publisher")).getWillDestination());
        assertEquals("clients/subscriber/status",
                MqttConnections.persistentSession(settings("subscriber"), java.time.Duration.ofDays(1)).getWillDestination());
    }
}
