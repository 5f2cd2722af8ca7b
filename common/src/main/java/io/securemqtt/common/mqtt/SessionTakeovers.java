package io.securemqtt.common.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the times the broker ended our connection because another connection came with our client
 * id (DISCONNECT 0x8E): {@code mqtt_session_takeovers_total}. Anything above 0 means a second client
 * holds our id, by mistake (two replicas configured alike) or on purpose; alert on it.
 *
 * <p>{@code MqttClientConnection} gives one to every client's {@link ConnectionCallback}.
 */
public final class SessionTakeovers implements ConnectionListener {

    static final String TAKEOVERS = "mqtt.session.takeovers";

    private final Counter takeovers;

    public SessionTakeovers(MeterRegistry registry) {
        takeovers = Counter.builder(TAKEOVERS)
                .description("Connections the broker ended because another connection came with our client id (DISCONNECT 0x8E)")
                .register(registry);
    }

    @Override
    public void connected(boolean reconnect, String serverUri) {
    }

    @Override
    public void lost(String reason) {
    }

    @Override
    public void sessionTakenOver() {
        takeovers.increment();
    }

    public double count() {
        return takeovers.count();
    }
}
