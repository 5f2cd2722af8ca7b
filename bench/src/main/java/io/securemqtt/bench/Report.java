package io.securemqtt.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the results, prints them as a table for people and, last, as one JSON line of numbers
 * with snake_case keys for scripts (e.g. {@code java_qos1_msgs_per_s}).
 */
final class Report {

    private final List<ThroughputResult> throughput = new ArrayList<>();
    private final List<LatencyResult> latency = new ArrayList<>();
    private final List<ConnectResult> connects = new ArrayList<>();
    private final List<PersistenceResult> persistence = new ArrayList<>();
    private int persistenceRepeat = 1;
    /** Figures that are not results of a run above: broker facts, run time, those from the command line. */
    private final Map<String, Double> other = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(ThroughputResult result) {
        throughput.add(result);
    }

    void add(LatencyResult result) {
        latency.add(result);
    }

    void add(ConnectResult result) {
        connects.add(result);
    }

    void add(PersistenceResult result) {
        persistence.add(result);
    }

    /** How many runs of each persistence case the table's figures are the best of. */
    void persistenceRepeat(int repeat) {
        persistenceRepeat = repeat;
    }

    void figure(String key, double value) {
        other.put(key, value);
    }

    void note(String note) {
        notes.add(note);
    }

    void failed(String what, Exception e) {
        failures.add(what + ": " + e);
    }

    /** Losses at QoS 1 break the product's promise: the run must not pass as a good one. */
    boolean qos1Lost() {
        return throughput.stream().anyMatch(ThroughputResult::brokenPromise) || latency.stream().anyMatch(l -> l.lost() > 0)
                || persistence.stream().anyMatch(p -> p.run().brokenPromise());
    }

    boolean hasFailures() {
        return !failures.isEmpty();
    }

    void print(PrintStream out) {
        notes.forEach(note -> out.println("# " + note));
        if (!throughput.isEmpty()) {
            out.println();
            out.println("Throughput over mTLS, one publisher -> one subscriber (msg/s)");
            out.printf(Locale.ROOT, "%-6s %-4s %-8s %8s %10s %13s %12s %8s  %-44s %-22s %s%n",
                    "client", "qos", "payload", "sent", "received", "published/s", "received/s", "lost", "CPU used (cores)",
                    "us/msg client/brk/pxy", "notes");
            for (ThroughputResult r : throughput) {
                String flag = r.brokenPromise() ? "!!! QoS 1 LOST MESSAGES !!!" : r.lost() > 0 ? "(QoS 0 may lose)" : "";
                String perMessage = "";
                if (r.cpu() != null) {
                    double[] us = r.cpu().microsPerMessage(r.receivedPerSecond());
                    perMessage = String.format(Locale.ROOT, "%.0f/%.0f/%s", us[0], us[1],
                            Double.isNaN(us[2]) ? "-" : String.format(Locale.ROOT, "%.0f", us[2]));
                }
                out.printf(Locale.ROOT, "%-6s %-4d %-8s %8d %10d %13.0f %12.0f %8d  %-44s %-22s %s%n", r.client(), r.qos(),
                        r.payloadBytes() + " B", r.sent(), r.received(), r.publishedPerSecond(), r.receivedPerSecond(),
                        r.lost(), r.cpu() == null ? "" : r.cpu().describe(), perMessage, join(flag, r.problem()));
            }
        }
        if (!latency.isEmpty()) {
            out.println();
            LatencyResult first = latency.get(0);
            out.printf(Locale.ROOT, "End-to-end latency over mTLS at %d msg/s for %d s, QoS 1, %d B, from intended send time (ms)%n",
                    first.ratePerSecond(), first.seconds(), first.payloadBytes());
            out.printf(Locale.ROOT, "%-6s %8s %9s %8s %8s %8s %8s  %-44s %s%n", "client", "sent", "received", "p50", "p99", "p99.9", "max",
                    "CPU used (cores)", "notes");
            for (LatencyResult r : latency) {
                String flag = r.lost() > 0 ? "!!! QoS 1 LOST " + r.lost() + " !!!" : "";
                out.printf(Locale.ROOT, "%-6s %8d %9d %8.2f %8.2f %8.2f %8.2f  %-44s %s%n", r.client(), r.sent(), r.received(),
                        r.p50Ms(), r.p99Ms(), r.p999Ms(), r.maxMs(), r.cpu() == null ? "" : r.cpu().describe(), join(flag, r.problem()));
            }
        }
        if (!connects.isEmpty()) {
            out.println();
            out.println("Connection set-up over mTLS, sequential (ms)");
            out.printf(Locale.ROOT, "%-6s %-9s %-13s %5s %8s %8s  %s%n", "client", "keys", "phase", "n", "p50", "p99", "what it includes");
            for (ConnectResult r : connects) {
                for (ConnectResult.Phase phase : r.phases()) {
                    out.printf(Locale.ROOT, "%-6s %-9s %-13s %5d %8.2f %8.2f  %s%n", r.client(), r.keyType(), phase.key(),
                            r.count(), phase.p50Ms(), phase.p99Ms(), phase.description());
                }
            }
        }
        if (!persistence.isEmpty()) {
            printPersistence(out);
        }
        if (!other.isEmpty()) {
            out.println();
            out.println("Other figures");
            other.forEach((key, value) -> out.printf(Locale.ROOT, "  %-36s %s%n", key, number(value)));
        }
        Map<String, Number> json = json();
        verdict(out, json);
        failures.forEach(failure -> out.println("FAILED: " + failure));
        out.println();
        out.println(toJson(json));
    }

    private void printPersistence(PrintStream out) {
        ThroughputResult first = persistence.get(0).run();
        out.println();
        out.printf(Locale.ROOT, "Persistence over mTLS: QoS 1, %d B x %d, one publisher -> one subscriber with a persistent session"
                + " (clean start off, session expiry 1 day); best of %d%n", first.payloadBytes(), first.sent(), persistenceRepeat);
        out.println("  online:  subscriber connected; published/s until the last PUBACK, received/s until the last message");
        out.println("  backlog: subscriber away; published/s = queued for it (until the last PUBACK), then it comes back:"
                + " received/s = drained (first to last message)");
        out.println("  broker us/msg: the broker's CPU time per message over the whole run (backlog: queueing and draining)");
        out.printf(Locale.ROOT, "%-22s %-8s %-6s %8s %10s %13s %12s %8s %14s  %-44s %s%n", "variant", "mode", "client", "sent", "received",
                "published/s", "received/s", "lost", "broker us/msg", "CPU used (cores)", "notes");
        for (PersistenceResult p : persistence) {
            ThroughputResult r = p.run();
            double us = p.brokerMicrosPerMessage();
            out.printf(Locale.ROOT, "%-22s %-8s %-6s %8d %10d %13.0f %12.0f %8d %14s  %-44s %s%n", p.variant(), p.mode(), r.client(),
                    r.sent(), r.received(), r.publishedPerSecond(), r.receivedPerSecond(), r.lost(),
                    Double.isNaN(us) ? "-" : String.format(Locale.ROOT, "%.0f", us), r.cpu() == null ? "" : r.cpu().describe(),
                    join(r.brokenPromise() ? "!!! QoS 1 LOST MESSAGES !!!" : "", r.problem()));
        }
        // The same figures by variant, one line each: what the persistence costs, Java beside C.
        out.println();
        out.println("Persistence summary, msg/s: online = received/s; backlog = queued/s then drained/s");
        out.printf(Locale.ROOT, "%-22s %12s %12s %12s %12s %12s %12s  %s%n", "variant", "java online", "c online",
                "java queued", "java drained", "c queued", "c drained", "sent = received");
        for (String variant : persistence.stream().map(PersistenceResult::variant).distinct().toList()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s", variant));
            boolean complete = true;
            for (String client : List.of("java", "c")) {
                ThroughputResult online = find(variant, PersistenceResult.ONLINE, client);
                line.append(String.format(Locale.ROOT, " %12s", online == null ? "-" : rate(online.receivedPerSecond())));
            }
            for (String client : List.of("java", "c")) {
                ThroughputResult backlog = find(variant, PersistenceResult.BACKLOG, client);
                line.append(String.format(Locale.ROOT, " %12s %12s", backlog == null ? "-" : rate(backlog.publishedPerSecond()),
                        backlog == null ? "-" : rate(backlog.receivedPerSecond())));
            }
            for (PersistenceResult p : persistence) {
                complete &= !p.variant().equals(variant) || p.run().received() == p.run().sent();
            }
            out.println(line.append("  ").append(complete ? "yes" : "NO"));
        }
    }

    private ThroughputResult find(String variant, String mode, String client) {
        return persistence.stream().filter(p -> p.variant().equals(variant) && p.mode().equals(mode) && p.run().client().equals(client))
                .map(PersistenceResult::run).findFirst().orElse(null);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** The target: Java QoS 1 at 128 B at least 25,000 msg/s and 0.9 times the C clients'. */
    private static void verdict(PrintStream out, Map<String, Number> json) {
        Number java = json.get("java_qos1_msgs_per_s");
        Number c = json.get("c_qos1_msgs_per_s");
        if (java == null || c == null) {
            return;
        }
        double ratio = java.doubleValue() / c.doubleValue();
        boolean met = java.doubleValue() >= 25_000 && ratio >= 0.9;
        out.println();
        out.printf(Locale.ROOT, "Target (Java QoS 1, 128 B >= 25,000 msg/s and >= 0.9 x C): %s (Java %.0f msg/s, C %.0f msg/s, ratio %.2f)%n",
                met ? "MET" : "NOT MET", java.doubleValue(), c.doubleValue(), ratio);
    }

    Map<String, Number> json() {
        Map<String, Number> json = new LinkedHashMap<>();
        for (ThroughputResult r : throughput) {
            String prefix = r.client() + "_qos" + r.qos() + "_" + r.sizeKey();
            if (r.payloadBytes() == 128) {
                json.put(r.client() + "_qos" + r.qos() + "_msgs_per_s", Math.round(r.receivedPerSecond()));
            }
            json.put(prefix + "_msgs_per_s", Math.round(r.receivedPerSecond()));
            json.put(prefix + "_published_msgs_per_s", Math.round(r.publishedPerSecond()));
            json.put(prefix + "_sent", r.sent());
            json.put(prefix + "_received", r.received());
            json.put(prefix + "_lost", r.lost());
            cpu(json, prefix, r.cpu());
            if (r.cpu() != null) {
                double[] us = r.cpu().microsPerMessage(r.receivedPerSecond());
                json.put(prefix + "_client_cpu_us_per_msg", round(us[0], 1));
                json.put(prefix + "_broker_cpu_us_per_msg", round(us[1], 1));
                json.put(prefix + "_proxy_cpu_us_per_msg", round(us[2], 1));
            }
        }
        Number java = json.get("java_qos1_msgs_per_s");
        Number c = json.get("c_qos1_msgs_per_s");
        if (java != null && c != null && c.doubleValue() > 0) {
            json.put("java_to_c_qos1_ratio", round(java.doubleValue() / c.doubleValue(), 3));
        }
        for (PersistenceResult p : persistence) {
            ThroughputResult r = p.run();
            json.put(p.key() + "_msgs_per_s", Math.round(r.receivedPerSecond()));
            json.put(p.key() + "_published_msgs_per_s", Math.round(r.publishedPerSecond()));
            json.put(p.key() + "_sent", r.sent());
            json.put(p.key() + "_received", r.received());
            json.put(p.key() + "_lost", r.lost());
            json.put(p.key() + "_broker_cpu_us_per_msg", round(p.brokerMicrosPerMessage(), 1));
        }
        for (LatencyResult r : latency) {
            String prefix = r.client() + "_latency_";
            json.put(prefix + "p50_ms", round(r.p50Ms(), 3));
            json.put(prefix + "p99_ms", round(r.p99Ms(), 3));
            json.put(prefix + "p999_ms", round(r.p999Ms(), 3));
            json.put(prefix + "max_ms", round(r.maxMs(), 3));
            json.put(prefix + "sent", r.sent());
            json.put(prefix + "received", r.received());
            json.put("latency_rate_msgs_per_s", r.ratePerSecond());
            cpu(json, r.client() + "_latency", r.cpu());
        }
        for (ConnectResult r : connects) {
            for (ConnectResult.Phase phase : r.phases()) {
                String prefix = r.client() + "_" + phase.key() + "_" + r.keyKey();
                json.put(prefix + "_p50_ms", round(phase.p50Ms(), 3));
                json.put(prefix + "_p99_ms", round(phase.p99Ms(), 3));
            }
        }
        other.forEach((key, value) -> json.put(key, value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) value.longValue() : value));
        json.values().removeIf(value -> value instanceof Double d && !Double.isFinite(d));
        return json;
    }

    private static void cpu(Map<String, Number> json, String prefix, CpuMeter.Use use) {
        if (use != null) {
            json.put(prefix + "_cpu_jvm_cores", round(use.jvm(), 2));
            json.put(prefix + "_cpu_c_cores", round(use.cClients(), 2));
            json.put(prefix + "_cpu_broker_cores", round(use.broker(), 2));
            json.put(prefix + "_cpu_proxy_cores", round(use.proxy(), 2));
            json.put(prefix + "_cpu_all_cores", round(use.machine(), 2));
        }
    }

    private static String toJson(Map<String, Number> json) {
        StringBuilder out = new StringBuilder("{");
        json.forEach((key, value) -> out.append(out.length() > 1 ? "," : "").append('"').append(key).append("\":").append(number(value)));
        return out.append('}').toString();
    }

    private static String number(Number value) {
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : Double.toString(d);
        }
        return value.toString();
    }

    private static double round(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return value; // dropped from the JSON, which has no NaN
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static String join(String a, String b) {
        if (b == null || b.isEmpty()) {
            return a;
        }
        return a.isEmpty() ? b : a + " " + b;
    }
}
