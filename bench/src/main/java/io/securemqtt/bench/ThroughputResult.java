package io.securemqtt.bench;

/**
 * One throughput run: one publisher, one subscriber, {@code sent} messages of {@code payloadBytes}.
 *
 * @param client             {@code java} (our code path) or {@code c} (mosquitto_pub/mosquitto_sub)
 * @param publishedPerSecond messages the publisher got rid of per second: QoS 1 until the last
 *                           PUBACK, QoS 0 until Paho took the last one (Java) or mosquitto_pub exited (C)
 * @param receivedPerSecond  messages the subscriber received per second, from the first publish to the last receipt
 * @param problem            what went wrong besides losses (publish failures, lost connections), or null
 * @param cpu                who used the CPU during the run, or null if not measured
 */
record ThroughputResult(String client, int qos, int payloadBytes, long sent, long received,
        double publishedPerSecond, double receivedPerSecond, String problem, CpuMeter.Use cpu) {

    ThroughputResult(String client, int qos, int payloadBytes, long sent, long received,
            double publishedPerSecond, double receivedPerSecond, String problem) {
        this(client, qos, payloadBytes, sent, received, publishedPerSecond, receivedPerSecond, problem, null);
    }

    ThroughputResult withProblem(String more) {
        return new ThroughputResult(client, qos, payloadBytes, sent, received, publishedPerSecond, receivedPerSecond,
                JavaThroughput.join(problem, more), cpu);
    }

    ThroughputResult withCpu(CpuMeter.Use use) {
        return new ThroughputResult(client, qos, payloadBytes, sent, received, publishedPerSecond, receivedPerSecond, problem, use);
    }

    long lost() {
        return Math.max(0, sent - received);
    }

    /** QoS 1 promises at-least-once: a single loss is a bug, not noise. */
    boolean brokenPromise() {
        return qos >= 1 && received < sent;
    }

    /** The size part of the JSON keys: {@code 128} or {@code 1k}. */
    String sizeKey() {
        return payloadBytes % 1024 == 0 ? payloadBytes / 1024 + "k" : Integer.toString(payloadBytes);
    }
}
