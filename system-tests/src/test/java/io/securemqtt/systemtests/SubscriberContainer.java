package io.securemqtt.systemtests;

import io.securemqtt.testing.MosquittoContainer;
import io.securemqtt.testing.TestPki;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The subscriber's shaded jar in a JRE container on a Docker {@link Network}, as Compose runs it:
 * it reaches the broker by the name {@code mosquitto} (a name in the server certificate) and is
 * reached by the name {@code subscriber}, which {@code HTTP_ALLOWED_HOSTS} lets its HTTP server
 * answer to, as Compose's service name would be. Started once it has subscribed, so that nothing
 * published afterwards can be missed.
 */
final class SubscriberContainer extends GenericContainer<SubscriberContainer> {

    /** The JRE the subscriber's image is built from, with the JDK's {@code java} on its PATH. */
    static final DockerImageName IMAGE = DockerImageName.parse("eclipse-temurin:21-jre");
    /** The name other containers on the network reach it by, and the one its HTTP server allows. */
    static final String ALIAS = "subscriber";
    static final int HTTP_PORT = 8080;
    private static final String CERTS = "/certs/";

    /**
     * @param brokerAlias the broker's name on {@code network}
     * @param clientId    a client id of its own, so that no two tests share a session
     */
    SubscriberContainer(Network network, String brokerAlias, TestPki pki, String clientId) {
        super(IMAGE);
        String identity = ShadedProgram.SUBSCRIBER.identity();
        withNetwork(network);
        withNetworkAliases(ALIAS);
        withCopyToContainer(MountableFile.forHostPath(ShadedProgram.SUBSCRIBER.jar(), 0644), "/app/subscriber.jar");
        withCopyToContainer(MountableFile.forHostPath(pki.ca(), 0644), CERTS + "ca.crt");
        withCopyToContainer(MountableFile.forHostPath(pki.cert(identity), 0644), CERTS + identity + ".crt");
        withCopyToContainer(MountableFile.forHostPath(pki.key(identity), 0600), CERTS + identity + ".key");
        withEnv("MQTT_HOST", brokerAlias);
        withEnv("MQTT_PORT", Integer.toString(MosquittoContainer.MQTTS_PORT));
        withEnv("MQTT_CA_FILE", CERTS + "ca.crt");
        withEnv("MQTT_CERT_FILE", CERTS + identity + ".crt");
        withEnv("MQTT_KEY_FILE", CERTS + identity + ".key");
        withEnv("MQTT_CLIENT_ID", clientId);
        withEnv("HTTP_PORT", Integer.toString(HTTP_PORT));
        // The documented use: a name another container reaches us by, which our Host check would refuse.
        withEnv("HTTP_ALLOWED_HOSTS", ALIAS);
        withCommand("java", "-jar", "/app/subscriber.jar");
        waitingFor(Wait.forLogMessage(".*subscribed: filters=.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
    }

    /** The page's address, for a browser on the same network. */
    String pageUrl() {
        return "http://" + ALIAS + ":" + HTTP_PORT + "/";
    }
}
