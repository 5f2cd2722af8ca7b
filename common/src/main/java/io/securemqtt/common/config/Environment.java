package io.securemqtt.common.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to environment variables, read once at start-up.
 *
 * <p>Values are trimmed, and a variable set to an empty string counts as unset: Compose writes
 * {@code FOO=} for a variable the operator left blank, and that should mean "use the default".
 * Every accessor throws {@link ConfigException} naming the variable, the value and what is expected.
 */
public final class Environment {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");

    private final Map<String, String> variables;

    public Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
    }

    /** The trimmed value, or empty when the variable is unset or blank. */
    public Optional<String> optional(String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(name,
                name + " is " + (variables.containsKey(name) ? "empty" : "not set") + "; it is required"));
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public int port(String name, int defaultValue) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String text = value.get();
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, name + "='" + text + "' is not a port number; expected an integer from 1 to 65535");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException(name, name + "=" + port + " is out of range; expected a port from 1 to 65535");
        }
        return port;
    }

    /**
     * A duration greater than zero such as {@code 500ms}, {@code 5s}, {@code 2m} or {@code 1h}; a plain
     * number means seconds.
     */
    public Duration positiveDuration(String name, Duration defaultValue) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String text = value.get();
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new ConfigException(name, name + "='" + text
                    + "' is not a duration; expected a whole number with an optional unit ms, s, m or h, e.g. 500ms, 5s, 2m (no unit means seconds)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        Duration duration = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (duration.isZero()) {
            throw new ConfigException(name, name + "='" + text + "' must be greater than zero");
        }
        return duration;
    }

    /** A comma-separated list; blank entries are dropped, so {@code "a, b,"} is {@code [a, b]}. */
    public List<String> list(String name, List<String> defaultValue) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return List.copyOf(defaultValue);
        }
        List<String> items = Arrays.stream(value.get().split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
        if (items.isEmpty()) {
            throw new ConfigException(name, name + "='" + value.get() + "' has no entries; expected a comma-separated list");
        }
        return items;
    }

    public Path requiredPath(String name) {
        return toPath(name, required(name));
    }

    public Optional<Path> optionalPath(String name) {
        return optional(name).map(value -> toPath(name, value));
    }

    private static Path toPath(String name, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(name, name + "='" + value + "' is not a valid file path: " + e.getReason());
        }
    }
}
