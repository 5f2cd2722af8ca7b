package io.securemqtt.certgen.cli;

import io.securemqtt.certgen.CertgenException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;

/**
 * certgen's commands by name: runs one and turns its outcome into an exit status, 0 on success, 1
 * on a failure (the message names the file and what to do), 2 on a bad command line.
 */
public final class Commands {

    static final String USAGE = """
            Usage: certgen [generate] [OPTIONS]      create the PKI, or renew what is due
                   certgen add-client NAME [OPTIONS]  issue a certificate for a new identity
                   certgen sign FILE.csr [OPTIONS]    issue a client certificate for a device's own key
                   certgen revoke NAME [OPTIONS]      revoke every unexpired certificate of an identity,
                                                      update crl.pem
                   certgen inspect [--json] FILE...   show certificates (and CRLs) in detail
                   certgen verify [DIR]               check a PKI directory; one line per problem
                   certgen renew-loop [--every DURATION] [OPTIONS] [-- COMMAND...]
                                                      generate every DURATION (default: 1h, shorter
                                                      than the renewal window), for ever; after a
                                                      round that changed files, run COMMAND

            Creates, or keeps, the PKI of the Secure MQTT reference deployment: a CA, the broker's
            server certificate, a client certificate per identity and a CRL, as PEM files in DIR. Run
            it again at any time: what is still good is kept byte for byte, the rest is re-issued.

              --out DIR               where the files go (default: certs)
              --client NAME           a client identity, the certificate's CN and the MQTT user name;
                                      repeatable. Default: publisher, subscriber, healthcheck, operator,
                                      exporter
              --server-name NAME      a DNS name or IP address clients use to reach the broker;
                                      repeatable, the first is also the CN.
                                      Default: mosquitto, localhost, 127.0.0.1
              --key-type TYPE         ec-p256 (default), rsa-2048 or rsa-3072, for keys created now
              --validity DURATION     validity of new server and client certificates (default: 365d),
                                      never beyond the CA's own. DURATION: a whole number with s, m,
                                      h or d (365d, 12h, 3m); a number alone is days
              --days N                the same as --validity Nd
              --ca-days N             validity of a new CA (default: 3650)
              --owner NAME=UID[:GID]  give NAME's files (.key, .crt, .clientid) to this numeric user
                                      (and group), NAME being server or a client; repeatable;
                                      needs root
              --renew-within DURATION re-issue certificates that expire within DURATION (default:
                                      30d, or a tenth of the validity if that is shorter); shorter
                                      than the validity. verify and inspect take it too, for the
                                      renewal schedule they show (by default, the default for each
                                      certificate's validity)
              --force                 re-issue every server and client certificate now
              --pkcs12                also write NAME.p12 (key, certificate and CA, for Java key
                                      stores) with its password in NAME.p12.pass
              --crl-validity DURATION validity of crl.pem (default: 90d); refreshed within the renewal
                                      window, or half its validity if that is shorter
              --crl-days N            the same as --crl-validity Nd
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

            sign takes a PKCS#10 request (openssl req -new ... -subj /CN=NAME) whose signature
            verifies, with an EC P-256 or RSA (2048 bits or more) key, and one CN that add-client would
            accept as NAME and that is none of the deployment's own (--client, --server-name). It writes
            NAME.crt (clientAuth, like add-client's), NAME.clientid and NAME.csr, from which later runs
            renew NAME.crt, and never a key (one certgen made for NAME before is removed). An identity
            whose certificate is valid is refused unless --force is given (for sign: this one only).

            Exit status: 0 done, 1 failed (the message names the file), 2 bad command line.
            """;

    private Commands() {
    }

    /** Runs the command the arguments name ({@code generate} if they name none), at the clock's time. */
    public static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        // Help wins over everything else on the line, whatever command it names.
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        // Without a command name, certgen generates: the form scripts used before there were commands.
        boolean named = !args.isEmpty() && !args.get(0).startsWith("-");
        String command = named ? args.get(0) : "generate";
        List<String> rest = args.subList(named ? 1 : 0, args.size());
        try {
            switch (command) {
                case "generate" -> GenerateCommand.generate(rest, clock, out);
                case "add-client" -> GenerateCommand.addClient(rest, clock, out);
                case "sign" -> GenerateCommand.sign(rest, clock, out);
                case "revoke" -> GenerateCommand.revoke(rest, clock, out);
                case "inspect" -> {
                    return InspectCommand.run(rest, out, err, clock);
                }
                case "renew-loop" -> RenewLoopCommand.run(rest, clock, out, every -> Thread.sleep(every.toMillis()));
                case "verify" -> {
                    return VerifyCommand.run(rest, out, clock);
                }
                default -> throw new UsageException("unknown command \"" + command + "\"; the commands are generate (the"
                        + " default), add-client, sign, revoke, inspect, verify and renew-loop");
            }
            return 0;
        } catch (UsageException e) {
            err.println("certgen: " + e.getMessage());
            err.println("Run certgen --help to see the options.");
            return 2;
        } catch (CertgenException e) {
            err.println("certgen: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("certgen: unexpected error, a bug in certgen (please report it with this output):");
            e.printStackTrace(err);
            return 1;
        }
    }
}
