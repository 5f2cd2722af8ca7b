/**
 * certgen: the deployment's PKI, as PEM files for Mosquitto and the Java clients.
 *
 * <p>Its packages, each depending only on those below it (pinned by {@code PackageDirectionsTest}):
 * <ul>
 * <li>{@link io.securemqtt.certgen.Main}: the program, which hands the command line to
 * {@link io.securemqtt.certgen.cli.Commands};
 * <li>{@code cli}: the commands (generate, add-client, revoke, inspect, verify), their one option
 * parser ({@code CommandLine}), the reports inspect prints and the exit statuses;
 * <li>{@code pki}: the PKI model and its policy: the CA and what it issues, the identity and server
 * name rules, the renewal policy, the ledger, revocation and the CRL, the layout of a PKI directory
 * ({@link io.securemqtt.certgen.pki.PkiDirectory}), and the two things done to one:
 * {@link io.securemqtt.certgen.pki.PkiGenerator} (generate, add-client, revoke) and
 * {@link io.securemqtt.certgen.pki.PkiVerifier} (verify). It never knows the command line;
 * {@link io.securemqtt.certgen.pki.CertgenOptions} is what the command line asks of it;
 * <li>{@code store}: files as certgen writes them, knowing nothing of a PKI: PEM files, PKCS#12 key
 * stores, modes, owners and atomic writes.
 * </ul>
 * All of them may use the x509 module ({@code io.securemqtt.x509}): PEM parsing, key-matches-
 * certificate, common names, serial numbers as OpenSSL prints them and UTC dates, shared with the
 * clients and the tests.
 * {@link io.securemqtt.certgen.CertgenException}, the failure every layer reports, sits beside Main
 * and knows none of them.
 *
 * <p>How a run goes: {@code Commands} parses {@code certgen generate}'s options into
 * {@code CertgenOptions}; {@code PkiGenerator} then loads or creates the {@code CertificateAuthority},
 * and for the broker and each client {@code Identity} asks the {@code RenewalPolicy} whether the
 * certificate on disk may stay, issuing a new one if not. {@code PkiDirectory} knows the file layout
 * and {@code PemFiles} reads and atomically writes the files.
 *
 * <p>Programs and tests that want a PKI in a directory call
 * {@link io.securemqtt.certgen.Main#generate(java.nio.file.Path, String...)}. Tests that need
 * unusual certificates (expired, without an extended key usage, from an impostor CA) use
 * {@link io.securemqtt.certgen.pki.CertificateAuthority} and
 * {@link io.securemqtt.certgen.pki.PkiDirectory} directly.
 *
 * <p>BouncyCastle builds and parses certificates; keys, signatures and validation use the JDK's
 * own JCA providers, and BouncyCastle is never registered as one.
 */
package io.securemqtt.certgen;
