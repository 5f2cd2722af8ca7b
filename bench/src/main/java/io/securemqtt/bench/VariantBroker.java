package io.securemqtt.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * A broker started for bench/run.sh (by {@link BenchBrokers}) for one persistence variant ({@link PersistenceVariant}), with the
 * same PKI as the main broker: the persistence section measures each in turn.
 *
 * @param variant    the variant's name, e.g. {@code sqlite-sync-full}
 * @param brokerPids the broker's host PID, to measure its CPU use; may be empty
 * @param proxyPids  the host PID of Docker's userland proxy for its port; may be empty
 */
record VariantBroker(String variant, Broker broker, List<Long> brokerPids, List<Long> proxyPids) {

    static final String FORMAT = "NAME,HOST,PORT[,BROKER_PID[,PROXY_PID]]";

    /** Parses {@link #FORMAT}; the PKI is the main broker's. */
    static VariantBroker parse(String value, Path pki) {
        String[] parts = value.split(",", -1);
        if (parts.length < 3 || parts.length > 5 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new BenchOptions.UsageException("--variant expects " + FORMAT + ", got " + value);
        }
        if (!parts[0].matches("[a-z][a-z0-9-]*")) {
            throw new BenchOptions.UsageException("--variant " + value + ": the name must be lower case letters, digits and '-'");
        }
        int port = number(value, "PORT", parts[2], 65535);
        List<Long> brokerPids = parts.length > 3 ? List.of((long) number(value, "BROKER_PID", parts[3], Integer.MAX_VALUE)) : List.of();
        List<Long> proxyPids = parts.length > 4 ? List.of((long) number(value, "PROXY_PID", parts[4], Integer.MAX_VALUE)) : List.of();
        return new VariantBroker(parts[0], new Broker(parts[1], port, pki, "ec-p256"), brokerPids, proxyPids);
    }

    private static int number(String value, String what, String text, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BenchOptions.UsageException("--variant " + value + ": " + what + " must be a whole number from 1 to " + max + ", got '" + text + "'");
    }
}
