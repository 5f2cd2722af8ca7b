package io.securemqtt.common.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;

/**
 * The host names {@link MonitoringServer} answers to, checked against each request's {@code Host}
 * header. Against DNS rebinding: a web page the operator's browser opens can make a name of its own
 * resolve to 127.0.0.1, and the browser then lets that page read our answers, since to the browser
 * they come from the page's own origin. Its requests still carry that name as {@code Host}, and are
 * refused.
 *
 * <p>Always allowed: {@code localhost}, {@code 127.0.0.1} and {@code [::1]}, which the container
 * healthcheck ({@link HealthProbe}) and a published port use; then the container's own name
 * ({@code HOSTNAME}, which Docker sets) and the names in {@code HTTP_ALLOWED_HOSTS}, e.g. Compose
 * service names another container reaches us by. Any port; names compare without case and without
 * a trailing dot.
 */
public final class AllowedHosts {

    public static final String HTTP_ALLOWED_HOSTS = "HTTP_ALLOWED_HOSTS";
    static final String HOSTNAME = "HOSTNAME";
    static final List<String> LOCAL = List.of("localhost", "127.0.0.1", "[::1]");

    /** DNS labels as Docker allows them in container and service names (so also '_'), up to 253 characters. */
    private static final Pattern NAME = Pattern.compile("(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]{2,45}]");
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}");

    private final Set<String> names;

    private AllowedHosts(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /** Only the loopback names: for a server nothing else reaches by name. */
    public static AllowedHosts local() {
        return new AllowedHosts(new LinkedHashSet<>(LOCAL));
    }

    /**
     * The loopback names, {@code HOSTNAME} if it is a host name (Docker sets it to the container's;
     * anything else there is not ours to judge, and is left out), and {@code HTTP_ALLOWED_HOSTS}.
     *
     * @throws ConfigException naming {@code HTTP_ALLOWED_HOSTS} if an entry is not a host name or IP address
     */
    public static AllowedHosts fromEnvironment(Environment env) {
        Set<String> names = new LinkedHashSet<>(LOCAL);
        env.optional(HOSTNAME).map(AllowedHosts::normalize).filter(AllowedHosts::isHostName).ifPresent(names::add);
        for (String entry : env.list(HTTP_ALLOWED_HOSTS, List.of())) {
            String name = normalize(entry);
            if (!isHostName(name)) {
                throw new ConfigException(HTTP_ALLOWED_HOSTS, HTTP_ALLOWED_HOSTS + "='" + env.optional(HTTP_ALLOWED_HOSTS).orElse("")
                        + "' has '" + entry + "', which is not a host name or IP address; expected comma-separated names"
                        + " without scheme, port or wildcard, e.g. subscriber,monitoring.example (IPv6 in brackets: [fd00::1])");
            }
            names.add(name);
        }
        return new AllowedHosts(names);
    }

    /**
     * Whether a request with these {@code Host} header values is for us: exactly one value, a name
     * of ours with an optional port. No header at all is refused too: HTTP/1.1 requires one.
     */
    public boolean allows(List<String> hostHeaders) {
        if (hostHeaders == null || hostHeaders.size() != 1) {
            return false;
        }
        return hostOf(hostHeaders.get(0)).filter(names::contains).isPresent();
    }

    /** The names, loopback ones first, for the start line. */
    public List<String> names() {
        List<String> sorted = new ArrayList<>(LOCAL);
        names.stream().filter(name -> !LOCAL.contains(name)).sorted().forEach(sorted::add);
        return sorted;
    }

    /** The host of a {@code Host} header value ({@code name}, {@code name:port}, {@code [v6]:port}), or empty if malformed. */
    static Optional<String> hostOf(String header) {
        String value = header.trim();
        int portStart = value.startsWith("[") ? value.indexOf(']') + 1 : value.indexOf(':');
        if (portStart == 0) {
            return Optional.empty();
        }
        if (portStart < 0) {
            portStart = value.length();
        }
        String port = value.substring(portStart);
        if (!port.isEmpty() && !PORT.matcher(port).matches()) {
            return Optional.empty();
        }
        return Optional.of(normalize(value.substring(0, portStart)));
    }

    private static String normalize(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static boolean isHostName(String name) {
        return NAME.matcher(name).matches() || IPV6.matcher(name).matches();
    }
}
