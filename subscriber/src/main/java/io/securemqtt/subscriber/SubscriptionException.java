package io.securemqtt.subscriber;

/**
 * The broker did not accept a subscription; the message names the topic filter.
 */
public final class SubscriptionException extends RuntimeException {

    SubscriptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
