/**
 * Files as certgen writes them, knowing nothing of a PKI: PEM certificates, CRLs and keys
 * ({@link io.securemqtt.certgen.store.PemFiles}), PKCS#12 key stores, modes, numeric owners, and the
 * atomic write under all of them.
 */
package io.securemqtt.certgen.store;
