package io.securemqtt.bench;

import io.securemqtt.testing.MosquittoContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The brokers of bench/run.sh, started as the system tests start theirs (testing's
 * {@link MosquittoContainer}: the image of mosquitto/'s Dockerfile, the broker identity from a
 * certgen PKI, a wait for the broker's "running" line), then the benchmark against them, in this
 * JVM, then the brokers' own word on the run, and the brokers gone.
 *
 * <pre>
 * BenchBrokers --mosquitto DIR --ec-pki DIR --rsa-pki DIR --run-id ID [--config FILE]
 *              [--network NAME --ec-ip IP --rsa-ip IP] [--variant NAME=CONFIG[@IP]]...
 *              -- BENCHMARK OPTIONS (the label may name {version} and {image})
 * </pre>
 *
 * Exit status: the benchmark's; 1 if a broker did not start; 2 on a bad command line.
 */
public final class BenchBrokers {

    /** The label that bench/run.sh's cleanup removes containers by, whatever becomes of this JVM. */
    static final String RUN_LABEL = "io.securemqtt.bench";

    private final Map<String, MosquittoContainer> started = new LinkedHashMap<>();

    private BenchBrokers() {
    }

    /** Held here: java.util.logging keeps loggers only weakly, and would forget their settings. */
    private static final List<java.util.logging.Logger> DOCKER_LOGGERS = List.of(
            java.util.logging.Logger.getLogger("org.testcontainers"), java.util.logging.Logger.getLogger("tc"));

    public static void main(String[] args) {
        Benchmark.installLogging();
        // Testcontainers' warnings (e.g. that Ryuk is disabled) go to standard error with the
        // progress: standard output is the table and the JSON line only.
        java.util.logging.ConsoleHandler stderr = new java.util.logging.ConsoleHandler();
        stderr.setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler root : java.util.logging.Logger.getLogger("").getHandlers()) {
            stderr.setFormatter(root.getFormatter()); // LogFormat's line
        }
        DOCKER_LOGGERS.forEach(logger -> {
            logger.setUseParentHandlers(false);
            logger.addHandler(stderr);
        });
        int status;
        try {
            status = new BenchBrokers().run(Options.parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    /** A broker to start: its name, PKI, configuration (empty: the image's) and address on the network (empty: a loopback port). */
    private record Spec(String name, Path pki, Optional<Path> config, Optional<String> ip) {
    }

    private record Options(Path mosquitto, Path ecPki, Path rsaPki, String runId, Optional<Path> config, Optional<String> network,
            Optional<String> ecIp, Optional<String> rsaIp, Map<String, String> variants, List<String> benchmark) {

        static Options parse(String[] args) {
            Map<String, String> single = new LinkedHashMap<>();
            Map<String, String> variants = new LinkedHashMap<>();
            List<String> rest = new ArrayList<>(List.of(args));
            while (!rest.isEmpty() && !rest.get(0).equals("--")) {
                String option = rest.remove(0);
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = rest.remove(0);
                switch (option) {
                    case "--mosquitto", "--ec-pki", "--rsa-pki", "--run-id", "--config", "--network", "--ec-ip", "--rsa-ip" ->
                            single.put(option, value);
                    case "--variant" -> {
                        int eq = value.indexOf('=');
                        if (eq < 1 || variants.put(value.substring(0, eq), value.substring(eq + 1)) != null) {
                            throw new IllegalArgumentException("--variant expects NAME=CONFIG[@IP], each NAME once, got " + value);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("expected -- and the benchmark's options");
            }
            rest.remove(0);
            for (String required : List.of("--mosquitto", "--ec-pki", "--rsa-pki", "--run-id")) {
                if (!single.containsKey(required)) {
                    throw new IllegalArgumentException(required + " is required");
                }
            }
            Optional<String> network = Optional.ofNullable(single.get("--network"));
            if (network.isPresent() != (single.containsKey("--ec-ip") && single.containsKey("--rsa-ip"))) {
                throw new IllegalArgumentException("--network, --ec-ip and --rsa-ip go together");
            }
            return new Options(Path.of(single.get("--mosquitto")), Path.of(single.get("--ec-pki")), Path.of(single.get("--rsa-pki")),
                    single.get("--run-id"), Optional.ofNullable(single.get("--config")).map(Path::of), network,
                    Optional.ofNullable(single.get("--ec-ip")), Optional.ofNullable(single.get("--rsa-ip")), variants, List.copyOf(rest));
        }
    }

    private int run(Options options) {
        long t0 = System.nanoTime();
        try {
            Future<String> image = MosquittoContainer.image(options.mosquitto());
            log("building the broker image: " + options.mosquitto() + "/Dockerfile");
            String imageName = image.get();
            MosquittoContainer ec = start(image, options, new Spec("ec", options.ecPki(), options.config(), options.ecIp()));
            for (Map.Entry<String, String> variant : options.variants().entrySet()) {
                if (PersistenceVariant.of(variant.getKey()).needsPlugin() && !hasFile(ec, PersistenceVariant.SQLITE_PLUGIN)) {
                    log("--persistence " + variant.getKey() + ": the image has no " + PersistenceVariant.SQLITE_PLUGIN
                            + " (Mosquitto 2.1's plugin): try --base-image eclipse-mosquitto:2.1.2");
                    return 1;
                }
            }
            MosquittoContainer rsa = start(image, options, new Spec("rsa", options.rsaPki(), options.config(), options.rsaIp()));
            String version = ec.version();
            log("brokers: Mosquitto " + version + ", EC on " + address(ec) + ", RSA-2048 on " + address(rsa)
                    + options.config().map(config -> ", configuration " + config).orElse(""));
            List<String> args = new ArrayList<>(List.of(
                    "--host", ec.mqttsHost(), "--port", Integer.toString(ec.mqttsPort()), "--pki", options.ecPki().toString(),
                    "--rsa-host", rsa.mqttsHost(), "--rsa-port", Integer.toString(rsa.mqttsPort()), "--rsa-pki", options.rsaPki().toString(),
                    "--broker-pid", Long.toString(ec.hostPid())));
            DockerProxy.of(ec).ifPresent(pid -> args.addAll(List.of("--proxy-pid", Long.toString(pid))));
            for (Map.Entry<String, String> variant : options.variants().entrySet()) {
                String[] configAndIp = variant.getValue().split("@", 2);
                MosquittoContainer broker = start(image, options, new Spec(variant.getKey(), options.ecPki(),
                        Optional.of(Path.of(configAndIp[0])), configAndIp.length > 1 ? Optional.of(configAndIp[1]) : Optional.empty()));
                args.addAll(List.of("--variant", variant.getKey() + "," + broker.mqttsHost() + "," + broker.mqttsPort() + "," + broker.hostPid()
                        + DockerProxy.of(broker).map(pid -> "," + pid).orElse("")));
                log("broker for --persistence " + variant.getKey() + " on " + address(broker));
            }
            // The time bench/run.sh's run_sh_setup_s no longer counts: the image build and the brokers' start.
            args.addAll(List.of("--figure", String.format(java.util.Locale.ROOT, "broker_start_s=%.1f", (System.nanoTime() - t0) / 1e9)));
            for (String option : options.benchmark()) {
                args.add(option.replace("{version}", version).replace("{image}", imageName));
            }
            int status = Benchmark.run(args.toArray(String[]::new));
            reportBrokers(options);
            return status;
        } catch (ExecutionException e) {
            log("the broker image did not build: " + e.getCause());
            return 1;
        } catch (RuntimeException e) {
            log("a broker did not start: " + e);
            started.values().forEach(broker -> System.err.print(broker.getLogs()));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            started.values().forEach(MosquittoContainer::stop); // and their volumes
        }
    }

    private MosquittoContainer start(Future<String> image, Options options, Spec spec) {
        MosquittoContainer broker = new MosquittoContainer(image, spec.pki())
                .withLabel(RUN_LABEL, options.runId())
                .withCreateContainerCmdModifier(cmd -> cmd.withName("securemqtt-bench-" + spec.name() + "-" + options.runId()));
        spec.config().ifPresent(config -> broker.withConfiguration(read(config)));
        spec.ip().ifPresent(ip -> broker.withAddress(options.network().orElseThrow(), ip));
        started.put(spec.name(), broker);
        broker.start();
        return broker;
    }

    /**
     * What the brokers said beyond the ordinary (a deprecated option, a plugin's complaint), and how
     * much each persistence variant wrote: evidence that its store was in use.
     */
    private void reportBrokers(Options options) {
        started.forEach((name, broker) -> broker.getLogs().lines()
                .filter(line -> line.toLowerCase(java.util.Locale.ROOT).matches(".*(warning|error|deprecated).*"))
                .map(line -> line.replaceFirst("^[0-9T:-]*: ", ""))
                .collect(Collectors.groupingBy(line -> line, LinkedHashMap::new, Collectors.counting()))
                .entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(10)
                .forEach(e -> log(name + ": " + e.getValue() + " " + e.getKey())));
        for (String variant : options.variants().keySet()) {
            String kib = started.get(variant).exec("du", "-sk", "/mosquitto/data").split("\\s+")[0];
            log("--persistence " + variant + ": /mosquitto/data holds " + kib + " KiB after the run");
        }
    }

    private static boolean hasFile(MosquittoContainer broker, String path) {
        try {
            broker.exec("test", "-e", path);
            return true;
        } catch (IllegalStateException absent) {
            return false;
        }
    }

    private static String address(MosquittoContainer broker) {
        return broker.mqttsHost() + ":" + broker.mqttsPort();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void log(String line) {
        System.err.println("bench: " + line);
    }
}
