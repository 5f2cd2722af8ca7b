package io.securemqtt.publisher;

import io.securemqtt.common.config.ConfigException;

/**
 * The catalogue cannot be loaded; the message names the file and the entry at fault. A configuration
 * error of {@code CATALOGUE_FILE}, even for the bundled catalogue: setting it to a good file is the
 * operator's way out.
 */
public final class InvalidCatalogueException extends ConfigException {

    InvalidCatalogueException(String message, Throwable cause) {
        super(PublisherConfig.CATALOGUE_FILE, message, cause);
    }
}
