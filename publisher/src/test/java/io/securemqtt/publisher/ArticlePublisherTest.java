package io.securemqtt.publisher;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.securemqtt.common.BrokerConnectionException;
import io.securemqtt.common.MqttSettings;
import io.securemqtt.common.TlsMaterialException;

/** What needs no broker; publishing itself is covered by the system tests against Mosquitto. */
class ArticlePublisherTest {

    @TempDir
    Path dir;

    @Test
    void connectFailsClearlyWhenNothingListens() throws Exception {
        io.securemqtt.certgen.Main.generate(dir);
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        }
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
}
