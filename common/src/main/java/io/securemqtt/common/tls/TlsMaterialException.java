package io.securemqtt.common.tls;

import java.nio.file.Path;

/**
 * A certificate or key file cannot be used. The message names the file and says how to fix it.
 */
public final class TlsMaterialException extends RuntimeException {

    private final Path file;

    public TlsMaterialException(Path file, String message) {
        super(message);
        this.file = file;
    }

    public TlsMaterialException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
