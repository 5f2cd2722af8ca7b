/**
 * The PEM and X.509 facts that certgen, the clients and the tests all need, in one place: reading
 * PEM certificates, CRLs and private keys ({@link io.securemqtt.x509.Pem}), whether a key belongs to
 * a certificate, a certificate's common name and its serial number as OpenSSL prints it
 * ({@link io.securemqtt.x509.Certificates}), and dates as certgen prints them
 * ({@link io.securemqtt.x509.UtcDates}).
 *
 * <p>Nothing here words an error for a user: a failure is the JDK's or BouncyCastle's exception, or
 * an empty result, and each caller says what it means in its own terms. BouncyCastle only parses
 * PEM; keys and certificates are built by the JDK's own providers, and BouncyCastle is never
 * registered as one.
 */
package io.securemqtt.x509;
