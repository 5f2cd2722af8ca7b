package io.securemqtt.certgen.cli;

/** A bad command line: the message names the option and the accepted values (exit status 2). */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
