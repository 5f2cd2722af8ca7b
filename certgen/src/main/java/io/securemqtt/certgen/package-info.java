/**
 * certgen: the deployment's PKI, as PEM files for Mosquitto and the Java clients.
 *
 * <p>How a run goes: {@link io.securemqtt.certgen.Main} parses the command line into
 * {@link io.securemqtt.certgen.CertgenOptions}; {@link io.securemqtt.certgen.PkiGenerator} then
 * loads or creates the {@link io.securemqtt.certgen.CertificateAuthority}, and for the broker and
 * each client {@link io.securemqtt.certgen.Identity} asks the
 * {@link io.securemqtt.certgen.RenewalPolicy} whether the certificate on disk may stay, issuing a
 * new one if not. {@link io.securemqtt.certgen.PkiDirectory} knows the file layout and
 * {@link io.securemqtt.certgen.PemFiles} reads and atomically writes the files.
 *
 * <p>Programs and tests that want a PKI in a directory call
 * {@link io.securemqtt.certgen.Main#generate(java.nio.file.Path, String...)}. Tests that need
 * unusual certificates (expired, without an extended key usage, from an impostor CA) use
 * {@link io.securemqtt.certgen.CertificateAuthority} and {@link io.securemqtt.certgen.PkiDirectory}
 * directly.
 *
 * <p>BouncyCastle builds and parses certificates; keys, signatures and validation use the JDK's
 * own JCA providers, and BouncyCastle is never registered as one.
 */
package io.securemqtt.certgen;
