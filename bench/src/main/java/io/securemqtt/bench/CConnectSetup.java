package io.securemqtt.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Connection set-up of Mosquitto's C client: {@code mosquitto_pub -d -n} connects, publishes an
 * empty QoS 0 message, and disconnects. Its debug output, line-buffered by {@code stdbuf -oL},
 * shows when the CONNACK came; the process's whole run is timed as well. Both include starting the
 * process and loading its libraries and PEM files, which a long-running client pays once; the
 * start-up alone is timed by running {@code mosquitto_pub --help}.
 */
final class CConnectSetup {

    private final Broker broker;

    CConnectSetup(Broker broker) {
        this.broker = broker;
    }

    ConnectResult run(int count, int warmup, String runId) throws Exception {
        long[] connack = new long[count];
        long[] process = new long[count];
        long[] spawn = new long[count];
        for (int i = -warmup; i < count; i++) {
            List<String> command = new ArrayList<>(List.of("stdbuf", "-oL"));
            command.addAll(CProcess.command(CProcess.PUB, broker, Broker.PUBLISHER,
                    "-d", "-i", "bench-cconn-" + runId + "-" + (i + warmup), "-t", "articulos/bench/connect", "-q", "0", "-n"));
            long t0 = System.nanoTime();
            long connackNanos = -1;
            try (CProcess run = CProcess.start(command)) {
                run.stdin().close();
                BufferedReader out = new BufferedReader(new InputStreamReader(run.stdout(), StandardCharsets.US_ASCII));
                String line;
                while ((line = out.readLine()) != null) {
                    if (connackNanos < 0 && line.contains("received CONNACK")) {
                        connackNanos = System.nanoTime() - t0;
                    }
                }
                int status = run.waitFor(Duration.ofSeconds(15));
                long processNanos = System.nanoTime() - t0;
                if (status != 0 || connackNanos < 0) {
                    throw run.failure("failed (exit status " + status + ", CONNACK " + (connackNanos < 0 ? "not seen" : "seen") + ")");
                }
                long t1 = System.nanoTime();
                try (CProcess help = CProcess.start(List.of(CProcess.PUB, "--help"))) {
                    help.stdin().close();
                    help.stdout().readAllBytes();
                    help.waitFor(Duration.ofSeconds(5));
                }
                long spawnNanos = System.nanoTime() - t1;
                if (i >= 0) {
                    connack[i] = connackNanos;
                    process[i] = processNanos;
                    spawn[i] = spawnNanos;
                }
            }
        }
        List<ConnectResult.Phase> phases = new ArrayList<>();
        phases.add(ConnectResult.Phase.of("connect", "stdbuf mosquitto_pub -d: process start to 'received CONNACK' line", connack));
        phases.add(ConnectResult.Phase.of("process", "the whole process: + empty publish, DISCONNECT, exit", process));
        phases.add(ConnectResult.Phase.of("spawn", "mosquitto_pub --help: process start-up alone", spawn));
        return new ConnectResult("c", broker.keyType(), count, phases);
    }
}
