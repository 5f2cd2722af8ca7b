package io.securemqtt.bench;

import io.securemqtt.testing.MosquittoContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Docker's userland proxy, which carries connections to 127.0.0.1:PORT into a container (not in the
 * Compose stack, where containers talk over a bridge network): its CPU is reported, as it competes.
 */
final class DockerProxy {

    private static final Path PROC = Path.of("/proc");

    private DockerProxy() {
    }

    /**
     * The host PID of the proxy for {@code broker}'s published port; empty without one (a broker at
     * its own address on a network, Docker without its userland proxy, or a host without /proc).
     * Read from /proc/PID/cmdline, which every user may read (the proxy runs as root).
     */
    static Optional<Long> of(MosquittoContainer broker) {
        if (!broker.mqttsHost().equals("localhost")) {
            return Optional.empty(); // reached at its own address: nothing published
        }
        String port = Integer.toString(broker.mqttsPort());
        try (Stream<Path> processes = Files.list(PROC)) {
            return processes.filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .filter(dir -> proxies(arguments(dir), port))
                    .map(dir -> Long.parseLong(dir.getFileName().toString()))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean proxies(List<String> arguments, String port) {
        int at = arguments.indexOf("-host-port");
        return !arguments.isEmpty() && arguments.get(0).endsWith("docker-proxy") && at > 0 && at + 1 < arguments.size()
                && arguments.get(at + 1).equals(port);
    }

    private static List<String> arguments(Path processDir) {
        try {
            return List.of(new String(Files.readAllBytes(processDir.resolve("cmdline")), StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | RuntimeException gone) {
            return List.of(); // the process ended meanwhile, or is not ours to read
        }
    }
}
