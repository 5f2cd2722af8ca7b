package io.securemqtt.systemtests;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The pinned Mosquitto image running this repository's own {@code mosquitto/} configuration
 * with the broker identity from a PKI directory written by certgen.
 *
 * <p>Files are copied under {@code /mosquitto}, where the image's entrypoint hands them to the
 * broker's user (uid 1883) before the broker drops root and reads its key.
 */
public final class MosquittoContainer extends GenericContainer<MosquittoContainer> {

    public static final DockerImageName IMAGE = DockerImageName.parse("eclipse-mosquitto:2.0.22");
    public static final int MQTTS_PORT = 8883;

    public MosquittoContainer(Path pkiDir) {
        super(IMAGE);
        Path config = configDir();
        withExposedPorts(MQTTS_PORT);
        withCopyToContainer(readable(config.resolve("mosquitto.conf"), 0644), "/mosquitto/config/mosquitto.conf");
        withCopyToContainer(readable(config.resolve("acl"), 0600), "/mosquitto/config/acl");
        withCopyToContainer(readable(pkiDir.resolve("ca.crt"), 0644), "/mosquitto/certs/ca.crt");
        withCopyToContainer(readable(pkiDir.resolve("server.crt"), 0644), "/mosquitto/certs/server.crt");
        withCopyToContainer(readable(pkiDir.resolve("server.key"), 0600), "/mosquitto/certs/server.key");
        waitingFor(Wait.forLogMessage(".*mosquitto version .* running.*", 1));
    }

    /** The port on the test host that reaches the broker's only listener (mTLS). */
    public int mqttsPort() {
        return getMappedPort(MQTTS_PORT);
    }

    /** The repository's broker configuration; surefire passes its path (see system-tests/pom.xml). */
    static Path configDir() {
        String dir = System.getProperty("mosquitto.config.dir", "../mosquitto");
        Path path = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path.resolve("mosquitto.conf"))) {
            throw new IllegalStateException("no mosquitto.conf in " + path + " (system property mosquitto.config.dir)");
        }
        return path;
    }

    private static MountableFile readable(Path file, int mode) {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("cannot read " + file);
        }
        return MountableFile.forHostPath(file, mode);
    }
}
