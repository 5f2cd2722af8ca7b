package io.securemqtt.common.tls;

/**
 * What the operator calls the CA, certificate and key files, e.g. the settings that name them: every
 * message about a file says which setting to fix. tls reads no configuration, so its caller says.
 *
 * @param caFile   what names the CA certificate file
 * @param certFile what names our certificate file
 * @param keyFile  what names our private key file
 */
public record TlsFileNames(String caFile, String certFile, String keyFile) {
}
