package io.securemqtt.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.securemqtt.certgen.pki.PkiDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;

/**
 * The broker as Compose runs it: the image built from this repository's {@code mosquitto/Dockerfile}
 * (its configuration and ACL baked in), with the broker identity from a PKI directory written by
 * certgen.
 *
 * <p>The identity is copied under {@code /mosquitto/certs}, where the image's entrypoint hands it to
 * the broker's user (uid 1883) before the broker drops root and reads its key.
 *
 * <p>The listener is published on 127.0.0.1 at a port fixed for the container's life, so that
 * clients reconnect to the same address after {@link #restart()} or {@link #killAndStart()}; or,
 * with {@link #withAddress}, not published at all but reached at a fixed address on a network.
 */
public final class MosquittoContainer extends GenericContainer<MosquittoContainer> {

    /** The system property naming the broker image's directory (surefire sets it: system-tests/pom.xml). */
    public static final String DIRECTORY_PROPERTY = "mosquitto.config.dir";
    /** The image's name; its tag is a digest of the directory's files, so that a change makes a new image. */
    public static final String IMAGE_NAME = "securemqtt/mosquitto-under-test";
    public static final int MQTTS_PORT = 8883;
    /** The broker's log rotation (mosquitto/rotate-log.sh), where the image installs it. */
    public static final String ROTATE_LOG = "/usr/local/bin/mosquitto-rotate-log";
    /** The broker's reload on new certificate files (mosquitto/reload-certs.sh), where the image installs it. */
    public static final String RELOAD_CERTS = "/usr/local/bin/mosquitto-reload-certs";
    /** What Mosquitto 2.1.2 logs once its listeners are open: "mosquitto version 2.1.2 running". */
    public static final String RUNNING = ".*mosquitto version .* running.*";
    private static final String RELOADING = ".*Reloading config.*";
    /** Where mosquitto.conf reads the broker's identity from. */
    private static final String CERTS = "/mosquitto/certs/";
    private static final String EDITED_CONFIG = "/mosquitto/config/edited.conf";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** One build per image directory and JVM: Docker's layer cache makes a rebuild of unchanged files quick, but not free. */
    private static final Map<Path, ImageFromDockerfile> IMAGES = new ConcurrentHashMap<>();

    private final int hostPort = LoopbackPort.free();
    private String fixedAddress;

    /** The repository's broker ({@link #repositoryImage()}) with the identity in {@code pkiDir}. */
    public MosquittoContainer(Path pkiDir) {
        this(repositoryImage(), pkiDir);
    }

    /** A broker from {@code image} (see {@link #image(Path)}) with the identity in {@code pkiDir}. */
    public MosquittoContainer(Future<String> image, Path pkiDir) {
        super(image);
        withExposedPorts(MQTTS_PORT);
        withCreateContainerCmdModifier(cmd -> {
            if (fixedAddress == null) {
                cmd.getHostConfig().withPortBindings(new PortBinding(
                        Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), ExposedPort.tcp(MQTTS_PORT)));
            } else {
                cmd.withIpv4Address(fixedAddress);
            }
        });
        PkiDirectory pki = new PkiDirectory(pkiDir);
        withCopyToContainer(readable(pki.caCertificate(), 0644), CERTS + "ca.crt");
        withCopyToContainer(readable(pki.certificate(PkiDirectory.SERVER), 0644), CERTS + "server.crt");
        withCopyToContainer(readable(pki.key(PkiDirectory.SERVER), 0600), CERTS + "server.key");
        withCopyToContainer(readable(pki.crl(), 0644), CERTS + "crl.pem");
        waitingFor(Wait.forLogMessage(RUNNING, 1).withStartupTimeout(START_TIMEOUT));
    }

    /** The image of the repository's {@code mosquitto/} directory ({@link #repositoryDirectory()}). */
    public static Future<String> repositoryImage() {
        return image(repositoryDirectory());
    }

    /**
     * The image that {@code directory}'s Dockerfile builds, with the directory as its context (and
     * its .dockerignore), as Compose builds it. Built once per JVM, under {@link #IMAGE_NAME} and a
     * tag made of the directory's contents, and kept: the next run finds its layers in Docker's cache.
     */
    public static Future<String> image(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        return IMAGES.computeIfAbsent(dir, d -> new ImageFromDockerfile(IMAGE_NAME + ":" + contentTag(d), false)
                .withDockerfile(d.resolve("Dockerfile")));
    }

    /**
     * The broker image's directory: the system property {@value #DIRECTORY_PROPERTY}, else
     * {@code ../mosquitto} (a module's directory is the working directory of its tests).
     */
    public static Path repositoryDirectory() {
        Path path = Path.of(System.getProperty(DIRECTORY_PROPERTY, "../mosquitto")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path.resolve("Dockerfile")) || !Files.isRegularFile(path.resolve("mosquitto.conf"))) {
            throw new IllegalStateException("no Dockerfile and mosquitto.conf in " + path + " (system property " + DIRECTORY_PROPERTY + ")");
        }
        return path;
    }

    /** The repository's broker configuration, {@code mosquitto.conf}, as the image has it. */
    public static String repositoryConfiguration() {
        try {
            return Files.readString(repositoryDirectory().resolve("mosquitto.conf"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the broker with {@code configuration} instead of the image's mosquitto.conf, which stays
     * beside it untouched: the command names the file that runs.
     */
    public MosquittoContainer withConfiguration(String configuration) {
        return withCopyToContainer(Transferable.of(configuration.getBytes(StandardCharsets.UTF_8), 0644), EDITED_CONFIG)
                .withCommand("/usr/sbin/mosquitto", "-c", EDITED_CONFIG);
    }

    /**
     * Puts the broker at {@code ipv4Address} on the Docker network {@code network} (which must
     * have a subnet given by its creator) and publishes no port.
     */
    public MosquittoContainer withAddress(String network, String ipv4Address) {
        this.fixedAddress = ipv4Address;
        return withNetworkMode(network);
    }

    /** The port on the test host (127.0.0.1) that reaches the broker's only listener (mTLS). */
    public int mqttsPort() {
        return fixedAddress == null ? hostPort : MQTTS_PORT;
    }

    /** The listener's name for clients: {@code localhost}, a name in the server certificate; or the fixed address. */
    public String mqttsHost() {
        return fixedAddress == null ? "localhost" : fixedAddress;
    }

    /** The broker's version, from the line it logs once running. */
    public String version() {
        return getLogs().lines().filter(line -> line.matches(RUNNING)).findFirst()
                .map(line -> line.replaceFirst(".*mosquitto version (\\S+) running.*", "$1"))
                .orElseThrow(() -> new IllegalStateException("the broker has not logged its version"));
    }

    /** The broker's process ID on the Docker host. */
    public long hostPid() {
        return getContainerInfo().getState().getPidLong();
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
                START_TIMEOUT, "the broker did not die of SIGKILL");
        whileDown.run();
        getDockerClient().startContainerCmd(getContainerId()).exec();
        awaitCount(RUNNING, runs + 1, "start again");
    }

    /**
     * Copies the broker's certificate, key and CRL from a PKI directory into the running container,
     * as Compose's certgen step delivers them, and reloads the broker ({@link #reload()}).
     */
    public void deliverAndReload(Path pkiDir) {
        deliver(pkiDir);
        reload();
    }

    /**
     * Copies the broker's certificate, key and CRL from a PKI directory into the running container,
     * as Compose's certgen and certgen-renewer deliver them, and sends no signal.
     */
    public void deliver(Path pkiDir) {
        PkiDirectory pki = new PkiDirectory(pkiDir);
        copyFileToContainer(readable(pki.certificate(PkiDirectory.SERVER), 0644), CERTS + "server.crt");
        copyFileToContainer(readable(pki.key(PkiDirectory.SERVER), 0600), CERTS + "server.key");
        copyFileToContainer(readable(pki.crl(), 0644), CERTS + "crl.pem");
        // Copies arrive owned by root; the broker reads its key as uid 1883.
        exec("chown", "1883:1883", CERTS + "server.key", CERTS + "server.crt", CERTS + "crl.pem");
    }

    /**
     * Runs {@value #RELOAD_CERTS} once a second, as the broker's healthcheck does in Compose: the
     * broker reloads by itself once new certificate files are delivered. (Here as root, the
     * container's user, where Compose runs it as the broker's uid 1883: the smoke test covers that.)
     */
    public MosquittoContainer withCertificateReload() {
        return withCreateContainerCmdModifier(cmd -> cmd.withHealthcheck(new HealthCheck()
                .withTest(List.of("CMD", RELOAD_CERTS))
                .withInterval(Duration.ofSeconds(1).toNanos())
                .withTimeout(Duration.ofSeconds(5).toNanos())
                .withRetries(30)));
    }

    /** The times the broker logged that it reloaded its configuration (SIGHUP). */
    public long reloads() {
        return count(RELOADING);
    }

    /** SIGHUP: Mosquitto reloads its configuration, certificate, key and CRL; connections stay open. */
    public void reload() {
        long reloads = count(RELOADING);
        getDockerClient().killContainerCmd(getContainerId()).withSignal("HUP").exec();
        awaitCount(RELOADING, reloads + 1, "reload its configuration");
    }

    /** Runs {@code command} in the container; its standard output, or an exception with its standard error. */
    public String exec(String... command) {
        try {
            var result = execInContainer(command);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException(List.of(command) + " in the broker container failed: " + result.getStderr());
            }
            return result.getStdout();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long count(String logLinePattern) {
        return getLogs().lines().filter(line -> line.matches(logLinePattern)).count();
    }

    private void awaitCount(String logLinePattern, long count, String what) {
        Await.until(() -> count(logLinePattern) >= count, START_TIMEOUT,
                () -> "the broker did not " + what + " within " + START_TIMEOUT.toSeconds() + " s:\n" + getLogs());
    }

    /** A digest of the directory's files, names and contents: the same files, the same tag. */
    private static String contentTag(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the broker image's directory " + dir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MountableFile readable(Path file, int mode) {
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("cannot read " + file);
        }
        return MountableFile.forHostPath(file, mode);
    }
}
