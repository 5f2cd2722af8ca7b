package io.securemqtt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.securemqtt.common.article.Article;
import io.securemqtt.common.article.ArticleCodec;
import io.securemqtt.common.article.Topics;
import io.securemqtt.common.tls.DelegatingSocketFactory;
import io.securemqtt.testing.Await;
import io.securemqtt.testing.LoopbackPort;
import io.securemqtt.testing.MosquittoContainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real shaded subscriber, with the JVM options of its image ({@code -Xmx64m} among them, read
 * from the Dockerfile), takes a flood of articles at every field's limit, over mutual TLS from the
 * publisher's identity, while pages connect to {@code /events} and read slowly or not at all. It
 * must stay alive, log every article, and never run out of memory: what it keeps (recent ids, the
 * page's replay, each page's queue) is bounded in bytes, not in articles.
 */
class SubscriberMemoryBoundTest {

    private static final int ARTICLES = 3_000;
    /**
     * Articles published and not yet logged, at most. Mosquitto drops QoS 1 messages beyond a client's
     * queue limits (see TRAPS.md), so the flood waits for the subscriber: some 3 MB at a time.
     */
    private static final int WINDOW = 50;
    private static final int STALLED_PAGES = 3;
    private static final int SLOW_PAGES = 3;
    private static final String LOGGED = "article received: ";

    @RegisterExtension
    static final SecureBroker broker = new SecureBroker();

    @TempDir
    Path workDir;

    @Test
    void survivesAFloodOfTheLargestArticlesWithPagesThatDoNotRead() throws Exception {
        int httpPort = LoopbackPort.free();
        List<Socket> pages = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        AtomicLong slowlyRead = new AtomicLong();
        try (ShadedProgram.Running subscriber = ShadedProgram.SUBSCRIBER.start(environment(httpPort), workDir)) {
            subscriber.awaitStdout("subscribed: ", Duration.ofSeconds(30));
            LogLines log = new LogLines(stdoutOf(workDir));

            for (int i = 0; i < STALLED_PAGES; i++) {
                pages.add(openEvents(httpPort)); // ...and never read a byte
            }
            for (int i = 0; i < SLOW_PAGES; i++) {
                Socket page = openEvents(httpPort);
                pages.add(page);
                Thread reader = new Thread(() -> readSlowly(page, slowlyRead), "slow-page-" + i);
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            }
            subscriber.awaitStdout("clients=" + (STALLED_PAGES + SLOW_PAGES), Duration.ofSeconds(10));

            int payloadBytes = flood(subscriber, log);

            Await.until(() -> log.count() >= ARTICLES || !subscriber.isAlive(), Duration.ofSeconds(120),
                    "the subscriber did not log all " + ARTICLES + " articles (" + log.count() + " so far)");
            String output = subscriber.stdout() + subscriber.stderr();
            assertTrue(subscriber.isAlive(), "the subscriber died:\n" + tail(output));
            // Not "OutOfMemoryError" alone: the JVM echoes -XX:+ExitOnOutOfMemoryError from JAVA_TOOL_OPTIONS.
            assertFalse(output.contains("java.lang.OutOfMemoryError"), "the subscriber ran out of memory:\n" + tail(output));
            assertEquals(ARTICLES, log.count(), "every article logged once");
            assertEquals(0, log.invalid(), "no article refused");
            // Worth saying in the report: the flood was the size the issue describes, and the pages were there.
            System.out.printf("flood: %d articles of %d bytes; pages dropped for a full queue: %d; bytes read by slow pages: %d%n",
                    ARTICLES, payloadBytes, countLines(output, "reason=its queue is full"), slowlyRead.get());
            assertTrue(payloadBytes > ArticleCodec.MAX_PAYLOAD_BYTES - 4_096, "each article close to the payload limit: " + payloadBytes);
        } finally {
            for (Socket page : pages) {
                page.close();
            }
            for (Thread reader : readers) {
                reader.join(5_000);
            }
        }
    }

    /** Publishes {@link #ARTICLES} articles, never more than {@link #WINDOW} ahead of the log; returns the size of one. */
    private static int flood(ShadedProgram.Running subscriber, LogLines log) throws Exception {
        ArticleCodec codec = new ArticleCodec();
        // Every field at its limit: 64 code points of emoji in each topic level (12 escaped bytes each in JSON),
        // a title and a body of control characters (6 bytes each), a 64-character id.
        String level = "\uD83D\uDCF0".repeat(Topics.MAX_LEVEL_LENGTH);
        String title = "T" + "\u0001".repeat(Article.MAX_TITLE_LENGTH - 1);
        String body = "\u0002".repeat(Article.MAX_BODY_LENGTH);
        Instant publishedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        MqttClient publisher = noDelayClient();
        int size = 0;
        try {
            for (int n = 0; n < ARTICLES; n++) {
                int published = n;
                Await.until(() -> published - log.count() < WINDOW || !subscriber.isAlive(), Duration.ofSeconds(60),
                        "the subscriber fell " + WINDOW + " articles behind and stayed there");
                if (!subscriber.isAlive()) {
                    throw new AssertionError("the subscriber died after " + log.count() + " articles:\n" + tail(subscriber.stdout() + subscriber.stderr()));
                }
                Article article = new Article(String.format("%064d", n), level, level, title, body, publishedAt);
                byte[] payload = codec.encode(article);
                size = payload.length;
                publisher.publish(article.topic(), payload, 1, false); // returns once the broker's PUBACK is in
            }
            publisher.disconnect();
        } finally {
            publisher.close(true);
        }
        return size;
    }

    /**
     * A bare client with the publisher's identity whose socket sends at once (TCP_NODELAY): otherwise
     * each synchronous publish of 63 KB waits some 40 ms for the broker's delayed TCP acknowledgement,
     * and the flood takes minutes instead of seconds.
     */
    private static MqttClient noDelayClient() throws Exception {
        SSLSocketFactory tls = RawTlsClient.context(broker.pki().ca(), broker.pki().cert("publisher"), broker.pki().key("publisher"))
                .getSocketFactory();
        MqttClient client = new MqttClient(broker.tlsUri(), "flood-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setConnectionTimeout(5);
        options.setSocketFactory(new DelegatingSocketFactory() {
            @Override
            protected SSLSocketFactory delegate() {
                return tls;
            }

            @Override
            protected Socket adjust(Socket socket) throws IOException {
                socket.setTcpNoDelay(true);
                return socket;
            }
        });
        client.connect(options);
        return client;
    }

    /** The subscriber's environment as Compose gives it, with the JVM options of its image. */
    private static Map<String, String> environment(int httpPort) throws IOException {
        Map<String, String> environment = broker.programEnvironment("subscriber");
        environment.put("SUBSCRIBE_TOPICS", "articulos/#");
        environment.put("HTTP_PORT", Integer.toString(httpPort));
        environment.put("LANG", "C.UTF-8");
        environment.put("JAVA_TOOL_OPTIONS", String.join(" ", imageJvmOptions()));
        return environment;
    }

    /**
     * The options between {@code java} and {@code -jar} in the Dockerfile's subscriber ENTRYPOINT, but
     * its class-data archive, which exists only in the image.
     */
    static List<String> imageJvmOptions() throws IOException {
        Path dockerfile = MosquittoContainer.repositoryDirectory().resolveSibling("Dockerfile");
        List<String> lines = Files.readAllLines(dockerfile);
        int stage = lines.indexOf("FROM runtime AS subscriber");
        if (stage < 0) {
            throw new IllegalStateException(dockerfile + " has no 'FROM runtime AS subscriber' stage");
        }
        String entrypoint = lines.stream().skip(stage).filter(line -> line.startsWith("ENTRYPOINT ")).findFirst()
                .orElseThrow(() -> new IllegalStateException(dockerfile + ": the subscriber stage has no ENTRYPOINT"));
        List<String> command = List.of(new ObjectMapper().readValue(entrypoint.substring("ENTRYPOINT ".length()), String[].class));
        List<String> options = command.subList(1, command.indexOf("-jar")).stream()
                .filter(option -> !option.startsWith("-XX:SharedArchiveFile="))
                .toList();
        if (!options.contains("-Xmx64m")) {
            throw new IllegalStateException("the subscriber image no longer runs with -Xmx64m: " + options + "; update this test's claim");
        }
        return options;
    }

    private static Socket openEvents(int port) throws IOException {
        Socket page = new Socket();
        page.setReceiveBufferSize(4096);
        page.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        OutputStream request = page.getOutputStream();
        request.write(("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.flush();
        return page;
    }

    /** A page on a slow connection: 4 KiB at a time, with a pause between, until the stream ends. */
    private static void readSlowly(Socket page, AtomicLong total) {
        byte[] buffer = new byte[4096];
        try (InputStream in = page.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                total.addAndGet(read);
                Thread.sleep(20);
            }
        } catch (IOException | InterruptedException e) {
            // the page was dropped or the test closed it: either ends the reader
        }
    }


    /** ShadedProgram writes the output of a run to {@code <workDir>/subscriber-<random>/stdout}. */
    private static Path stdoutOf(Path workDir) throws IOException {
        try (Stream<Path> dirs = Files.list(workDir)) {
            List<Path> found = dirs.map(dir -> dir.resolve("stdout")).filter(Files::isRegularFile).toList();
            if (found.size() != 1) {
                throw new IllegalStateException("expected one run's stdout in " + workDir + ", found " + found);
            }
            return found.get(0);
        }
    }

    private static long countLines(String output, String fragment) {
        return output.lines().filter(line -> line.contains(fragment)).count();
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream().collect(Collectors.joining("\n"));
    }

    /** Counts log lines as they are written, reading each byte of the file once. */
    private static final class LogLines {
        private final Path file;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private long position;
        private long logged;
        private long invalid;

        LogLines(Path file) {
            this.file = file;
        }

        synchronized long count() {
            update();
            return logged;
        }

        synchronized long invalid() {
            update();
            return invalid;
        }

        private void update() {
            try (SeekableByteChannel channel = Files.newByteChannel(file)) {
                channel.position(position);
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64 * 1024);
                int read;
                while ((read = channel.read(buffer)) > 0) {
                    position += read;
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        byte b = buffer.get();
                        if (b == '\n') {
                            String line = partial.toString(StandardCharsets.UTF_8);
                            logged += line.contains(LOGGED) ? 1 : 0;
                            invalid += line.contains("invalid article ignored") ? 1 : 0;
                            partial.reset();
                        } else {
                            partial.write(b);
                        }
                    }
                    buffer.clear();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
