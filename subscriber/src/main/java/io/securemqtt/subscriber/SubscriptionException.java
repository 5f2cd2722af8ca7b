package io.securemqtt.subscriber;

import io.securemqtt.common.mqtt.BrokerException;

/**
 * The broker did not accept a subscription; the message names the topic filter.
 */
public final class SubscriptionException extends BrokerException {

    SubscriptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
