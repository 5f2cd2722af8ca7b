package io.securemqtt.common.monitoring;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;
import java.util.OptionalInt;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;

/**
 * The container healthcheck of the publisher and subscriber images, which have no shell, curl or
 * wget: {@code java -cp app.jar io.securemqtt.common.monitoring.HealthProbe} asks this container's own
 * {@code /health} and exits 0 if it answers 200, 1 otherwise, printing the one-line reason.
 */
public final class HealthProbe {

    private static final int TIMEOUT_MILLIS = 2_000;

    private HealthProbe() {
    }

    public static void main(String[] args) {
        System.exit(probe(System.getenv()));
    }

    static int probe(Map<String, String> environment) {
        OptionalInt port;
        try {
            port = MonitoringServer.portFromEnvironment(new Environment(environment));
        } catch (ConfigException e) {
            System.out.println("unhealthy: " + e.getMessage());
            return 1;
        }
        if (port.isEmpty()) {
            System.out.println("unhealthy: " + MonitoringServer.HTTP_PORT + "=0, so there is no /health to ask");
            return 1;
        }
        try {
            var url = URI.create("http://127.0.0.1:" + port.getAsInt() + MonitoringServer.HEALTH).toURL();
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            int status = connection.getResponseCode();
            var body = status == 200 ? connection.getInputStream() : connection.getErrorStream();
            String reason = body == null ? "" : new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            System.out.println(status + " " + reason);
            return status == 200 ? 0 : 1;
        } catch (IOException e) {
            System.out.println("unhealthy: no answer from " + MonitoringServer.HEALTH + " on port " + port.getAsInt() + ": " + e);
            return 1;
        }
    }
}
