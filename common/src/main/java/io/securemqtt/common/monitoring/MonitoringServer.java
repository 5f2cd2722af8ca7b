package io.securemqtt.common.monitoring;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.core.instrument.Counter;

import io.securemqtt.common.config.ConfigException;
import io.securemqtt.common.config.Environment;

/**
 * The program's HTTP server, with the JDK's own {@link HttpServer}: {@code GET /health} (200 while
 * connected to the broker, 503 otherwise, with one line of text saying why) and {@code GET /metrics}
 * (Prometheus' text format), plus the pages added to {@link Monitoring#addPage}. Other paths are
 * 404, other methods 405.
 *
 * <p>Plain HTTP without authentication: it says nothing secret, and Compose publishes it on
 * 127.0.0.1 only. Inside the container it listens on every interface, so that the port can be
 * published at all. What every request meets first, pages included:
 *
 * <ul>
 * <li>{@code X-Content-Type-Options: nosniff} on every answer;
 * <li>a {@code Host} that is not one of {@link AllowedHosts} is answered 421 (DNS rebinding);
 * <li>at most {@link HttpExecutor.Limits#DEFAULT} threads and waiting requests; past that, 503 at
 *     once, and past that the connection is closed;
 * <li>a handler still running after {@link HttpExecutor.Limits#DEFAULT}'s handler time (a client that
 *     does not read its answer) is cut off ({@link HandlerDeadline});
 * <li>the JDK server's own limits on slow, idle and too many connections ({@link JdkHttpServerLimits}).
 * </ul>
 *
 * <pre>{@code
 * try (MonitoringServer server = MonitoringServer.start(new InetSocketAddress(8080), monitoring, allowedHosts)) {
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

    /** Who asked for something the server does not serve, with a name it does not answer to, e.g. {@code https://rebind.example}. */
    static final int MISDIRECTED = 421;
    /** Longest Host or path a log line repeats; the JDK server allows far longer headers. */
    private static final int LOGGED_CHARACTERS = 100;

    static {
        // Before the JVM's first HttpServer: the JDK reads these once.
        JdkHttpServerLimits.apply();
    }

    private final HttpServer server;
    private final HttpExecutor executor;
    private final HandlerDeadline deadline;

    private MonitoringServer(HttpServer server, HttpExecutor executor, HandlerDeadline deadline) {
        this.server = server;
        this.executor = executor;
        this.deadline = deadline;
    }

    /**
     * Where to listen and which names to answer to.
     *
     * @param port         1 to 65535
     * @param allowedHosts the {@code Host} names to serve
     */
    public record Settings(int port, AllowedHosts allowedHosts) {

        /**
         * Reads {@code HTTP_PORT} ({@link #portFromEnvironment}) and {@link AllowedHosts#fromEnvironment
         * HTTP_ALLOWED_HOSTS}, both checked even when the server is off.
         *
         * @return the settings, or empty if {@code HTTP_PORT=0} turns the server off
         * @throws ConfigException naming the variable that is malformed
         */
        public static Optional<Settings> fromEnvironment(Environment env) {
            OptionalInt port = portFromEnvironment(env);
            AllowedHosts allowedHosts = AllowedHosts.fromEnvironment(env);
            return port.isPresent() ? Optional.of(new Settings(port.getAsInt(), allowedHosts)) : Optional.empty();
        }
    }

    /**
     * Reads {@code HTTP_PORT}: the port to listen on, 8080 by default; {@code 0} turns the server off.
     *
     * @return the port, or empty if the server is turned off
     * @throws ConfigException naming {@code HTTP_PORT} if it is not a port number
     */
    static OptionalInt portFromEnvironment(Environment env) {
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
     * As {@link #start(InetSocketAddress, Monitoring, AllowedHosts)}, answering only to the loopback
     * names ({@link AllowedHosts#local()}).
     */
    public static MonitoringServer start(InetSocketAddress address, Monitoring monitoring) throws IOException {
        return start(address, monitoring, AllowedHosts.local());
    }

    /**
     * Listens on {@code address} (port 0: any free port, see {@link #port()}) and serves
     * {@code monitoring} and its pages to requests for one of {@code allowedHosts}.
     *
     * @throws IOException if the address cannot be bound, e.g. the port is in use
     */
    public static MonitoringServer start(InetSocketAddress address, Monitoring monitoring, AllowedHosts allowedHosts) throws IOException {
        return start(address, monitoring, allowedHosts, HttpExecutor.Limits.DEFAULT, LoggerFactory.getLogger(MonitoringServer.class));
    }

    /** For tests: a few threads are quicker to fill, and the log is theirs to read. */
    static MonitoringServer start(InetSocketAddress address, Monitoring monitoring, AllowedHosts allowedHosts,
            HttpExecutor.Limits limits, Logger log) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        Counter cut = Counter.builder("http.responses.cut")
                .description("HTTP answers cut off because their handler ran past its time, e.g. for a client that does not read")
                .register(monitoring.registry());
        HandlerDeadline deadline = new HandlerDeadline("http-" + address.getPort(), limits.handlerTime(), cut::increment);
        Filter guard = new Guard(allowedHosts, refusals(monitoring, "host"), deadline, log);
        server.createContext(HEALTH, exactly(HEALTH, exchange -> {
            ConnectionHealth.Status status = monitoring.connection().status();
            respond(exchange, status.connected() ? 200 : 503, HttpResponses.TEXT, status.description() + "\n");
        })).getFilters().add(guard);
        server.createContext(METRICS, exactly(METRICS, exchange -> respond(exchange, 200, METRICS_CONTENT_TYPE, monitoring.scrape())))
                .getFilters().add(guard);
        Map<String, HttpHandler> pages = monitoring.pages();
        pages.forEach((path, handler) -> server.createContext(path, handler).getFilters().add(guard));
        if (!pages.containsKey("/")) {
            server.createContext("/", exchange -> respond(exchange, 404, HttpResponses.TEXT, "not found: " + exchange.getRequestURI().getPath() + "\n"))
                    .getFilters().add(guard);
        }
        Counter busy = refusals(monitoring, "busy");
        Counter dropped = refusals(monitoring, "dropped");
        HttpExecutor executor = new HttpExecutor("http-" + address.getPort(), limits, new HttpExecutor.Overflow() {
            @Override
            public void busy() {
                busy.increment();
            }

            @Override
            public void dropped() {
                dropped.increment();
            }
        });
        server.setExecutor(executor);
        server.start();
        return new MonitoringServer(server, executor, deadline);
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
        deadline.close();
    }

    /** Requests not served, by why: {@code host} (421), {@code busy} (503), {@code dropped} (closed unanswered). */
    private static Counter refusals(Monitoring monitoring, String reason) {
        return Counter.builder("http.requests.refused")
                .description("HTTP requests refused: host = Host not allowed (421), busy = all threads and the queue"
                        + " taken (503), dropped = even the thread that answers 503 taken (connection closed)")
                .tag("reason", reason)
                .register(monitoring.registry());
    }

    /** Requests now running on a worker thread, and waiting for one: for tests that fill them. */
    int busyWorkers() {
        return executor.busyWorkers();
    }

    int queued() {
        return executor.queued();
    }

    boolean overflowIdle() {
        return executor.overflowIdle();
    }

    /**
     * What every context runs before its handler: nosniff, then the 503 of the overflow thread, then
     * the Host check. A filter on each context, pages included, so that no page has to remember it.
     */
    private static final class Guard extends Filter {

        private final AllowedHosts allowedHosts;
        private final Counter misdirected;
        private final HandlerDeadline deadline;
        private final Logger log;

        Guard(AllowedHosts allowedHosts, Counter misdirected, HandlerDeadline deadline, Logger log) {
            this.allowedHosts = allowedHosts;
            this.misdirected = misdirected;
            this.deadline = deadline;
            this.log = log;
        }

        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            // Browsers must take our text for what it says it is, never for HTML or script.
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (HttpExecutor.shedding()) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                exchange.getResponseHeaders().set("Connection", "close");
                respond(exchange, 503, HttpResponses.TEXT, "busy: too many requests at once; try again in a second\n");
                return;
            }
            List<String> host = exchange.getRequestHeaders().get("Host");
            if (!allowedHosts.allows(host)) {
                misdirected.increment();
                log.warn("HTTP request refused: Host {} is not a name of ours (if it is, add it to {}): path={} remote={}",
                        host == null ? "(none)" : printable(String.join(",", host)), AllowedHosts.HTTP_ALLOWED_HOSTS,
                        printable(exchange.getRequestURI().getRawPath()), exchange.getRemoteAddress());
                respond(exchange, MISDIRECTED, HttpResponses.TEXT, "misdirected request: this server answers only to its own host names"
                        + " (localhost, 127.0.0.1, [::1], its container name and " + AllowedHosts.HTTP_ALLOWED_HOSTS + ")\n");
                return;
            }
            deadline.run(() -> chain.doFilter(exchange));
        }

        @Override
        public String description() {
            return "nosniff, 503 when busy, Host allow-list, handler deadline";
        }
    }

    /**
     * Network input for a log line: quoted, every character outside printable ASCII as
     * {@code \\uXXXX} (a terminal control sequence or a line break stays inert), and cut short.
     */
    static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int end = Math.min(text.length(), LOGGED_CHARACTERS);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > end) {
            out.append("...");
        }
        return out.append('"').toString();
    }

    /**
     * {@link HttpServer} hands a context every path that starts with it ({@code /healthz} to
     * {@code /health}), and every method: only {@code GET path} reaches {@code handler}.
     */
    private static HttpHandler exactly(String path, HttpHandler handler) {
        return exchange -> {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                respond(exchange, 404, HttpResponses.TEXT, "not found: " + exchange.getRequestURI().getPath() + "\n");
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                respond(exchange, 405, HttpResponses.TEXT, "method not allowed: " + exchange.getRequestMethod() + "; use GET\n");
            } else {
                handler.handle(exchange);
            }
        };
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        // Never cached: a health check or scrape must see now, not a proxy's copy.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        HttpResponses.send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
