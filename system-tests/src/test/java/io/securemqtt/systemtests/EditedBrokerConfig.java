package io.securemqtt.systemtests;

import io.securemqtt.testing.MosquittoContainer;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A broker run with the repository's {@code mosquitto.conf} changed on purpose, line by line: e.g.
 * without its size limits, to show what a client's own defences do on a broker that lacks them.
 */
final class EditedBrokerConfig {

    private EditedBrokerConfig() {
    }

    /**
     * Makes {@code container} (not started yet) run the repository's configuration with each line
     * replaced by {@code edit}'s answer (null drops the line), and {@code added} lines at the end.
     */
    static MosquittoContainer apply(MosquittoContainer container, UnaryOperator<String> edit, String... added) {
        String config = Stream.concat(MosquittoContainer.repositoryConfiguration().lines().map(edit), Stream.of(added))
                .filter(Objects::nonNull)
                .collect(Collectors.joining("\n", "", "\n"));
        return container.withConfiguration(config);
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
