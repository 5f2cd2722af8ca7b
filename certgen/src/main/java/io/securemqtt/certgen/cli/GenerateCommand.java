package io.securemqtt.certgen.cli;

import io.securemqtt.certgen.cli.CommandLine.Argument;
import io.securemqtt.certgen.pki.CertgenOptions;
import io.securemqtt.certgen.pki.Identity;
import io.securemqtt.certgen.pki.KeyType;
import io.securemqtt.certgen.pki.PkiDirectory;
import io.securemqtt.certgen.pki.PkiGenerator;
import io.securemqtt.certgen.pki.ServerName;
import io.securemqtt.certgen.pki.SigningRequest;
import io.securemqtt.certgen.store.FileOwner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code certgen [generate]}, {@code certgen add-client NAME}, {@code certgen sign FILE} and
 * {@code certgen revoke NAME}: the
 * options turned into {@link CertgenOptions}, for {@link PkiGenerator} to bring the directory to.
 */
final class GenerateCommand {

    static final List<String> DEFAULT_CLIENTS = List.of("publisher", "subscriber", "healthcheck", "operator", "exporter");
    static final List<String> DEFAULT_SERVER_NAMES = List.of("mosquitto", "localhost", "127.0.0.1");

    private static final int MAX_DAYS = 36500;
    private static final CommandLine.Syntax SYNTAX = new CommandLine.Syntax(
            Set.of("--out", "--client", "--server-name", "--key-type", "--validity", "--days", "--ca-days", "--owner",
                    "--renew-within", "--crl-validity", "--crl-days"),
            Set.of("--force", "--pkcs12"), false, option -> "unknown option " + option);

    private GenerateCommand() {
    }

    /** Creates or renews the PKI. */
    static void generate(List<String> args, Clock clock, PrintStream out) throws UsageException {
        new PkiGenerator(parse(args), clock, out).generate();
    }

    /** Issues the identity a certificate, even if it was revoked before. */
    static void addClient(List<String> args, Clock clock, PrintStream out) throws UsageException {
        Identity client = named("add-client", args);
        CertgenOptions options = parse(args.subList(1, args.size()));
        new PkiGenerator(options.withClient(client), clock, out).generate(Optional.of(client));
    }

    /** Revokes the identity's certificates and writes the CRL that lists them. */
    static void revoke(List<String> args, Clock clock, PrintStream out) throws UsageException {
        Identity client = named("revoke", args);
        CertgenOptions options = parse(args.subList(1, args.size()));
        new PkiGenerator(options, clock, out).revoke(client);
    }

    /**
     * Signs a device's certificate signing request. Its {@code --force} replaces that identity's
     * valid certificate only, never every certificate as generate's does.
     */
    static void sign(List<String> args, Clock clock, PrintStream out) throws UsageException {
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            throw new UsageException("sign needs the request's FILE first, e.g. certgen sign device1.csr --out certs");
        }
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        boolean replace = rest.removeIf("--force"::equals);
        CertgenOptions options = parse(rest);
        new PkiGenerator(options, clock, out).sign(SigningRequest.read(Path.of(args.get(0))), replace);
    }

    /** The identity NAME that add-client and revoke take before their options. */
    private static Identity named(String command, List<String> args) throws UsageException {
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            throw new UsageException(command + " needs the identity's NAME first, e.g. certgen " + command
                    + " sensor-1 --out certs");
        }
        try {
            return new Identity(args.get(0));
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
    }

    static CertgenOptions parse(List<String> args) throws UsageException {
        return options(CommandLine.parse(args, SYNTAX));
    }

    /** The options generate, add-client and revoke take, and the rest of their syntax. */
    static CommandLine.Syntax syntax() {
        return SYNTAX;
    }

    /** The options of generate, add-client and revoke, converted from the arguments as parsed. */
    static CertgenOptions options(List<Argument> arguments) throws UsageException {
        Path outDir = Path.of("certs");
        List<Identity> clients = new ArrayList<>();
        List<ServerName> serverNames = new ArrayList<>();
        KeyType keyType = KeyType.EC_P256;
        Duration validity = Duration.ofDays(365);
        String validityAsTyped = "--days 365";
        int caDays = 3650;
        Map<String, String> ownerArguments = new LinkedHashMap<>();
        Duration renewWithin = Duration.ZERO;
        String renewWithinAsTyped = "";
        boolean force = false;
        boolean pkcs12 = false;
        Duration crlValidity = Duration.ofDays(90);

        for (Argument argument : arguments) {
            String value = argument.value();
            switch (argument.option()) {
                case "--force" -> force = true;
                case "--pkcs12" -> pkcs12 = true;
                case "--out" -> {
                    if (value.isBlank()) {
                        throw new UsageException("--out needs a directory");
                    }
                    outDir = Path.of(value);
                }
                case "--client" -> clients.add(client(value, clients));
                case "--server-name" -> serverNames.add(serverName(value, serverNames));
                case "--key-type" -> keyType = keyType(value);
                case "--validity", "--days" -> {
                    validity = argument.is("--days") ? Duration.ofDays(days("--days", value))
                            : DurationOption.parse("--validity", value);
                    validityAsTyped = argument.option() + " " + value; // the check below names it as typed
                }
                case "--ca-days" -> caDays = days("--ca-days", value);
                case "--owner" -> addOwner(value, ownerArguments);
                case "--renew-within" -> {
                    renewWithin = DurationOption.parse("--renew-within", value);
                    renewWithinAsTyped = "--renew-within " + value;
                }
                case "--crl-validity" -> crlValidity = DurationOption.parse("--crl-validity", value);
                case "--crl-days" -> crlValidity = Duration.ofDays(days("--crl-days", value));
                default -> throw new AssertionError(argument);
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
        if (renewWithin.compareTo(validity) >= 0) {
            throw new UsageException(renewWithinAsTyped + " is not shorter than " + validityAsTyped
                    + ": every run would re-issue every certificate; give a smaller window");
        }
        return new CertgenOptions(outDir, clients, serverNames, keyType, validity, caDays,
                owners(ownerArguments, clients), renewWithin, force, pkcs12, crlValidity);
    }

    private static Identity client(String value, List<Identity> earlier) throws UsageException {
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

    /** The renewal window of {@code --renew-within}, which verify and inspect take too. */
    static Duration renewWithin(String value) throws UsageException {
        return DurationOption.parse("--renew-within", value);
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
