package io.securemqtt.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The backlog of {@link JavaBacklog} with Mosquitto's C clients: {@code mosquitto_sub -E} makes the
 * persistent session and its subscription and exits; {@code mosquitto_pub -l} sends {@code count}
 * QoS 1 messages, which the broker queues; then {@code mosquitto_sub -C count} resumes the session
 * and drains them.
 *
 * <p>The published rate is from mosquitto_pub's start to its exit (it exits once every PUBACK has
 * come), so unlike {@link CThroughput}'s it includes starting the process and its TLS handshake: a
 * few milliseconds, under 1% of a run of 50,000 messages at 10,000 msg/s. The received rate is
 * from the first message to arrive to the last, as {@link JavaBacklog}'s.
 */
final class CBacklog {

    private final Broker broker;

    CBacklog(Broker broker) {
        this.broker = broker;
    }

    ThroughputResult run(int payloadBytes, int count, String runId, CpuMeter.Window cpu) throws InterruptedException, IOException {
        String topic = "articulos/bench/" + runId;
        String subscriberId = "bench-csub-" + runId;
        byte[] payload = Payloads.of(payloadBytes);
        CProcess.runToEnd(CProcess.subscriber(broker, "-i", subscriberId, "-t", topic, "-q", "1", "-E"), Duration.ofSeconds(10));
        String problem = null;
        cpu.start();
        long start = System.nanoTime();
        long queued;
        boolean published;
        try (CProcess publisher = CProcess.start(CProcess.command(CProcess.PUB, broker, Broker.PUBLISHER,
                "-i", "bench-cpub-" + runId, "-t", topic, "-q", "1", "-l"))) {
            try (OutputStream in = new BufferedOutputStream(publisher.stdin(), 1 << 16)) {
                for (int i = 0; i < count; i++) {
                    in.write(payload); // blocks while the pipe is full: mosquitto_pub sets the pace
                    in.write('\n');
                }
            }
            int status = publisher.waitFor(Duration.ofSeconds(120));
            queued = System.nanoTime();
            published = status == 0;
            if (!published) {
                problem = "mosquitto_pub exited with " + status + ": " + publisher.errors();
            }
        }
        long received;
        long firstNanos;
        long lastNanos;
        try (CProcess subscriber = CProcess.start(CProcess.subscriber(broker,
                "-i", subscriberId, "-t", topic, "-q", "1", "-C", Integer.toString(count)));
                LineCounter lines = new LineCounter(subscriber.stdout(), "mosquitto_sub")) {
            lines.await(count, JavaThroughput.IDLE);
            cpu.end();
            received = lines.lines().count();
            firstNanos = lines.lines().firstNanos();
            lastNanos = lines.lines().lastNanos();
            if (received < count) {
                problem = JavaThroughput.join(problem, "mosquitto_sub still waiting for " + (count - received) + " messages"
                        + (subscriber.isAlive() ? "" : ": " + subscriber.errors()));
            }
        }
        return new ThroughputResult("c", 1, payloadBytes, count, received,
                published ? JavaThroughput.perSecond(count, queued - start) : 0,
                JavaThroughput.perSecond(received - 1, lastNanos - firstNanos), problem);
    }
}
