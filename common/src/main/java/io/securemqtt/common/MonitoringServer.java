package io.securemqtt.common;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The program's HTTP server, with the JDK's own {@link HttpServer}: {@code GET /health} (200 while
 * connected to the broker, 503 otherwise, with one line of text saying why) and {@code GET /metrics}
 * (Prometheus' text format), plus the pages added to {@link Monitoring#addPage}. Other paths are
 * 404, other methods 405.
 *
 * <p>Plain HTTP without authentication: it says nothing secret, and Compose publishes it on
 * 127.0.0.1 only. Inside the container it listens on every interface, so that the port can be
 * published at all.
 *
 * <pre>{@code
 * try (MonitoringServer server = MonitoringServer.start(new InetSocketAddress(8080), monitoring)) {
 *     ...
 * }
 * }</pre>
 */
public final class MonitoringServer implements AutoCloseable {

    public static final String HTTP_PORT = "HTTP_PORT";
    public static final int DEFAULT_PORT = 8080;
    public static final String HEALTH = "/health";
    public static final String METRICS = "/metrics";
    /** What {@code PrometheusMeterRegistry.scrape()} writes: the text exposition format 0.0.4. */
    public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MonitoringServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Reads {@code HTTP_PORT}: the port to listen on, 8080 by default; {@code 0} turns the server off.
     *
     * @return the port, or empty if the server is turned off
     * @throws ConfigException naming {@code HTTP_PORT} if it is not a port number
     */
    public static OptionalInt portFromEnvironment(Environment env) {
        String text = env.optional(HTTP_PORT).orElse(null);
        if (text == null) {
            return OptionalInt.of(DEFAULT_PORT);
        }
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(HTTP_PORT, HTTP_PORT + "='" + text
                    + "' is not a port number; expected an integer from 1 to 65535, or 0 to turn the HTTP server off");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(HTTP_PORT, HTTP_PORT + "=" + port
                    + " is out of range; expected a port from 1 to 65535, or 0 to turn the HTTP server off");
        }
        return port == 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /**
     * Listens on {@code address} (port 0: any free port, see {@link #port()}) and serves
     * {@code monitoring} and its pages.
     *
     * @throws IOException if the address cannot be bound, e.g. the port is in use
     */
    public static MonitoringServer start(InetSocketAddress address, Monitoring monitoring) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext(HEALTH, exactly(HEALTH, exchange -> {
            ConnectionHealth.Status status = monitoring.connection().status();
            respond(exchange, status.connected() ? 200 : 503, TEXT, status.description() + "\n");
        }));
        server.createContext(METRICS, exactly(METRICS, exchange -> respond(exchange, 200, METRICS_CONTENT_TYPE, monitoring.scrape())));
        Map<String, HttpHandler> pages = monitoring.pages();
        pages.forEach(server::createContext);
        if (!pages.containsKey("/")) {
            server.createContext("/", exchange -> respond(exchange, 404, TEXT, "not found: " + exchange.getRequestURI().getPath() + "\n"));
        }
        // A thread per request: the default is one thread for all, which a page that streams
        // (server-sent events) would keep to itself, and /health would stop answering. Daemon
        // threads: a server nobody closed must not keep the JVM alive.
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "http-" + address.getPort());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new MonitoringServer(server, executor);
    }

    /** The port it listens on; the real one when started on port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once: a scrape or health check cut short is simply repeated by its caller. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * {@link HttpServer} hands a context every path that starts with it ({@code /healthz} to
     * {@code /health}), and every method: only {@code GET path} reaches {@code handler}.
     */
    private static HttpHandler exactly(String path, HttpHandler handler) {
        return exchange -> {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                respond(exchange, 404, TEXT, "not found: " + exchange.getRequestURI().getPath() + "\n");
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, TEXT, "method not allowed: " + exchange.getRequestMethod() + "; use GET\n");
            } else {
                handler.handle(exchange);
            }
        };
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        // Never cached: a health check or scrape must see now, not a proxy's copy.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
