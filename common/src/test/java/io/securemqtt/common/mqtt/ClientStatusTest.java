package io.securemqtt.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.tls.PemFiles;
import io.securemqtt.common.tls.TlsMaterialException;

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
    void theTopicIsNamedByTheCertificatesCommonNameAndTheClientId() {
        // The identity is the CN, not the client id: the ACL's %u is the user name, that is the CN.
        assertEquals("clients/publisher/pub-7/status", ClientStatus.topicFor(certificate("publisher"), pki.resolve("publisher.crt"), "pub-7"));
        assertEquals("clients/subscriber/subscriber/status",
                ClientStatus.topicFor(certificate("subscriber"), pki.resolve("subscriber.crt"), "subscriber"));
    }

    @Test
    void credentialsNameTheStatusTopicFromTheCertificateTheyRead() {
        ClientCredentials credentials = ClientCredentials.load(settings("publisher"));
        assertEquals("clients/publisher/publisher-1/status", credentials.statusTopic());
        assertEquals(credentials.statusTopic(), MqttConnections.cleanSession(credentials).getWillDestination());
        MqttSettings missing = new MqttSettings("localhost", 8883, pki.resolve("ca.crt"), pki.resolve("nope.crt"),
                pki.resolve("publisher.key"), "c");
        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> ClientCredentials.load(missing));
        assertTrue(e.getMessage().contains("(MQTT_CERT_FILE) does not exist"), e.getMessage());
    }

    @Test
    void onlineGoesWhereTheWillIs() {
        MqttConnectionOptions options = MqttConnections.cleanSession(settings("publisher"));
        assertEquals(options.getWillDestination(), new ClientStatus(MqttConnections.newClient(settings("publisher")), options).topic());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClientStatus(MqttConnections.newClient(settings("publisher")), new MqttConnectionOptions()));
        assertTrue(e.getMessage().contains("no Will"), e.getMessage());
    }

    @Test
    void anIdentityOrClientIdThatCannotBeATopicLevelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClientStatus.topic("a/b", "c"));
        assertThrows(IllegalArgumentException.class, () -> ClientStatus.topic("+", "c"));
        assertThrows(IllegalArgumentException.class, () -> ClientStatus.topic("", "c"));
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> ClientStatus.topic("publisher", "a/b"));
        assertTrue(id.getMessage().startsWith("client id 'a/b'"), id.getMessage());
    }

    private static X509Certificate certificate(String identity) {
        return PemFiles.certificate(pki.resolve(identity + ".crt"), MqttSettings.TLS_FILE_NAMES);
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
            assertEquals(86_400L, options.getWillMessageProperties().getMessageExpiryInterval());
        }
        assertEquals("clients/publisher/publisher-1/status", MqttConnections.cleanSession(settings("publisher")).getWillDestination());
        assertEquals("clients/subscriber/subscriber-1/status",
                MqttConnections.persistentSession(settings("subscriber"), java.time.Duration.ofDays(1)).getWillDestination());
    }
}
