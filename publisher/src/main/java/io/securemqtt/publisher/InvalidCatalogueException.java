package io.securemqtt.publisher;

/**
 * The catalogue cannot be loaded; the message names the file and the entry at fault.
 */
public final class InvalidCatalogueException extends RuntimeException {

    InvalidCatalogueException(String message, Throwable cause) {
        super(message, cause);
    }
}
