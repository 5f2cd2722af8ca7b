package io.securemqtt.common.mqtt;

/**
 * Connecting to the broker failed. The message says what to check; {@link #isRetryable()} tells a
 * broker that is not up yet (worth waiting for) from a refusal that retrying will not change.
 */
public final class BrokerConnectionException extends BrokerException {

    private final boolean retryable;

    public BrokerConnectionException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }
}
