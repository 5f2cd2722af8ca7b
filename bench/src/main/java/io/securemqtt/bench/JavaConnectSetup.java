package io.securemqtt.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

import io.securemqtt.common.mqtt.MqttConnections;
import io.securemqtt.common.mqtt.MqttSettings;

/**
 * Connection set-up of our Java code path, timed in its parts: a bare TLS handshake with the same
 * socket factory, MqttConnections.connect (to CONNACK), then MqttConnections.disconnectQuietly,
 * which every client stops with (DISCONNECT 0x04, Paho's threads stopped, the client closed).
 *
 * <p>Every connection gets fresh options, hence a fresh TLS context with an empty session cache: a
 * full handshake, as a program's first connection makes, not a resumption.
 */
final class JavaConnectSetup {

    private final Broker broker;

    JavaConnectSetup(Broker broker) {
        this.broker = broker;
    }

    ConnectResult run(int count, int warmup, String runId) throws Exception {
        long[] options = new long[count];
        long[] handshake = new long[count];
        long[] connect = new long[count];
        long[] disconnect = new long[count];
        for (int i = -warmup; i < count; i++) {
            MqttSettings settings = broker.settings(Broker.PUBLISHER, "bench-conn-" + runId + "-" + (i + warmup));
            long handshakeNanos = bareHandshake(MqttConnections.cleanSession(settings));
            long optionsStart = System.nanoTime();
            MqttConnectionOptions connectOptions = MqttConnections.cleanSession(settings);
            long optionsNanos = System.nanoTime() - optionsStart;
            MqttAsyncClient client = MqttConnections.newClient(settings);
            long t0 = System.nanoTime();
            MqttConnections.connect(client, connectOptions, settings);
            long t1 = System.nanoTime();
            String problem = MqttConnections.disconnectQuietly(client);
            long t2 = System.nanoTime();
            if (problem != null) {
                throw new IllegalStateException("bench connection " + settings.clientId() + ": " + problem);
            }
            if (i >= 0) {
                options[i] = optionsNanos;
                handshake[i] = handshakeNanos;
                connect[i] = t1 - t0;
                disconnect[i] = t2 - t1;
            }
        }
        List<ConnectResult.Phase> phases = new ArrayList<>();
        phases.add(ConnectResult.Phase.of("connect", "MqttConnections.connect: TCP, TLS, CONNECT, to CONNACK (Paho thread start-up included)", connect));
        phases.add(ConnectResult.Phase.of("tls_handshake", "bare TLS handshake, same socket factory, no MQTT", handshake));
        phases.add(ConnectResult.Phase.of("options", "MqttConnections.cleanSession: read PEM files, build the TLS context (once per program)", options));
        phases.add(ConnectResult.Phase.of("disconnect", "MqttConnections.disconnectQuietly: DISCONNECT 0x04 sent, Paho threads stopped, client closed", disconnect));
        return new ConnectResult("java", broker.keyType(), count, phases);
    }

    /** TCP connect and TLS handshake (until the client's Finished), then close: what TLS alone costs. */
    private long bareHandshake(MqttConnectionOptions options) throws Exception {
        try (SSLSocket socket = (SSLSocket) options.getSocketFactory().createSocket()) {
            long t0 = System.nanoTime();
            socket.connect(new InetSocketAddress(broker.host(), broker.port()), 10_000);
            socket.startHandshake();
            return System.nanoTime() - t0;
        }
    }
}
