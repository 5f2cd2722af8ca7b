package io.securemqtt.systemtests;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 *
 * <p>The listener is published on 127.0.0.1 at a port fixed for the container's life, so that
 * clients reconnect to the same address after {@link #restart()} or {@link #killAndStart()}.
 */
public final class MosquittoContainer extends GenericContainer<MosquittoContainer> {

    public static final DockerImageName IMAGE = DockerImageName.parse("eclipse-mosquitto:2.1.2");
    public static final int MQTTS_PORT = 8883;
    /** The broker's log rotation (mosquitto/rotate-log.sh), where the image has it. */
    public static final String ROTATE_LOG = "/usr/local/bin/mosquitto-rotate-log";
    private static final String RUNNING = ".*mosquitto version .* running.*";
    private static final String RELOADING = ".*Reloading config.*";
    private static final String CERTS = "/mosquitto/certs/";

    private final int hostPort = freeLocalPort();

    public MosquittoContainer(Path pkiDir) {
        super(IMAGE);
        Path config = configDir();
        withExposedPorts(MQTTS_PORT);
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(new PortBinding(
                Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), ExposedPort.tcp(MQTTS_PORT))));
        withCopyToContainer(readable(config.resolve("mosquitto.conf"), 0644), "/mosquitto/config/mosquitto.conf");
        withCopyToContainer(readable(config.resolve("acl"), 0600), "/mosquitto/config/acl");
        // As mosquitto/Dockerfile installs it for the healthcheck.
        withCopyToContainer(readable(config.resolve("rotate-log.sh"), 0755), ROTATE_LOG);
        withCopyToContainer(readable(pkiDir.resolve("ca.crt"), 0644), CERTS + "ca.crt");
        withCopyToContainer(readable(pkiDir.resolve("server.crt"), 0644), CERTS + "server.crt");
        withCopyToContainer(readable(pkiDir.resolve("server.key"), 0600), CERTS + "server.key");
        withCopyToContainer(readable(pkiDir.resolve("crl.pem"), 0644), CERTS + "crl.pem");
        waitingFor(Wait.forLogMessage(RUNNING, 1));
    }

    /** The port on the test host (127.0.0.1) that reaches the broker's only listener (mTLS). */
    public int mqttsPort() {
        return hostPort;
    }

    /** The listener is published on the loopback interface only (a name in the server certificate). */
    public String mqttsHost() {
        return "localhost";
    }

    /** {@code docker restart}: the broker stops cleanly (closing mosquitto.db) and starts again. */
    public void restart() {
        long runs = count(RUNNING);
        getDockerClient().restartContainerCmd(getContainerId()).withTimeout(10).exec();
        awaitCount(RUNNING, runs + 1, "start again");
    }

    /**
     * {@code docker kill} (SIGKILL: no chance to save anything), then {@code docker start}. What the
     * persist-sqlite plugin had committed to mosquitto.db comes back; nothing else does.
     */
    public void killAndStart() {
        killAndStart(() -> { });
    }

    /** As {@link #killAndStart()}, running {@code whileDown} once the broker's process is gone. */
    public void killAndStart(Runnable whileDown) {
        long runs = count(RUNNING);
        getDockerClient().killContainerCmd(getContainerId()).exec();
        Await.until(() -> !Boolean.TRUE.equals(getDockerClient().inspectContainerCmd(getContainerId()).exec().getState().getRunning()),
                Duration.ofSeconds(30), "the broker did not die of SIGKILL");
        whileDown.run();
        getDockerClient().startContainerCmd(getContainerId()).exec();
        awaitCount(RUNNING, runs + 1, "start again");
    }

    /**
     * Copies the broker's certificate, key and CRL from a PKI directory into the running container,
     * as Compose's certgen step delivers them, and reloads the broker ({@link #reload()}).
     */
    public void deliverAndReload(Path pkiDir) {
        copyFileToContainer(readable(pkiDir.resolve("server.crt"), 0644), CERTS + "server.crt");
        copyFileToContainer(readable(pkiDir.resolve("server.key"), 0600), CERTS + "server.key");
        copyFileToContainer(readable(pkiDir.resolve("crl.pem"), 0644), CERTS + "crl.pem");
        try {
            // Copies arrive owned by root; the broker reads its key as uid 1883.
            var chown = execInContainer("chown", "1883:1883", CERTS + "server.key", CERTS + "server.crt", CERTS + "crl.pem");
            if (chown.getExitCode() != 0) {
                throw new IllegalStateException("chown in the broker container failed: " + chown.getStderr());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        reload();
    }

    /** SIGHUP: Mosquitto reloads its configuration, certificate, key and CRL; connections stay open. */
    public void reload() {
        long reloads = count(RELOADING);
        getDockerClient().killContainerCmd(getContainerId()).withSignal("HUP").exec();
        awaitCount(RELOADING, reloads + 1, "reload its configuration");
    }

    private long count(String logLinePattern) {
        return getLogs().lines().filter(line -> line.matches(logLinePattern)).count();
    }

    private void awaitCount(String logLinePattern, long count, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count(logLinePattern) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker did not " + what + " within 30 s:\n" + getLogs());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int freeLocalPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
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
