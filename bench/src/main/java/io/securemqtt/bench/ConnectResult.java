package io.securemqtt.bench;

import java.util.List;

/**
 * Sequential connection set-ups of one client kind with one kind of key.
 *
 * @param phases the main figure first ({@code connect}: to CONNACK), then what helps explain it
 */
record ConnectResult(String client, String keyType, int count, List<Phase> phases) {

    /**
     * @param key         the JSON key part, e.g. {@code connect}, {@code disconnect}
     * @param description what the time includes, for the table
     */
    record Phase(String key, String description, double p50Ms, double p99Ms) {

        static Phase of(String key, String description, long[] nanos) {
            Percentiles p = new Percentiles(nanos);
            return new Phase(key, description, p.millisAt(50), p.millisAt(99));
        }
    }

    /** {@code ec} or {@code rsa}, for the JSON keys. */
    String keyKey() {
        return keyType.startsWith("rsa") ? "rsa" : "ec";
    }
}
