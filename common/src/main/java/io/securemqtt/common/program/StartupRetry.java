package io.securemqtt.common.program;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.securemqtt.common.mqtt.BrokerConnectionException;

/**
 * Retries the first connection with exponential backoff while the failure is one that waiting can
 * fix (broker not up yet, DNS not ready). Paho's automatic reconnect only takes over after a first
 * successful connection.
 */
final class StartupRetry {

    private static final Logger log = LoggerFactory.getLogger(StartupRetry.class);

    private final Duration initialDelay;
    private final Duration maxDelay;

    StartupRetry(Duration initialDelay, Duration maxDelay) {
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
    }

    /** 1 s, 2 s, 4 s … up to 30 s, like Paho's own reconnect. */
    static StartupRetry withDefaults() {
        return new StartupRetry(Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /**
     * Calls {@code connect} until it succeeds, a stop is requested, or it fails with a
     * {@link BrokerConnectionException} that is not retryable (which is rethrown).
     *
     * @return the connected thing, or empty if a stop was requested first
     */
    <T> Optional<T> connect(Supplier<T> connect, GracefulShutdown shutdown) throws InterruptedException {
        Duration delay = initialDelay;
        for (int attempt = 1; !shutdown.isRequested(); attempt++) {
            try {
                return Optional.of(connect.get());
            } catch (BrokerConnectionException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                log.warn("broker not reachable (attempt {}), retrying in {} ms: {}", attempt, delay.toMillis(), e.getMessage());
            }
            if (shutdown.awaitRequest(delay)) {
                break;
            }
            delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
        }
        return Optional.empty();
    }
}
