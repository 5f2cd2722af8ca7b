package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securemqtt.common.article.ArticleCodec;
import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.testing.MosquittoContainer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One size limit, in one place: {@link ArticleCodec#MAX_PAYLOAD_BYTES}. The broker's size lines in
 * {@code mosquitto/mosquitto.conf} are written out by hand (Mosquitto has no include of Java
 * constants), so this reads them and holds them to it. {@link PoisonMessageTest} shows what they do.
 */
class BrokerSizeLimitsTest {

    @Test
    void theBrokerTakesNoPacketBiggerThanOurClientsAccept() throws IOException {
        // The largest article and its headers: what every client of ours announces, so what the broker
        // takes in, it can hand to any subscriber of ours.
        assertEquals(MqttConnections.MAXIMUM_PACKET_SIZE, setting("max_packet_size"));
        assertEquals(ArticleCodec.MAX_PAYLOAD_BYTES + 4096, MqttConnections.MAXIMUM_PACKET_SIZE);
    }

    @Test
    void noMessageSizeLimitWhoseRefusalPahoCannotRead() throws IOException {
        // Mosquitto 2.0 refuses a payload over message_size_limit with PUBACK 0x95, which MQTT 5 does not
        // allow in a PUBACK: Paho 1.2.5 drops the connection for it (PublisherRefusalTest shows it).
        assertEquals(List.of(), values("message_size_limit"));
    }

    @Test
    void eachSessionsQueueIsBoundedInBytes() throws IOException {
        long queuedBytes = setting("max_queued_bytes");
        long queuedMessages = setting("max_queued_messages");
        assertEquals(64L * 1024 * 1024, queuedBytes);
        // Ordinary articles (~400 bytes, the bundled catalogue's) fill the count first: no outage that
        // the count allows is cut short by the bytes...
        assertTrue(queuedMessages * 400 < queuedBytes, "max_queued_messages of 400-byte articles must fit in max_queued_bytes");
        // ...while a flood of articles at the payload limit stops far below what the count alone would allow.
        assertTrue(queuedBytes < queuedMessages * ArticleCodec.MAX_PAYLOAD_BYTES / 50);
    }

    /** The value of the one line {@code name VALUE} in the repository's mosquitto.conf. */
    private static long setting(String name) throws IOException {
        List<String> values = values(name);
        assertEquals(1, values.size(), "one '" + name + "' line in mosquitto.conf, found " + values);
        return Long.parseLong(values.get(0));
    }

    private static List<String> values(String name) throws IOException {
        return MosquittoContainer.repositoryConfiguration().lines()
                .map(String::strip)
                .filter(line -> line.startsWith(name + " "))
                .map(line -> line.substring(name.length()).strip())
                .toList();
    }
}
