package io.securemqtt.certgen;

/**
 * A failure the user can act on: the message names the file or option involved and says what to
 * do. The command line turns it into exit status 1; anything else reaching it there is a bug.
 */
public final class CertgenException extends RuntimeException {

    public CertgenException(String message) {
        super(message);
    }

    public CertgenException(String message, Throwable cause) {
        super(message, cause);
    }
}
