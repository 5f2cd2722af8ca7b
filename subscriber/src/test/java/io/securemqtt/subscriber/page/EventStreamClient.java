package io.securemqtt.subscriber.page;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A browser's EventSource, reduced to what the tests look at: the stream's lines, as they come. */
final class EventStreamClient implements AutoCloseable {

    /** The end of the stream, as a line no server sends. */
    static final String END = "\u0000end";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private EventStreamClient(HttpResponse<InputStream> response) {
        this.response = response;
        Thread reader = new Thread(this::read, "test-event-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code uri}, optionally as a reconnecting EventSource would ({@code Last-Event-ID}). */
    static EventStreamClient open(URI uri, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").timeout(WAIT);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new EventStreamClient(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** The next line matching {@code wanted}, skipping others; fails after 5 s. */
    String awaitLine(Predicate<String> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no " + what + " on the event stream within " + WAIT.toSeconds() + " s");
            }
            if (wanted.test(line)) {
                return line;
            }
            if (line.equals(END)) {
                throw new AssertionError("the event stream ended before " + what);
            }
        }
    }

    /** Waits until the server has registered this stream: its first line sets the reconnect delay. */
    EventStreamClient awaitOpen() throws InterruptedException {
        awaitLine(line -> line.startsWith("retry: "), "retry line");
        return this;
    }

    /** The JSON of the next event. */
    JsonNode nextArticle() throws InterruptedException, IOException {
        String line = awaitLine(l -> l.startsWith("data: "), "article event");
        return new ObjectMapper().readTree(line.substring("data: ".length()));
    }

    /** The id of the next event. */
    String nextId() throws InterruptedException {
        return awaitLine(l -> l.startsWith("id: "), "event id").substring("id: ".length());
    }

    /** True if no line arrives within {@code millis}. */
    boolean quietFor(long millis) throws InterruptedException {
        String line = lines.poll(millis, TimeUnit.MILLISECONDS);
        return line == null;
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The end, as far as the tests are concerned.
        }
        lines.add(END);
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
