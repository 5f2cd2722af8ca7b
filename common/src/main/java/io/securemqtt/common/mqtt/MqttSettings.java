package io.securemqtt.common.mqtt;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;
import io.securemqtt.common.tls.TlsFileNames;
import io.securemqtt.common.tls.TlsMaterialException;

/**
 * Where the broker is and who we are to it. There is no user name or password: with mutual TLS the
 * broker takes the user name from the client certificate's CN.
 *
 * @param host     broker host name; must be covered by the broker certificate's SANs
 * @param port     broker TLS port
 * @param caFile   PEM file with the CA that issued the broker certificate (and ours)
 * @param certFile PEM file with our client certificate (optionally followed by intermediates)
 * @param keyFile  PEM file with the private key of {@code certFile}, unencrypted
 * @param clientId MQTT client identifier; also the key of a persistent session on the broker
 */
public record MqttSettings(String host, int port, Path caFile, Path certFile, Path keyFile, String clientId) {

    public static final String HOST = "MQTT_HOST";
    public static final String PORT = "MQTT_PORT";
    public static final String CA_FILE = "MQTT_CA_FILE";
    public static final String CERT_FILE = "MQTT_CERT_FILE";
    public static final String KEY_FILE = "MQTT_KEY_FILE";
    /** What messages about the TLS files call each: the variables above. */
    public static final TlsFileNames TLS_FILE_NAMES = new TlsFileNames(CA_FILE, CERT_FILE, KEY_FILE);
    public static final String CLIENT_ID = "MQTT_CLIENT_ID";

    public static final String DEFAULT_HOST = "mosquitto";
    public static final int DEFAULT_PORT = 8883;
    static final int MAX_CLIENT_ID_LENGTH = 64;

    public MqttSettings {
        hostProblem(host).ifPresent(problem -> {
            throw new IllegalArgumentException("host '" + host + "' " + problem);
        });
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        }
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        clientIdProblem(clientId).ifPresent(problem -> {
            throw new IllegalArgumentException("client id '" + clientId + "' " + problem);
        });
    }

    /**
     * Reads {@code MQTT_HOST} (default {@code mosquitto}), {@code MQTT_PORT} (default 8883),
     * {@code MQTT_CA_FILE}, {@code MQTT_CERT_FILE}, {@code MQTT_KEY_FILE} (all three required) and
     * {@code MQTT_CLIENT_ID} (default {@code defaultClientId}). The programs use
     * {@link #fromEnvironment(Environment, DefaultClientId)}, whose default no other identity can guess;
     * a fixed default suits tests and tools whose session nobody would take.
     */
    public static MqttSettings fromEnvironment(Environment env, String defaultClientId) {
        return read(env, (caFile, certFile, keyFile) -> defaultClientId);
    }

    /**
     * Reads the settings as {@link #fromEnvironment(Environment, String)} does, with the default client
     * id {@code <program>-<secret suffix>[-<replica>]} ({@link DefaultClientId}): the suffix is read from
     * {@code MQTT_CLIENT_ID_SUFFIX_FILE}, by default {@code NAME.clientid} beside {@code MQTT_CERT_FILE}'s
     * {@code NAME.crt}, and only when {@code MQTT_CLIENT_ID} is not set, which is then used as is.
     *
     * @throws ConfigException      naming the variable, and the suffix file if that is what is missing or malformed
     * @throws TlsMaterialException if the suffix file is missing or malformed, and the certificate or key file cannot be used either
     */
    public static MqttSettings fromEnvironment(Environment env, DefaultClientId defaultClientId) {
        Optional<Path> suffixFile = env.optionalPath(DefaultClientId.SUFFIX_FILE);
        return read(env, (caFile, certFile, keyFile) -> defaultClientId.resolve(suffixFile, caFile, certFile, keyFile));
    }

    /** The client id when {@code MQTT_CLIENT_ID} is not set, given the TLS files. */
    @FunctionalInterface
    private interface DefaultFor {
        String clientId(Path caFile, Path certFile, Path keyFile);
    }

    private static MqttSettings read(Environment env, DefaultFor defaultClientId) {
        String host = env.string(HOST, DEFAULT_HOST);
        hostProblem(host).ifPresent(problem -> {
            throw new ConfigException(HOST, HOST + "='" + host + "' " + problem);
        });
        int port = env.port(PORT, DEFAULT_PORT);
        Path caFile = env.requiredPath(CA_FILE);
        Path certFile = env.requiredPath(CERT_FILE);
        Path keyFile = env.requiredPath(KEY_FILE);
        Optional<String> configured = env.optional(CLIENT_ID);
        String clientId = configured.orElseGet(() -> defaultClientId.clientId(caFile, certFile, keyFile));
        clientIdProblem(clientId).ifPresent(problem -> {
            throw new ConfigException(CLIENT_ID, configured.isPresent() ? CLIENT_ID + "='" + clientId + "' " + problem
                    // E.g. a replica name with '/': set MQTT_CLIENT_ID instead.
                    : CLIENT_ID + " is not set, and the default client id '" + clientId + "' " + problem + "; set " + CLIENT_ID);
        });
        return new MqttSettings(host, port, caFile, certFile, keyFile, clientId);
    }

    /** The URI Paho expects, e.g. {@code ssl://mosquitto:8883}. */
    public String serverUri() {
        String literal = host.contains(":") ? "[" + host + "]" : host;
        return "ssl://" + literal + ":" + port;
    }

    private static Optional<String> hostProblem(String host) {
        if (host == null || host.isBlank()) {
            return Optional.of("is empty; expected the broker's host name, e.g. mosquitto");
        }
        if (host.contains("_")) {
            // Paho always sends SNI, and Java refuses an SNI host name with '_', so the handshake
            // would fail with an obscure IllegalArgumentException.
            return Optional.of("contains '_', which Java's TLS refuses in a host name (SNI); "
                    + "use a host name or Compose service/alias without '_'");
        }
        if (host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            return Optional.of("is not a host name (it contains a space or '/'); give only the host, e.g. mosquitto");
        }
        return Optional.empty();
    }

    private static Optional<String> clientIdProblem(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            return Optional.of("is empty; expected a name that identifies this client, e.g. publisher");
        }
        if (clientId.length() > MAX_CLIENT_ID_LENGTH) {
            return Optional.of("is " + clientId.length() + " characters long; the maximum is " + MAX_CLIENT_ID_LENGTH);
        }
        if (clientId.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("contains a control character");
        }
        if (clientId.chars().anyMatch(c -> c == '/' || c == '+' || c == '#')) {
            // Mosquitto would not match the ACL's %c against it, and the Will would be dropped.
            return Optional.of("contains '/', '+' or '#'; it names the client's status topic "
                    + "clients/<identity>/<client-id>/status, so it must be one topic level, e.g. publisher-1");
        }
        return Optional.empty();
    }
}
