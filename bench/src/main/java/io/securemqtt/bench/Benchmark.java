package io.securemqtt.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.securemqtt.common.program.LogFormat;

/**
 * The benchmark of issue "Performance": throughput, end-to-end latency and connection set-up over
 * mutual TLS, for our Java client code path and for Mosquitto's C clients, against the same broker
 * in the same run, so that the two are compared under the same conditions (the same 2 cores).
 *
 * <p>Progress goes to standard error; standard output gets the table and, as its last line, the JSON.
 * Exit status: 0, 1 if a run failed, 2 on a bad command line, 3 if QoS 1 lost a message.
 */
public final class Benchmark {

    /**
     * Java runs are warmed up first, so that the JIT compiler does not count against the first
     * figure: after 10,000 messages the first measured run was still up to 40% slower than a repeat.
     */
    private static final int WARMUP_MESSAGES = 20_000;
    private static final int CONNECT_WARMUP = 5;
    private static final int[] PAYLOAD_SIZES = {128, 1024};
    private static final int[] QOS_LEVELS = {1, 0};

    private final BenchOptions options;
    private final Report report = new Report();
    private final CpuMeter cpu;
    /** Each persistence variant's broker has its own PIDs. */
    private final Map<String, CpuMeter> variantCpu = new LinkedHashMap<>();
    /** Base of this run's client ids and topics: a rerun against the same broker must not resume old sessions. */
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private int runs;

    private Benchmark(BenchOptions options) {
        this.options = options;
        this.cpu = new CpuMeter(options.brokerPids(), options.proxyPids());
        options.variants().forEach(v -> variantCpu.put(v.variant(), new CpuMeter(v.brokerPids(), v.proxyPids())));
    }

    public static void main(String[] args) {
        installLogging();
        System.exit(run(args));
    }

    /**
     * The programs' own log format, warnings only: per-message INFO logging would measure the
     * console, not MQTT.
     */
    static void installLogging() {
        LogFormat.TEXT.install();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }

    /** Runs the benchmark on the command line {@code args}; the exit status (see the class comment). */
    static int run(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("bench: " + e.getMessage());
            }
            System.err.print(BenchOptions.USAGE);
            return e.getMessage() == null ? 0 : 2;
        }
        return new Benchmark(options).run(System.out);
    }

    private int run(PrintStream out) {
        long started = System.nanoTime();
        Broker broker = options.broker();
        ClientTuning tuning = options.tuning();
        if (options.label() != null) {
            report.note(options.label());
        }
        report.note("Java clients: " + tuning.describe() + "; log level WARN");
        int cores = Runtime.getRuntime().availableProcessors();
        report.figure("host_cores", cores);
        report.figure("host_load_1m_start", loadAverage());
        // What the machine does without us, over 2 s: the load average would still count the build
        // that bench/run.sh has just done.
        CpuMeter.Sample idleStart = cpu.sample();
        pause(2_000);
        CpuMeter.Use idle = cpu.between(idleStart, cpu.sample());
        double busy = Math.max(0, idle.machine() - idle.jvm()); // less this JVM's own start-up (JIT)
        report.figure("host_busy_cores_start", Math.round(busy * 100) / 100.0);
        if (busy > 0.2) {
            // Other work on the machine takes CPU from the broker and clients: the figures are low and noisy.
            report.note(String.format(Locale.ROOT, "WARNING: %.2f of %d cores busy before the start: other work competes for the CPU", busy, cores));
        }
        measure("CONNACK probe", () -> {
            ConnackProbe probe = ConnackProbe.of(broker, next("probe"));
            report.figure("broker_receive_maximum", probe.receiveMaximum());
            report.figure("java_connect_cold_ms", Math.round(probe.coldConnectMs() * 10) / 10.0);
        });
        boolean persistence = options.runs("persistence") && !options.variants().isEmpty();
        if (options.runs("throughput") || options.runs("latency") || persistence) {
            warmUp(broker, tuning);
        }
        if (options.runs("throughput")) {
            throughput(broker, tuning);
        }
        if (persistence) {
            persistence(tuning);
        }
        if (options.runs("latency")) {
            measure("latency java", () -> {
                CpuMeter.Sample before = cpu.sample();
                LatencyResult result = new JavaLatency(broker, tuning).run(options.latencyRate(), options.latencySeconds(), 128, next("lat-java"));
                report.add(result.withCpu(cpu.between(before, cpu.sample())));
            });
            if (options.cLatency()) {
                measure("latency c", () -> {
                    CpuMeter.Sample before = cpu.sample();
                    LatencyResult result = new CLatency(broker).run(options.latencyRate(), options.latencySeconds(), 128, next("lat-c"));
                    report.add(result.withCpu(cpu.between(before, cpu.sample())));
                });
            }
        }
        if (options.runs("connect")) {
            for (Broker b : options.rsaBroker() == null ? List.of(broker) : List.of(broker, options.rsaBroker())) {
                measure("connect java " + b.keyType(), () -> report.add(new JavaConnectSetup(b).run(options.connects(), CONNECT_WARMUP, next("cj"))));
                measure("connect c " + b.keyType(), () -> report.add(new CConnectSetup(b).run(options.connects(), 1, next("cc"))));
            }
        }
        report.figure("host_load_1m_end", loadAverage());
        options.figures().forEach(report::figure);
        report.figure("bench_run_s", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        report.print(out);
        out.flush();
        return report.qos1Lost() ? 3 : report.hasFailures() ? 1 : 0;
    }

    /** Unmeasured runs of every Java code path, so that the JIT compiler has done its work. */
    private void warmUp(Broker broker, ClientTuning tuning) {
        JavaThroughput java = new JavaThroughput(broker, tuning);
        int warmup = options.quick() ? 5_000 : WARMUP_MESSAGES;
        measure("warm-up (not measured)", () -> {
            java.run(1, 128, warmup, next("warm"), cpu.window());
            java.run(0, 128, warmup / 2, next("warm"), cpu.window());
            java.run(1, 1024, warmup / 5, next("warm"), cpu.window());
            java.run(1, 128, warmup, next("warm"), cpu.window());
            new CThroughput(broker).run(1, 128, 2_000, next("warm"), cpu.window());
        });
    }

    private void throughput(Broker broker, ClientTuning tuning) {
        JavaThroughput java = new JavaThroughput(broker, tuning);
        CThroughput c = new CThroughput(broker);
        for (int size : PAYLOAD_SIZES) {
            int count = size == 128 ? options.count128() : options.count1k();
            for (int qos : QOS_LEVELS) {
                // Java and C back to back for each case, so that both see the broker in the same state.
                measure(String.format(Locale.ROOT, "throughput java qos%d %d B x %d", qos, size, count),
                        () -> report.add(best(window -> java.run(qos, size, count, next("java"), window))));
                measure(String.format(Locale.ROOT, "throughput c qos%d %d B x %d", qos, size, count),
                        () -> report.add(best(window -> c.run(qos, size, count, next("c"), window))));
            }
        }
    }

    /**
     * QoS 1 at 128 B on each persistence variant's broker, our clients and the C clients, with the
     * subscriber online and with a backlog. Round by round, every variant in turn for each case, so
     * that a change in the machine's load touches all variants alike; the best of the rounds counts.
     */
    private void persistence(ClientTuning tuning) {
        int count = options.count128();
        List<String> modes = List.of(PersistenceResult.ONLINE, PersistenceResult.BACKLOG);
        List<String> clients = List.of("java", "c");
        Map<String, List<PersistenceResult>> runs = new LinkedHashMap<>(); // in the table's order
        for (VariantBroker variant : options.variants()) {
            for (String mode : modes) {
                for (String client : clients) {
                    runs.put(variant.variant() + " " + mode + " " + client, new java.util.ArrayList<>());
                }
            }
        }
        for (int round = 1; round <= options.repeat(); round++) {
            for (String mode : modes) {
                for (String client : clients) {
                    for (VariantBroker variant : options.variants()) {
                        String key = variant.variant() + " " + mode + " " + client;
                        measure(String.format(Locale.ROOT, "persistence %s qos1 128 B x %d, round %d of %d", key, count, round, options.repeat()),
                                () -> runs.get(key).add(new PersistenceResult(variant.variant(), mode,
                                        persistenceRun(variant, mode, client, count, tuning))));
                    }
                }
            }
        }
        report.persistenceRepeat(options.repeat());
        runs.values().stream().filter(results -> !results.isEmpty()).forEach(results -> report.add(bestPersistence(results)));
    }

    private ThroughputResult persistenceRun(VariantBroker variant, String mode, String client, int count, ClientTuning tuning) throws Exception {
        CpuMeter.Window window = variantCpu.get(variant.variant()).window();
        Broker broker = variant.broker();
        String id = next(client.equals("java") ? "pj" : "pc");
        ThroughputResult result = switch (mode + " " + client) {
            case "online java" -> new JavaThroughput(broker, tuning).run(1, 128, count, id, window);
            case "online c" -> new CThroughput(broker).run(1, 128, count, id, window);
            case "backlog java" -> new JavaBacklog(broker, tuning).run(128, count, id, window);
            case "backlog c" -> new CBacklog(broker).run(128, count, id, window);
            default -> throw new IllegalArgumentException(mode + " " + client);
        };
        return result.withCpu(window.use());
    }

    /**
     * A run that lost messages if there is one, else the fastest: the least time per message,
     * publishing and receiving together (a backlog's two phases have rates of their own).
     */
    private static PersistenceResult bestPersistence(List<PersistenceResult> results) {
        return results.stream().filter(p -> p.run().brokenPromise()).findFirst()
                .orElseGet(() -> results.stream().min(java.util.Comparator.comparingDouble(
                        p -> 1 / p.run().publishedPerSecond() + 1 / p.run().receivedPerSecond())).orElseThrow());
    }

    /**
     * The best of {@code --repeat} runs by received rate: other work on the machine only ever slows
     * a run down. A run that lost QoS 1 messages is reported instead, whatever its rate.
     */
    private ThroughputResult best(ThroughputRun run) throws Exception {
        List<ThroughputResult> results = new java.util.ArrayList<>();
        for (int i = 0; i < options.repeat(); i++) {
            if (i > 0) {
                pause();
            }
            results.add(metered(run));
        }
        ThroughputResult chosen = results.stream().filter(ThroughputResult::brokenPromise).findFirst()
                .orElseGet(() -> results.stream().max(java.util.Comparator.comparingDouble(ThroughputResult::receivedPerSecond)).orElseThrow());
        if (results.size() == 1) {
            return chosen;
        }
        return chosen.withProblem("best of " + results.size() + ", received/s: " + results.stream()
                .map(r -> String.format(Locale.ROOT, "%.0f", r.receivedPerSecond())).collect(java.util.stream.Collectors.joining(" ")));
    }

    /** Runs one throughput measurement and notes who used the CPU meanwhile. */
    private ThroughputResult metered(ThroughputRun run) throws Exception {
        CpuMeter.Window window = cpu.window();
        ThroughputResult result = run.run(window);
        return result.withCpu(window.use());
    }

    /** The 1-minute load average, or NaN where there is none (not Linux). */
    private static double loadAverage() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A unique id for one run: client ids and topic names of different runs never meet. */
    private String next(String what) {
        return runId + "-" + what + "-" + (++runs);
    }

    /** Runs one measurement; a failure is reported and the others still run. */
    private void measure(String what, Measurement measurement) {
        System.err.println("bench: " + what + " ...");
        long t0 = System.nanoTime();
        try {
            measurement.run();
            System.err.printf(Locale.ROOT, "bench: %s done in %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
        } catch (Exception e) {
            System.err.println("bench: " + what + " FAILED: " + e);
            report.failed(what, e);
        }
        pause();
    }

    /** Lets the broker finish with one run (queues, acknowledgements) before the next starts. */
    private static void pause() {
        pause(300);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Measurement {
        void run() throws Exception;
    }

    @FunctionalInterface
    private interface ThroughputRun {
        ThroughputResult run(CpuMeter.Window window) throws Exception;
    }
}
