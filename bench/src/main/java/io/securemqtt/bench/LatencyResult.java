package io.securemqtt.bench;

/**
 * End-to-end latency at a fixed rate: from when each message was due to be sent (so a stall of
 * the sender shows, instead of being hidden by coordinated omission) to when the subscriber had it.
 */
record LatencyResult(String client, int ratePerSecond, int seconds, int payloadBytes, long sent, long received,
        double p50Ms, double p99Ms, double p999Ms, double maxMs, String problem, CpuMeter.Use cpu) {

    LatencyResult withCpu(CpuMeter.Use use) {
        return new LatencyResult(client, ratePerSecond, seconds, payloadBytes, sent, received, p50Ms, p99Ms, p999Ms, maxMs, problem, use);
    }

    static LatencyResult of(String client, int rate, int seconds, int payloadBytes, long sent, long[] latencies, String problem) {
        long[] measured = java.util.Arrays.stream(latencies).filter(l -> l != Long.MIN_VALUE).toArray();
        Percentiles p = new Percentiles(measured);
        return new LatencyResult(client, rate, seconds, payloadBytes, sent, measured.length,
                p.millisAt(50), p.millisAt(99), p.millisAt(99.9), p.maxMillis(), problem, null);
    }

    long lost() {
        return Math.max(0, sent - received);
    }
}
