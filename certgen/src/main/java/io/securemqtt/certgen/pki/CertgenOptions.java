package io.securemqtt.certgen.pki;

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
 * @param renewWithinDays the renewal window in days ({@code --renew-within}), or 0 for the default
 * @param force re-issue every server and client certificate ({@code --force})
 * @param pkcs12 also write a PKCS#12 key store per identity ({@code --pkcs12})
 * @param crlDays validity of the CRL certgen writes ({@code --crl-days})
 */
public record CertgenOptions(Path outDir, List<Identity> clients, List<ServerName> serverNames, KeyType keyType,
        int days, int caDays, Map<String, FileOwner> owners, int renewWithinDays, boolean force, boolean pkcs12,
        int crlDays) {

    public static final List<String> DEFAULT_CLIENTS = List.of("publisher", "subscriber", "healthcheck", "operator");
    public static final List<String> DEFAULT_SERVER_NAMES = List.of("mosquitto", "localhost", "127.0.0.1");
    private static final int MAX_DAYS = 36500;
    private static final List<String> VALUE_OPTIONS = List.of("--out", "--client", "--server-name", "--key-type",
            "--days", "--ca-days", "--owner", "--renew-within", "--crl-days");
    private static final List<String> FLAGS = List.of("--force", "--pkcs12");

    public static final String USAGE = """
            Usage: certgen [generate] [OPTIONS]      create the PKI, or renew what is due
                   certgen add-client NAME [OPTIONS]  issue a certificate for a new identity
                   certgen revoke NAME [OPTIONS]      revoke every unexpired certificate of an identity,
                                                      update crl.pem
                   certgen inspect [--json] FILE...   show certificates (and CRLs) in detail
                   certgen verify [DIR]               check a PKI directory; one line per problem

            Creates, or keeps, the PKI of the Secure MQTT reference deployment: a CA, the broker's
            server certificate, a client certificate per identity and a CRL, as PEM files in DIR. Run
            it again at any time: what is still good is kept byte for byte, the rest is re-issued.

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
              --owner NAME=UID[:GID]  give NAME's files (.key, .crt, .clientid) to this numeric user
                                      (and group), NAME being server or a client; repeatable;
                                      needs root
              --renew-within N        re-issue certificates that expire within N days (default: 30,
                                      or a tenth of --days if that is shorter); less than --days
              --force                 re-issue every server and client certificate now
              --pkcs12                also write NAME.p12 (key, certificate and CA, for Java key
                                      stores) with its password in NAME.p12.pass
              --crl-days N            validity of crl.pem (default: 90); refreshed within the window
              --help                  show this help

            Files: ca.crt, private/ca.key (the CA's key: keep it secret, back it up), server.crt,
            server.key, NAME.crt and NAME.key for each client, crl.pem (the revoked certificates),
            revoked/ (a copy of each revoked certificate), ledger.tsv (every certificate issued,
            every revocation and CRL number: what revoke and crl.pem go by; back it up with the CA's
            key). Keys are unencrypted PKCS#8, mode 0600.
            NAME.clientid (mode 0600) holds each client's secret client id suffix: the client
            connects as NAME-SUFFIX, an id no other identity can guess. It is kept across renewals
            and --force, and removed by revoke.

            The clients are those given with --client (default: the four above), those added with
            add-client, and any other NAME.crt in DIR; a revoked identity is not re-issued unless
            add-client names it again. A certificate is re-issued, with a new key, when it or its key is
            missing or unreadable, they do not match, ca.crt did not issue it, it expires within the
            renewal window, its key type or names differ from the options, or --force is given. The CA
            is never replaced: if ca.crt or private/ca.key is damaged, certgen stops and says what to do.

            Exit status: 0 done, 1 failed (the message names the file), 2 bad command line.
            """;

    public CertgenOptions {
        if (serverNames.isEmpty() || days < 1 || caDays < 1 || crlDays < 1 || renewWithinDays < 0) {
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

    public Duration crlValidity() {
        return Duration.ofDays(crlDays);
    }

    /** The options with one more client, for {@code add-client NAME}. */
    CertgenOptions withClient(Identity client) {
        List<Identity> more = new ArrayList<>(clients);
        if (more.stream().noneMatch(other -> other.name().equalsIgnoreCase(client.name()))) {
            more.add(client);
        }
        return new CertgenOptions(outDir, more, serverNames, keyType, days, caDays, owners, renewWithinDays, force,
                pkcs12, crlDays);
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
        int renewWithin = 0;
        boolean force = false;
        boolean pkcs12 = false;
        int crlDays = 90;

        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value = null;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) { // --option=value works too
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            }
            if (FLAGS.contains(option) && value == null) {
                if (option.equals("--force")) {
                    force = true;
                } else {
                    pkcs12 = true;
                }
                continue;
            }
            if (!VALUE_OPTIONS.contains(option)) {
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
                case "--renew-within" -> renewWithin = days("--renew-within", value);
                case "--crl-days" -> crlDays = days("--crl-days", value);
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
        if (renewWithin >= days) {
            throw new UsageException("--renew-within " + renewWithin + " is not shorter than --days " + days
                    + ": every run would re-issue every certificate; give a smaller window");
        }
        return new CertgenOptions(outDir, clients, serverNames, keyType, days, caDays, owners(ownerArguments, clients),
                renewWithin, force, pkcs12, crlDays);
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
