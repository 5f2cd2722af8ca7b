package io.securemqtt.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Throughput of Mosquitto's C clients against the same broker, with the same identities, topic
 * tree and payload bytes: {@code mosquitto_sub -C N+1} counting, {@code mosquitto_pub -l} reading
 * one message per line from its standard input.
 *
 * <p>So that neither figure includes starting a process or a TLS handshake, as the Java figure
 * does not either, the clock starts when the first message has arrived at mosquitto_sub (both
 * clients are then connected), and the figures are of the other N-1 messages.
 */
final class CThroughput {

    private final Broker broker;

    CThroughput(Broker broker) {
        this.broker = broker;
    }

    ThroughputResult run(int qos, int payloadBytes, int count, String runId, CpuMeter.Window cpu) throws InterruptedException, IOException {
        String topic = "articulos/bench/" + runId;
        byte[] payload = Payloads.of(payloadBytes);
        // A retained probe arrives as soon as mosquitto_sub's subscription is in place: that is how we
        // know it is subscribed, without -d (its debug output would slow it down). Hence -C count+1.
        // Retained messages of finished runs stay on the throw-away bench broker; nobody reads them.
        CProcess.runToEnd(CProcess.command(CProcess.PUB, broker, Broker.PUBLISHER,
                "-i", "bench-cprobe-" + runId, "-t", topic, "-q", "1", "-r", "-m", "probe"), Duration.ofSeconds(10));
        try (CProcess subscriber = CProcess.start(CProcess.subscriber(broker,
                "-i", "bench-csub-" + runId, "-t", topic, "-q", Integer.toString(qos), "-C", Integer.toString(count + 1)));
                LineCounter lines = new LineCounter(subscriber.stdout(), "mosquitto_sub")) {
            if (!lines.await(1, Duration.ofSeconds(10))) {
                throw subscriber.failure("did not receive the retained probe: is it subscribed?");
            }
            long start;
            long published;
            String problem = null;
            try (CProcess publisher = CProcess.start(CProcess.command(CProcess.PUB, broker, Broker.PUBLISHER,
                    "-i", "bench-cpub-" + runId, "-t", topic, "-q", Integer.toString(qos), "-l"))) {
                OutputStream in = new BufferedOutputStream(publisher.stdin(), 1 << 16);
                writeLine(in, payload);
                in.flush();
                if (!lines.await(2, Duration.ofSeconds(10))) {
                    throw publisher.failure("published nothing that arrived within 10 s");
                }
                cpu.start();
                start = System.nanoTime();
                for (int i = 1; i < count; i++) {
                    writeLine(in, payload); // blocks while the pipe is full: mosquitto_pub sets the pace
                }
                in.close();
                int status = publisher.waitFor(Duration.ofSeconds(120));
                published = System.nanoTime();
                if (status != 0) {
                    problem = "mosquitto_pub exited with " + status + ": " + publisher.errors();
                }
            }
            lines.await(count + 1, JavaThroughput.IDLE);
            cpu.end();
            long received = Math.max(0, lines.lines().count() - 1); // less the probe
            long measured = count - 1;                       // the first message was before the clock started
            if (subscriber.isAlive() && received < count) {
                problem = JavaThroughput.join(problem, "mosquitto_sub still waiting for " + (count - received) + " messages");
            }
            return new ThroughputResult("c", qos, payloadBytes, count, received,
                    JavaThroughput.perSecond(measured, published - start),
                    JavaThroughput.perSecond(Math.max(0, received - 1), lines.lines().lastNanos() - start), problem);
        }
    }

    private static void writeLine(OutputStream out, byte[] payload) throws IOException {
        out.write(payload);
        out.write('\n');
    }
}
