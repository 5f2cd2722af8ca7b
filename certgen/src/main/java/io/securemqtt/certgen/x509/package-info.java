/**
 * The X.509 facts certgen's model and its command line both print: serial numbers as OpenSSL
 * prints them, common names and UTC dates. Depends on nothing else in certgen.
 */
package io.securemqtt.certgen.x509;
