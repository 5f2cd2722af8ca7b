package io.securemqtt.bench;

import java.time.Duration;
import java.util.Arrays;

import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Latency of our Java code path at a fixed rate, QoS 1: publisher and subscriber in this JVM, so
 * the stamp in the payload and the receipt share one clock ({@link System#nanoTime()}).
 */
final class JavaLatency {

    private final Broker broker;
    private final ClientTuning tuning;

    JavaLatency(Broker broker, ClientTuning tuning) {
        this.broker = broker;
        this.tuning = tuning;
    }

    LatencyResult run(int rate, int seconds, int payloadBytes, String runId) throws InterruptedException {
        String topic = "articulos/bench/" + runId;
        int total = rate * seconds;
        long[] latencies = new long[total];
        Arrays.fill(latencies, Long.MIN_VALUE);
        Receipts stamps = (receivedNanos, payload) -> {
            long[] stamp = Payloads.readStamp(payload, payload.length);
            if (stamp != null && stamp[0] >= 0 && stamp[0] < total && latencies[(int) stamp[0]] == Long.MIN_VALUE) {
                latencies[(int) stamp[0]] = receivedNanos - stamp[1]; // a QoS 1 redelivery keeps the first
            }
        };
        ReceiptCounter counter = new ReceiptCounter();
        Receipts both = (nanos, payload) -> {
            stamps.received(nanos, payload);
            counter.received(nanos, payload);
        };
        String problem = null;
        try (BenchSubscriber subscriber = BenchSubscriber.start(broker, "bench-lsub-" + runId, topic, 1, both, tuning);
                BenchPublisher publisher = BenchPublisher.connect(broker, "bench-lpub-" + runId, tuning)) {
            FixedRate schedule = new FixedRate(rate);
            int sent = 0;
            try {
                for (; sent < total; sent++) {
                    long due = schedule.awaitDue(sent);
                    publisher.publish(topic, Payloads.stamped(sent, due, payloadBytes), 1);
                }
            } catch (MqttException e) {
                problem = "publish failed: " + e.getMessage();
            }
            counter.await(sent, Duration.ofSeconds(5));
            if (publisher.connectionLosses() + subscriber.connectionLosses() > 0) {
                problem = JavaThroughput.join(problem, "connection lost during the run");
            }
            // Paho's callback thread writes an entry before it counts the message (a volatile write),
            // and we read the count before the array: every counted entry is visible here.
            return LatencyResult.of("java", rate, seconds, payloadBytes, sent, latencies, problem);
        }
    }
}
