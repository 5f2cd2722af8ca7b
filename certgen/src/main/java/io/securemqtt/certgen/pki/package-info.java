/**
 * The PKI model and its policy: the CA and what it issues, identity and server name rules, the
 * renewal policy, the ledger, revocation and the CRL, the layout of a PKI directory, and
 * {@link io.securemqtt.certgen.pki.PkiGenerator} and {@link io.securemqtt.certgen.pki.PkiVerifier},
 * which bring a directory to what {@link io.securemqtt.certgen.pki.CertgenOptions} ask and check it.
 * Reads and writes its files through {@code store}; never depends on the command line.
 */
package io.securemqtt.certgen.pki;
