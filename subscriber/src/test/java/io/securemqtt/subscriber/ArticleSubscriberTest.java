package io.securemqtt.subscriber;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.common.mqtt.BrokerConnectionException;
import io.securemqtt.common.mqtt.MqttSettings;
import io.securemqtt.testing.LoopbackPort;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What needs no broker; subscribing itself is covered by the system tests against Mosquitto. */
class ArticleSubscriberTest {

    @TempDir
    Path dir;

    private MqttSettings settings(int port) {
        return new MqttSettings("localhost", port, dir.resolve("ca.crt"), dir.resolve("subscriber.crt"),
                dir.resolve("subscriber.key"), "subscriber");
    }

    @Test
    void invalidFilterIsRefusedBeforeConnecting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArticleSubscriber.start(settings(8883), List.of("articulos/#/futbol"), new ArticleLogger()));
        assertTrue(e.getMessage().startsWith("topic filter 'articulos/#/futbol' is invalid"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArticleSubscriber.start(settings(8883), List.of(), new ArticleLogger()));
    }

    @Test
    void connectFailsClearlyWhenNothingListens() throws Exception {
        io.securemqtt.certgen.Main.generate(dir);
        int freePort = LoopbackPort.free();
        BrokerConnectionException e = assertThrows(BrokerConnectionException.class,
                () -> ArticleSubscriber.start(settings(freePort), List.of("articulos/+/futbol"), new ArticleLogger()));
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
    }
}
