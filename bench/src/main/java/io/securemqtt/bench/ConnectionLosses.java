package io.securemqtt.bench;

import java.util.concurrent.atomic.AtomicInteger;

import io.securemqtt.common.mqtt.ConnectionListener;

/**
 * A bench client's lost connections, which automatic reconnect would otherwise hide in the figures.
 * Each is also one WARN line on stderr, from the client's connection callback.
 */
final class ConnectionLosses implements ConnectionListener {

    private final AtomicInteger count = new AtomicInteger();

    int count() {
        return count.get();
    }

    @Override
    public void connected(boolean reconnect, String serverUri) {
    }

    @Override
    public void lost(String reason) {
        count.incrementAndGet();
    }
}
