package io.securemqtt.certgen.cli;

/** A bad command line: the message names the option and the accepted values (exit status 2). */
public final class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}
