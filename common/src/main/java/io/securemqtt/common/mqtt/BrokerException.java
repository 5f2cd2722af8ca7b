package io.securemqtt.common.mqtt;

/**
 * The broker could not be reached, or would not let us do what we connect for (connect, subscribe).
 * The message says what to check. When one reaches
 * {@link io.securemqtt.common.program.ClientProgram}, waiting has not helped or cannot help, and the
 * program stops with exit status 1.
 */
public abstract class BrokerException extends RuntimeException {

    protected BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
