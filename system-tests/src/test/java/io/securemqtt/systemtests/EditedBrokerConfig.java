package io.securemqtt.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.testcontainers.images.builder.Transferable;

/**
 * A broker run with the repository's {@code mosquitto.conf} changed on purpose, line by line: e.g.
 * without its size limits, to show what a client's own defences do on a broker that lacks them.
 */
final class EditedBrokerConfig {

    private static final String PATH = "/mosquitto/config/edited.conf";

    private EditedBrokerConfig() {
    }

    /**
     * Makes {@code container} (not started yet) run the repository's configuration with each line
     * replaced by {@code edit}'s answer (null drops the line), and {@code added} lines at the end.
     */
    static MosquittoContainer apply(MosquittoContainer container, UnaryOperator<String> edit, String... added) {
        String config;
        try {
            config = Stream.concat(Files.readAllLines(MosquittoContainer.configDir().resolve("mosquitto.conf")).stream().map(edit),
                            Stream.of(added))
                    .filter(Objects::nonNull)
                    .collect(Collectors.joining("\n", "", "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Beside the original, which the container copies in too: the command names which one runs.
        return container.withCopyToContainer(Transferable.of(config.getBytes(StandardCharsets.UTF_8), 0644), PATH)
                .withCommand("/usr/sbin/mosquitto", "-c", PATH);
    }

    /** Drops every line that sets one of {@code settings}. */
    static UnaryOperator<String> without(String... settings) {
        return line -> {
            for (String setting : settings) {
                if (line.startsWith(setting + " ")) {
                    return null;
                }
            }
            return line;
        };
    }
}
