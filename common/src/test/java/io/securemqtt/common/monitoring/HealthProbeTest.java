package io.securemqtt.common.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.securemqtt.testing.LoopbackPort;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

import io.securemqtt.common.config.Environment;

/** The probe against a real MonitoringServer: healthy only while the MQTT connection is up. */
class HealthProbeTest {

    @Test
    void healthyOnlyWhileConnected() throws IOException {
        Monitoring monitoring = new Monitoring();
        try (MonitoringServer server = MonitoringServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), monitoring)) {
            Map<String, String> environment = Map.of("HTTP_PORT", Integer.toString(server.port()));
            assertEquals(1, HealthProbe.probe(environment), "not connected yet");
            monitoring.connection().connected(false, "ssl://mosquitto:8883");
            assertEquals(0, HealthProbe.probe(environment));
        }
    }

    @Test
    void theProbeIsAllowedWhateverTheNamesOfTheContainer() throws IOException {
        Monitoring monitoring = new Monitoring();
        AllowedHosts hosts = AllowedHosts.fromEnvironment(new Environment(Map.of("HOSTNAME", "0123456789ab", "HTTP_ALLOWED_HOSTS", "subscriber")));
        try (MonitoringServer server = MonitoringServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), monitoring, hosts)) {
            monitoring.connection().connected(false, "ssl://mosquitto:8883");
            assertEquals(0, HealthProbe.probe(Map.of("HTTP_PORT", Integer.toString(server.port()))));
        }
    }

    @Test
    void noServerOrNoPortIsUnhealthy() throws IOException {
        int closed = LoopbackPort.free();
        assertEquals(1, HealthProbe.probe(Map.of("HTTP_PORT", Integer.toString(closed))));
        assertEquals(1, HealthProbe.probe(Map.of("HTTP_PORT", "0")));
        assertEquals(1, HealthProbe.probe(Map.of("HTTP_PORT", "http")));
    }
}
