package io.securemqtt.common.mqtt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.article.Topics;
import io.securemqtt.common.tls.TlsMaterialException;
import io.securemqtt.x509.Certificates;

/**
 * Every client's presence on {@code clients/<identity>/<client-id>/status}, retained, QoS 1:
 * {@code online} published at every (re)connection, {@code offline} as its Last Will, which the
 * broker publishes when the connection dies without a DISCONNECT, or with one carrying reason code
 * 0x04 as {@link MqttConnections#disconnectQuietly} sends. A reader of {@code clients/+/+/status}
 * (the {@code operator} identity) thus sees at once who is connected, replica by replica: replicas
 * share an identity but not a client id.
 *
 * <p>The identity is our certificate's CN, which the broker takes as our user name: the ACL lets each
 * connection write its own status topic only ({@code pattern write clients/%u/%c/status}); Mosquitto
 * silently drops a Will the ACL does not allow. {@code offline} expires after {@link #OFFLINE_KEPT},
 * so that the statuses of replicas long gone (each container has its own client id) do not pile up.
 */
public final class ClientStatus implements ConnectionListener {

    private static final Logger log = LoggerFactory.getLogger(ClientStatus.class);

    public static final String ROOT = "clients";
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    static final int QOS = 1;
    /** How long the broker keeps an {@code offline} status (its Message Expiry Interval). */
    public static final Duration OFFLINE_KEPT = Duration.ofDays(1);

    private final MqttAsyncClient client;
    private final String topic;

    /**
     * Announces {@code online} where {@code options} put the Will: the two always describe the same client.
     *
     * @param client  the client whose connections are announced
     * @param options the options it connects with, made by {@link MqttConnections}, which sets the Will
     * @throws IllegalArgumentException if the options carry no Will
     */
    public ClientStatus(MqttAsyncClient client, MqttConnectionOptions options) {
        this.client = client;
        this.topic = willTopic(options);
    }

    /**
     * {@code clients/<identity>/<client-id>/status}, e.g. {@code clients/subscriber/subscriber/status}.
     *
     * @throws IllegalArgumentException if either is not a topic level
     */
    public static String topic(String identity, String clientId) {
        Topics.checkLevel("identity", identity);
        Topics.checkLevel("client id", clientId);
        return ROOT + "/" + identity + "/" + clientId + "/status";
    }

    /**
     * The status topic of {@code clientId} with the identity in {@code certificate}, its first CN, as
     * Mosquitto's {@code use_identity_as_username} reads it.
     *
     * @param certificate the client certificate, as read from {@code certFile} to connect with it
     * @throws TlsMaterialException naming the file if the certificate has no usable CN
     */
    static String topicFor(X509Certificate certificate, Path certFile, String clientId) {
        String identity = Certificates.commonName(certificate).orElseThrow(() -> new TlsMaterialException(certFile,
                "certificate file " + certFile + " (" + MqttSettings.CERT_FILE
                        + ") has no CN; the broker takes the CN as the MQTT user name, so it would refuse us"));
        try {
            Topics.checkLevel("identity", identity);
        } catch (IllegalArgumentException e) {
            throw new TlsMaterialException(certFile, "certificate file " + certFile + " (" + MqttSettings.CERT_FILE
                    + "): its CN cannot name a status topic: " + e.getMessage() + "; issue the identity with certgen", e);
        }
        // MqttSettings has refused a client id that is no topic level, naming MQTT_CLIENT_ID.
        return topic(identity, clientId);
    }

    /** Sets the Last Will: retained {@code offline}, kept for {@link #OFFLINE_KEPT}, on {@code topic}. */
    static void setWill(MqttConnectionOptions options, String topic) {
        MqttMessage will = message(OFFLINE);
        will.getProperties().setMessageExpiryInterval(OFFLINE_KEPT.toSeconds());
        options.setWill(topic, will);
        // Paho sends the Will's properties from the options, not from the message.
        options.setWillMessageProperties(will.getProperties());
    }

    private static String willTopic(MqttConnectionOptions options) {
        String topic = options.getWillDestination();
        if (topic == null) {
            throw new IllegalArgumentException("the connection options carry no Will: make them with MqttConnections");
        }
        return topic;
    }

    /** Announces {@code online}, without waiting: this runs on Paho's callback thread. */
    @Override
    public void connected(boolean reconnect, String serverUri) {
        try {
            client.publish(topic, message(ONLINE), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int failure = ReasonCodes.firstFailure(token.getReasonCodes());
                    if (failure >= 0) {
                        failed("the broker refused it with PUBACK " + ReasonCodes.describe(failure));
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    failed(String.valueOf(exception.getMessage()));
                }
            });
        } catch (MqttException | RuntimeException e) {
            failed(String.valueOf(e.getMessage()));
        }
    }

    /** Nothing to do: the broker publishes our Will. */
    @Override
    public void lost(String reason) {
    }

    public String topic() {
        return topic;
    }

    private void failed(String reason) {
        log.warn("client status not published: topic={} status={} reason={}", topic, ONLINE, reason);
    }

    private static MqttMessage message(String status) {
        MqttProperties properties = new MqttProperties();
        properties.setContentType("text/plain");
        properties.setPayloadFormat(true);
        return new MqttMessage(status.getBytes(StandardCharsets.UTF_8), QOS, true, properties);
    }
}
