package io.securemqtt.certgen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What certgen is asked to do: the parsed, validated command line.
 *
 * @param outDir where the PKI lives ({@code --out})
 * @param clients the client identities, in order ({@code --client})
 * @param serverNames the server certificate's names, the first also its CN ({@code --server-name})
 * @param keyType the type of keys created now ({@code --key-type})
 * @param days validity of new server and client certificates ({@code --days})
 * @param caDays validity of a new CA ({@code --ca-days})
 * @param owners numeric owners by identity ({@code server} or a client) ({@code --owner})
 */
public record CertgenOptions(Path outDir, List<Identity> clients, List<ServerName> serverNames, KeyType keyType,
        int days, int caDays, Map<String, FileOwner> owners) {

    public static final List<String> DEFAULT_CLIENTS = List.of("publisher", "subscriber", "healthcheck", "operator");
    public static final List<String> DEFAULT_SERVER_NAMES = List.of("mosquitto", "localhost", "127.0.0.1");
    private static final int MAX_DAYS = 36500;

    public static final String USAGE = """
            Usage: certgen [OPTIONS]

            Creates, or keeps, the PKI of the Secure MQTT reference deployment: a CA, the broker's
            server certificate and a client certificate per identity, as PEM files in DIR. Run it
            again at any time: certificates still good are kept byte for byte, others are re-issued.

              --out DIR               where the files go (default: certs)
              --client NAME           a client identity, the certificate's CN and the MQTT user name;
                                      repeatable. Default: publisher, subscriber, healthcheck, operator
              --server-name NAME      a DNS name or IP address clients use to reach the broker;
                                      repeatable, the first is also the CN.
                                      Default: mosquitto, localhost, 127.0.0.1
              --key-type TYPE         ec-p256 (default), rsa-2048 or rsa-3072, for keys created now
              --days N                validity of new server and client certificates (default: 365),
                                      never beyond the CA's own
              --ca-days N             validity of a new CA (default: 3650)
              --owner NAME=UID[:GID]  give NAME.key and NAME.crt to this numeric user (and group),
                                      NAME being server or a client; repeatable; needs root
              --help                  show this help

            Files: ca.crt, private/ca.key (the CA's key: keep it secret, back it up), server.crt,
            server.key, and NAME.crt, NAME.key for each client. Keys are unencrypted PKCS#8, mode 0600.

            A server or client certificate is re-issued, with a new key, when it or its key is missing
            or unreadable, they do not match, ca.crt did not issue it, it expires within 30 days (or a
            tenth of --days, if shorter), or its key type or names differ from the options. The CA is
            never replaced: if ca.crt or private/ca.key is damaged, certgen stops and says what to do.

            Exit status: 0 done, 1 failed (the message names the file), 2 bad command line.
            """;

    public CertgenOptions {
        if (serverNames.isEmpty() || days < 1 || caDays < 1) {
            throw new IllegalArgumentException("a server name and positive validities are required");
        }
        clients = List.copyOf(clients);
        serverNames = List.copyOf(serverNames);
        owners = Collections.unmodifiableMap(new LinkedHashMap<>(owners));
    }

    public Duration leafValidity() {
        return Duration.ofDays(days);
    }

    public Duration caValidity() {
        return Duration.ofDays(caDays);
    }

    /** Whether the user asked for help: then nothing else on the command line matters. */
    public static boolean wantsHelp(String... args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    public static CertgenOptions parse(String... args) throws UsageException {
        Path outDir = Path.of("certs");
        List<Identity> clients = new ArrayList<>();
        List<ServerName> serverNames = new ArrayList<>();
        KeyType keyType = KeyType.EC_P256;
        int days = 365;
        int caDays = 3650;
        Map<String, String> ownerArguments = new LinkedHashMap<>();

        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value = null;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) { // --option=value works too
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            }
            if (!List.of("--out", "--client", "--server-name", "--key-type", "--days", "--ca-days", "--owner")
                    .contains(option)) {
                throw new UsageException(option.startsWith("-")
                        ? "unknown option " + option
                        : "unexpected argument \"" + option + "\": options start with --, e.g. --out " + option);
            }
            if (value == null) {
                if (i + 1 == args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException(option + " needs a value");
                }
                value = args[++i];
            }
            switch (option) {
                case "--out" -> {
                    if (value.isBlank()) {
                        throw new UsageException("--out needs a directory");
                    }
                    outDir = Path.of(value);
                }
                case "--client" -> clients.add(identity(value, clients));
                case "--server-name" -> serverNames.add(serverName(value, serverNames));
                case "--key-type" -> keyType = keyType(value);
                case "--days" -> days = days("--days", value);
                case "--ca-days" -> caDays = days("--ca-days", value);
                case "--owner" -> addOwner(value, ownerArguments);
                default -> throw new AssertionError(option);
            }
        }
        if (clients.isEmpty()) {
            DEFAULT_CLIENTS.forEach(name -> clients.add(new Identity(name)));
        }
        if (serverNames.isEmpty()) {
            DEFAULT_SERVER_NAMES.forEach(name -> serverNames.add(ServerName.parse(name)));
        }
        if (serverNames.get(0).value().length() > Identity.MAX_LENGTH) {
            throw new UsageException("--server-name " + serverNames.get(0) + ": the first server name becomes the"
                    + " common name, which RFC 5280 limits to " + Identity.MAX_LENGTH + " characters;"
                    + " give a shorter name first");
        }
        return new CertgenOptions(outDir, clients, serverNames, keyType, days, caDays, owners(ownerArguments, clients));
    }

    private static Identity identity(String value, List<Identity> earlier) throws UsageException {
        Identity identity;
        try {
            identity = new Identity(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--client: " + e.getMessage());
        }
        // Ignoring case: on macOS and Windows file systems Publisher.key would overwrite publisher.key.
        if (earlier.stream().anyMatch(other -> other.name().equalsIgnoreCase(value))) {
            throw new UsageException("--client " + value + " is given twice (names are compared ignoring case)");
        }
        return identity;
    }

    private static ServerName serverName(String value, List<ServerName> earlier) throws UsageException {
        ServerName name;
        try {
            name = ServerName.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--server-name " + e.getMessage());
        }
        if (earlier.contains(name)) {
            throw new UsageException("--server-name " + value + " is given twice");
        }
        return name;
    }

    private static KeyType keyType(String value) throws UsageException {
        try {
            return KeyType.fromOptionValue(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--key-type " + e.getMessage());
        }
    }

    private static int days(String option, String value) throws UsageException {
        try {
            int days = Integer.parseInt(value);
            if (days >= 1 && days <= MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        throw new UsageException(option + " \"" + value + "\" is not a whole number of days from 1 to " + MAX_DAYS);
    }

    private static void addOwner(String value, Map<String, String> owners) throws UsageException {
        int equals = value.indexOf('=');
        if (equals <= 0) {
            throw new UsageException("--owner \"" + value + "\" is not NAME=UID[:GID], e.g. --owner server=1883:1883");
        }
        String name = value.substring(0, equals);
        if (owners.put(name, value.substring(equals + 1)) != null) {
            throw new UsageException("--owner " + name + " is given twice");
        }
    }

    /** Checked once all options are read, as --client may come after --owner. */
    private static Map<String, FileOwner> owners(Map<String, String> arguments, List<Identity> clients)
            throws UsageException {
        List<String> names = new ArrayList<>(List.of(PkiDirectory.SERVER));
        clients.forEach(client -> names.add(client.name()));
        Map<String, FileOwner> owners = new LinkedHashMap<>();
        for (var argument : arguments.entrySet()) {
            String name = argument.getKey();
            if (!names.contains(name)) {
                throw new UsageException("--owner " + name + "=" + argument.getValue() + ": there is no identity "
                        + Identity.quote(name) + "; use one of " + String.join(", ", names));
            }
            try {
                owners.put(name, FileOwner.parse(argument.getValue()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--owner " + name + "=" + argument.getValue() + ": " + e.getMessage()
                        + "; write UID or UID:GID, e.g. 1883:1883");
            }
        }
        return owners;
    }
}
