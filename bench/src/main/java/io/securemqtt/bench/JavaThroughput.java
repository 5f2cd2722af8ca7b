package io.securemqtt.bench;

import java.time.Duration;

import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Throughput of our Java code path: a subscriber and a publisher in this JVM, each with its own
 * mTLS connection, the publisher sending as fast as the broker's window lets it.
 */
final class JavaThroughput {

    /** How long without any progress ends a run: long enough for a GC or a broker snapshot. */
    static final Duration IDLE = Duration.ofSeconds(3);

    private final Broker broker;
    private final ClientTuning tuning;

    JavaThroughput(Broker broker, ClientTuning tuning) {
        this.broker = broker;
        this.tuning = tuning;
    }

    ThroughputResult run(int qos, int payloadBytes, int count, String runId, CpuMeter.Window cpu) throws InterruptedException {
        String topic = "articulos/bench/" + runId;
        byte[] payload = Payloads.of(payloadBytes);
        ReceiptCounter receipts = new ReceiptCounter();
        try (BenchSubscriber subscriber = BenchSubscriber.start(broker, "bench-sub-" + runId, topic, qos, receipts, tuning);
                BenchPublisher publisher = BenchPublisher.connect(broker, "bench-pub-" + runId, tuning)) {
            cpu.start();
            long start = System.nanoTime();
            String problem = null;
            long handedOver;
            try {
                for (int i = 0; i < count; i++) {
                    publisher.publish(topic, payload, qos);
                }
            } catch (MqttException e) {
                problem = "publish failed after " + publisher.acknowledged() + " acknowledged: " + e.getMessage();
            } finally {
                handedOver = System.nanoTime();
            }
            publisher.awaitCompletion(count, IDLE);
            receipts.await(count, IDLE);
            cpu.end();
            long publishedNanos = (qos == 0 ? handedOver : publisher.lastAcknowledgedNanos()) - start;
            long receivedNanos = receipts.lastNanos() - start;
            if (publisher.failed() > 0) {
                problem = join(problem, publisher.failed() + " publishes failed, first: " + publisher.firstFailure());
            }
            if (qos >= 1 && publisher.acknowledged() < count) {
                problem = join(problem, "only " + publisher.acknowledged() + " of " + count + " PUBACKs arrived");
            }
            int losses = publisher.connectionLosses() + subscriber.connectionLosses();
            if (losses > 0) {
                problem = join(problem, losses + " connection(s) lost during the run");
            }
            return new ThroughputResult("java", qos, payloadBytes, count, receipts.count(),
                    perSecond(qos == 0 ? count : publisher.acknowledged(), publishedNanos),
                    perSecond(receipts.count(), receivedNanos), problem);
        }
    }

    static double perSecond(long messages, long nanos) {
        return nanos <= 0 || messages <= 0 ? 0 : messages * 1e9 / nanos;
    }

    static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }
}
