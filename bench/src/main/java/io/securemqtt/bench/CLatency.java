package io.securemqtt.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latency of Mosquitto's C clients at the same fixed rate: this JVM feeds mosquitto_pub -l one
 * stamped line when each is due, and reads mosquitto_sub's output (flushed per message). The stamp
 * is {@link System#nanoTime()}, CLOCK_MONOTONIC on Linux, so send and receipt share one clock.
 * The figure includes two pipes and this JVM's reading, which the Java figure does not.
 */
final class CLatency {

    private final Broker broker;

    CLatency(Broker broker) {
        this.broker = broker;
    }

    LatencyResult run(int rate, int seconds, int payloadBytes, String runId) throws InterruptedException, IOException {
        String topic = "articulos/bench/" + runId;
        int total = rate * seconds;
        long[] latencies = new long[total];
        Arrays.fill(latencies, Long.MIN_VALUE);
        AtomicLong lines = new AtomicLong();
        CProcess.runToEnd(CProcess.command(CProcess.PUB, broker, Broker.PUBLISHER,
                "-i", "bench-clprobe-" + runId, "-t", topic, "-q", "1", "-r", "-m", "probe"), Duration.ofSeconds(10));
        String problem = null;
        int sent = 0;
        try (CProcess subscriber = CProcess.start(CProcess.subscriber(broker,
                "-i", "bench-clsub-" + runId, "-t", topic, "-q", "1", "-C", Integer.toString(total + 1)))) {
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(subscriber.stdout(), StandardCharsets.US_ASCII))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        long now = System.nanoTime();
                        long[] stamp = Payloads.readStamp(line.getBytes(StandardCharsets.US_ASCII), line.length());
                        if (stamp != null && stamp[0] >= 0 && stamp[0] < total && latencies[(int) stamp[0]] == Long.MIN_VALUE) {
                            latencies[(int) stamp[0]] = now - stamp[1];
                        }
                        lines.incrementAndGet();
                    }
                } catch (IOException e) {
                    // stopped: what was read stands
                }
            }, "lines-c-latency");
            reader.setDaemon(true);
            reader.start();
            if (!Waiting.until(() -> lines.get() >= 1, lines::get, Duration.ofSeconds(10))) {
                throw subscriber.failure("did not receive the retained probe: is it subscribed?");
            }
            try (CProcess publisher = CProcess.start(CProcess.command(CProcess.PUB, broker, Broker.PUBLISHER,
                    "-i", "bench-clpub-" + runId, "-t", topic, "-q", "1", "-l"))) {
                OutputStream in = publisher.stdin();
                FixedRate schedule = new FixedRate(rate);
                for (; sent < total; sent++) {
                    long due = schedule.awaitDue(sent);
                    in.write(Payloads.stamped(sent, due, payloadBytes));
                    in.write('\n');
                    in.flush();
                }
                in.close();
                if (publisher.waitFor(Duration.ofSeconds(30)) != 0) {
                    problem = "mosquitto_pub failed: " + publisher.errors();
                }
            }
            int expected = sent;
            Waiting.until(() -> lines.get() >= expected + 1, lines::get, Duration.ofSeconds(5));
            subscriber.close();
            reader.join(2000);
        }
        return LatencyResult.of("c", rate, seconds, payloadBytes, sent, latencies, problem);
    }
}
