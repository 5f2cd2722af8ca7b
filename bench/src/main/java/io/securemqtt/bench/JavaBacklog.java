package io.securemqtt.bench;

import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * A backlog with our Java code path: the subscriber makes its persistent session and goes away,
 * the publisher sends {@code count} QoS 1 messages, which the broker queues for the session (what
 * its persistence stores), and then the subscriber comes back and drains them.
 *
 * <p>The published rate is of the queueing, from the first publish to the last PUBACK; the received
 * rate is of the draining, from the first message to arrive to the last (the reconnect before it
 * is not counted, as Paho's connect is mostly its own waiting). The CPU window spans both.
 */
final class JavaBacklog {

    private final Broker broker;
    private final ClientTuning tuning;

    JavaBacklog(Broker broker, ClientTuning tuning) {
        this.broker = broker;
        this.tuning = tuning;
    }

    ThroughputResult run(int payloadBytes, int count, String runId, CpuMeter.Window cpu) throws InterruptedException {
        String topic = "articulos/bench/" + runId;
        String subscriberId = "bench-sub-" + runId;
        byte[] payload = Payloads.of(payloadBytes);
        // The session and its subscription, then away: Paho's disconnect keeps the session.
        BenchSubscriber.start(broker, subscriberId, topic, 1, (nanos, bytes) -> { }, tuning).close();
        String problem = null;
        long start;
        long queuedNanos;
        int losses;
        try (BenchPublisher publisher = BenchPublisher.connect(broker, "bench-pub-" + runId, tuning)) {
            cpu.start();
            start = System.nanoTime();
            try {
                for (int i = 0; i < count; i++) {
                    publisher.publish(topic, payload, 1);
                }
            } catch (MqttException e) {
                problem = "publish failed after " + publisher.acknowledged() + " acknowledged: " + e.getMessage();
            }
            publisher.awaitCompletion(count, JavaThroughput.IDLE);
            queuedNanos = publisher.lastAcknowledgedNanos() - start;
            if (publisher.failed() > 0) {
                problem = JavaThroughput.join(problem, publisher.failed() + " publishes failed, first: " + publisher.firstFailure());
            }
            if (publisher.acknowledged() < count) {
                problem = JavaThroughput.join(problem, "only " + publisher.acknowledged() + " of " + count + " PUBACKs arrived");
            }
            losses = publisher.connectionLosses();
            long queued = publisher.acknowledged();
            // Queued messages arrive right after the CONNACK, before the subscribe: the counting
            // callback is in place before the connect (BenchSubscriber).
            ReceiptCounter receipts = new ReceiptCounter();
            try (BenchSubscriber subscriber = BenchSubscriber.start(broker, subscriberId, topic, 1, receipts, tuning)) {
                receipts.await(count, JavaThroughput.IDLE);
                cpu.end();
                losses += subscriber.connectionLosses();
            }
            if (losses > 0) {
                problem = JavaThroughput.join(problem, losses + " connection(s) lost during the run");
            }
            return new ThroughputResult("java", 1, payloadBytes, count, receipts.count(),
                    JavaThroughput.perSecond(queued, queuedNanos),
                    JavaThroughput.perSecond(receipts.count() - 1, receipts.lastNanos() - receipts.firstNanos()), problem);
        }
    }
}
