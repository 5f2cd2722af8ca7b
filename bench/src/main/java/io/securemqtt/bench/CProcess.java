package io.securemqtt.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.securemqtt.subscriber.ArticleSubscriber;

/**
 * One run of mosquitto_pub or mosquitto_sub (Debian's mosquitto-clients). Its standard error is
 * collected on a thread of its own, so that a full pipe never stalls it and a failure can say why.
 */
final class CProcess implements AutoCloseable {

    static final String PUB = "mosquitto_pub";
    static final String SUB = "mosquitto_sub";
    /**
     * For mosquitto_sub: announce the Receive Maximum that Paho implies by announcing none (65,535).
     * libmosquitto announces 20, which alone capped the C clients' QoS 1 rate at ~11,000 msg/s
     * where mosquitto_pub was publishing 16,000 (broker max_inflight_messages 1000).
     */
    private static final List<String> SUBSCRIBER_WINDOW = List.of("-D", "connect", "receive-maximum", "65535");
    /**
     * For mosquitto_sub: a persistent session, as our subscriber has (clean start off, the product's
     * session expiry). Only such a session's messages go to the broker's store (Mosquitto 2.1 hands
     * a client's messages to the persistence plugin only when its session expiry is not 0), so only
     * then does a persistence figure of the C clients compare with ours. Needs an explicit -i.
     */
    static final List<String> PERSISTENT_SESSION = List.of("-c", "-x", Long.toString(ArticleSubscriber.SESSION_EXPIRY.toSeconds()));

    private final List<String> command;
    private final Process process;
    private final StringBuffer errors = new StringBuffer();

    private CProcess(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        Thread drain = new Thread(() -> {
            try (InputStream err = process.getErrorStream()) {
                errors.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errors.append("(standard error unreadable: ").append(e.getMessage()).append(')');
            }
        }, "stderr-" + command.get(0));
        drain.setDaemon(true);
        drain.start();
    }

    /**
     * The command line of {@code program} as {@code identity} on {@code broker}, then {@code args}.
     * MQTT v5, as our Java clients speak: the clients' default, v3.1.1, has no Receive Maximum, so
     * mosquitto_pub would keep its own window of 20 whatever the broker's max_inflight_messages.
     */
    static List<String> command(String program, Broker broker, String identity, String... args) {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of("-V", "mqttv5"));
        command.addAll(broker.cArguments(identity));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * mosquitto_sub as the subscriber identity, with the same window and kind of session as our
     * subscriber, then {@code args}, which must include its client id ({@code -i}).
     */
    static List<String> subscriber(Broker broker, String... args) {
        List<String> command = command(SUB, broker, Broker.SUBSCRIBER);
        command.addAll(SUBSCRIBER_WINDOW);
        command.addAll(PERSISTENT_SESSION);
        command.addAll(List.of(args));
        return command;
    }

    static CProcess start(List<String> command) {
        try {
            return new CProcess(command, new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + " (is mosquitto-clients installed?): " + e.getMessage(), e);
        }
    }

    /** Runs a command to its end, failing with its error output unless it exits with 0. */
    static void runToEnd(List<String> command, Duration timeout) throws InterruptedException {
        try (CProcess process = start(command)) {
            process.stdin().close();
            process.stdout().transferTo(OutputStream.nullOutputStream());
            int status = process.waitFor(timeout);
            if (status != 0) {
                throw process.failure("exited with " + status);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    InputStream stdout() {
        return process.getInputStream();
    }

    /** @return the exit status, or -1 if it did not exit within {@code timeout} (it is then killed) */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    IllegalStateException failure(String what) {
        return new IllegalStateException(String.join(" ", command) + " " + what + ": " + errors.toString().strip());
    }

    String errors() {
        return errors.toString().strip();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
