package io.securemqtt.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's command line.
 *
 * @param broker     the broker with the EC (default) PKI: every figure
 * @param rsaBroker  a broker with an RSA-2048 PKI, for the connection set-up figure only; or null
 * @param sections   which of throughput, latency, connect to run
 * @param figures    figures measured elsewhere (bench/run.sh: the Compose stack), for the table and JSON
 * @param brokerPids host PIDs of the broker processes, to measure their CPU use; may be empty
 * @param proxyPids  host PIDs of Docker's userland proxies for the brokers' ports; may be empty
 * @param variants   brokers that differ in persistence only, for the persistence section; may be empty
 */
record BenchOptions(Broker broker, Broker rsaBroker, boolean quick, int count128, int count1k, int latencyRate,
        int latencySeconds, int connects, int repeat, Set<String> sections, boolean cLatency, ClientTuning tuning, String label,
        Map<String, Double> figures, List<Long> brokerPids, List<Long> proxyPids, List<VariantBroker> variants) {

    static final String USAGE = """
            Usage: java -jar bench-all.jar --port PORT --pki DIR [OPTIONS]

            Measures our Java client code path (MqttConnections, WindowedPublisher) and Mosquitto's C
            clients (mosquitto_pub, mosquitto_sub) against the same running broker, over mutual TLS.
            Prints a table, and last a JSON line with every figure. bench/run.sh starts the brokers
            (io.securemqtt.bench.BenchBrokers, then this).

              --host HOST             broker host, a name in its certificate (default: localhost)
              --port PORT             broker port (mTLS listener)
              --pki DIR               certgen directory: ca.crt, publisher.*, subscriber.*
              --rsa-port PORT         a second broker whose PKI has RSA-2048 keys (connection set-up)
              --rsa-host HOST         that broker's host (default: --host)
              --rsa-pki DIR           that broker's certgen directory
              --quick                 a smoke run: ~5,000 messages, 5 s latency, 10 connects
              --messages-128 N        messages per 128 B throughput run (default 50000, at most 50000)
              --messages-1k N         messages per 1 KiB throughput run (default 20000, at most 50000)
              --rate N                latency run rate, messages/s (default 1000)
              --latency-seconds N     latency run length (default 15)
              --connects N            sequential connects per client and key type (default 50)
              --repeat N              run each throughput case N times and report the best (default 2,
                                      --quick 1): other work on the machine only ever slows a run down
              --only LIST             comma-separated sections: throughput,latency,connect,persistence
                                      (default all; persistence runs only with --variant)
              --no-c-latency          skip the C clients' latency run
              --receive-maximum N     our subscriber announces this Receive Maximum (product: none sent)
              --socket-buffer BYTES   SO_SNDBUF/SO_RCVBUF of our sockets (product: kernel auto-tuning)
              --tcp-nodelay           TCP_NODELAY on our sockets (product: off, Paho's default)
              --label TEXT            a note for the table, e.g. the broker configuration under test
              --figure KEY=NUMBER     an extra figure for the table and JSON; repeatable
              --broker-pid PID        the broker's host PID, to report its CPU use; repeatable
              --proxy-pid PID         a docker-proxy's host PID, to report its CPU use; repeatable
              --variant NAME,HOST,PORT[,BROKER_PID[,PROXY_PID]]
                                      a broker that differs from the others in persistence only
                                      (bench/run.sh --persistence starts them), with the --pki
                                      identities; repeatable. The persistence section measures QoS 1
                                      at 128 B (--messages-128) on each: subscriber online, and
                                      subscriber away while the messages are queued, then draining
            """;

    /** Mosquitto's max_queued_messages is 100,000 in mosquitto.conf: stay well below it. */
    static final int MAX_MESSAGES = 50_000;
    static final Set<String> SECTIONS = Set.of("throughput", "latency", "connect", "persistence");

    static BenchOptions parse(String[] args) {
        String host = "localhost";
        Integer port = null;
        Path pki = null;
        Integer rsaPort = null;
        String rsaHost = null;
        Path rsaPki = null;
        boolean quick = false;
        Integer count128 = null;
        Integer count1k = null;
        int rate = 1000;
        Integer seconds = null;
        Integer connects = null;
        Integer repeat = null;
        Set<String> sections = SECTIONS;
        boolean cLatency = true;
        int receiveMaximum = 0;
        int socketBuffer = 0;
        boolean noDelay = false;
        String label = null;
        Map<String, Double> figures = new LinkedHashMap<>();
        List<Long> brokerPids = new ArrayList<>();
        List<Long> proxyPids = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            switch (option) {
                case "--quick" -> quick = true;
                case "--no-c-latency" -> cLatency = false;
                case "--tcp-nodelay" -> noDelay = true;
                case "--help", "-h" -> throw new UsageException(null);
                default -> {
                    if (rest.isEmpty()) {
                        throw new UsageException(option + " needs a value");
                    }
                    String value = rest.remove(0);
                    switch (option) {
                        case "--host" -> host = value;
                        case "--port" -> port = number(option, value, 1, 65535);
                        case "--pki" -> pki = Path.of(value);
                        case "--rsa-port" -> rsaPort = number(option, value, 1, 65535);
                        case "--rsa-host" -> rsaHost = value;
                        case "--rsa-pki" -> rsaPki = Path.of(value);
                        case "--messages-128" -> count128 = number(option, value, 10, MAX_MESSAGES);
                        case "--messages-1k" -> count1k = number(option, value, 10, MAX_MESSAGES);
                        case "--rate" -> rate = number(option, value, 1, 20_000);
                        case "--latency-seconds" -> seconds = number(option, value, 1, 120);
                        case "--connects" -> connects = number(option, value, 1, 1000);
                        case "--repeat" -> repeat = number(option, value, 1, 10);
                        case "--only" -> sections = sections(value);
                        case "--receive-maximum" -> receiveMaximum = number(option, value, 1, 65535);
                        case "--socket-buffer" -> socketBuffer = number(option, value, 1024, 64 << 20);
                        case "--label" -> label = value;
                        case "--figure" -> figure(value, figures);
                        case "--broker-pid" -> brokerPids.add((long) number(option, value, 1, Integer.MAX_VALUE));
                        case "--proxy-pid" -> proxyPids.add((long) number(option, value, 1, Integer.MAX_VALUE));
                        case "--variant" -> variants.add(value);
                        default -> throw new UsageException("unknown option " + option);
                    }
                }
            }
        }
        if (port == null || pki == null) {
            throw new UsageException("--port and --pki are required");
        }
        if ((rsaPort == null) != (rsaPki == null)) {
            throw new UsageException("--rsa-port and --rsa-pki go together");
        }
        if (sections != SECTIONS && sections.contains("persistence") && variants.isEmpty()) { // asked for by --only
            throw new UsageException("--only persistence needs at least one --variant (bench/run.sh --persistence)");
        }
        Path variantPki = pki;
        List<VariantBroker> variantBrokers = variants.stream().map(v -> VariantBroker.parse(v, variantPki)).toList();
        if (variantBrokers.stream().map(VariantBroker::variant).distinct().count() < variantBrokers.size()) {
            throw new UsageException("--variant: a name is given twice: " + String.join(" ", variants));
        }
        Broker broker = new Broker(host, port, pki, "ec-p256");
        Broker rsaBroker = rsaPort == null ? null : new Broker(rsaHost != null ? rsaHost : host, rsaPort, rsaPki, "rsa-2048");
        return new BenchOptions(broker, rsaBroker, quick,
                count128 != null ? count128 : quick ? 5_000 : 50_000,
                count1k != null ? count1k : quick ? 5_000 : 20_000,
                rate, seconds != null ? seconds : quick ? 5 : 15,
                connects != null ? connects : quick ? 10 : 50, repeat != null ? repeat : quick ? 1 : 2,
                sections, cLatency, new ClientTuning(receiveMaximum, socketBuffer, noDelay), label, figures,
                List.copyOf(brokerPids), List.copyOf(proxyPids), variantBrokers);
    }

    boolean runs(String section) {
        return sections.contains(section);
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.replace("_", ""));
            if (n < min || n > max) {
                throw new UsageException(option + " " + value + " is out of range " + min + "-" + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " expects a whole number, got " + value);
        }
    }

    private static Set<String> sections(String value) {
        Set<String> chosen = Set.of(value.split(","));
        if (!SECTIONS.containsAll(chosen)) {
            throw new UsageException("--only takes " + String.join(",", SECTIONS) + ", got " + value);
        }
        return chosen;
    }

    private static void figure(String value, Map<String, Double> figures) {
        int eq = value.indexOf('=');
        String key = eq < 0 ? "" : value.substring(0, eq);
        if (!key.matches("[a-z][a-z0-9_]*")) {
            throw new UsageException("--figure expects snake_case_key=number, got " + value);
        }
        try {
            figures.put(key, Double.parseDouble(value.substring(eq + 1)));
        } catch (NumberFormatException e) {
            throw new UsageException("--figure " + key + " is not a number: " + value.substring(eq + 1));
        }
    }

    /** A bad command line: the message, then the usage. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
