package io.securemqtt.subscriber.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.securemqtt.common.monitoring.HttpResponses;

/**
 * The article page's files, from the classpath ({@code page/}): {@code /} (and {@code /index.html}),
 * {@code /page.js}, {@code /page.css}; anything else under {@code /} is 404, since the JDK server routes
 * every path no other context claims to the {@code /} context.
 *
 * <p>Script and style are separate files so that the Content-Security-Policy can forbid inline script:
 * should an article's text ever reach the page as HTML after all, the browser still would not run it.
 */
final class PageFiles implements HttpHandler {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record PageFile(String contentType, byte[] bytes) {
    }

    private final Map<String, PageFile> files;

    /** @throws IllegalStateException if a file is missing from the classpath (a broken build) */
    PageFiles() {
        PageFile index = load("index.html", "text/html; charset=utf-8");
        this.files = Map.of(
                "/", index,
                "/index.html", index,
                "/page.js", load("page.js", "text/javascript; charset=utf-8"),
                "/page.css", load("page.css", "text/css; charset=utf-8"));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        PageFile file = files.get(exchange.getRequestURI().getPath());
        if (file == null) {
            refuse(exchange, 404, "not found");
            return;
        }
        String method = exchange.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            refuse(exchange, 405, "method not allowed");
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Cache-Control", "no-cache");
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        HttpResponses.send(exchange, 200, file.contentType(), "HEAD".equals(method) ? new byte[0] : file.bytes());
    }

    /**
     * Whether the request is {@code GET path}; if not, it is answered here: 404 for a path below
     * {@code path} (the JDK server hands a context every path that starts with it), else 405.
     */
    static boolean isGet(HttpExchange exchange, String path) throws IOException {
        if (!path.equals(exchange.getRequestURI().getPath())) {
            refuse(exchange, 404, "not found");
            return false;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            refuse(exchange, 405, "method not allowed");
            return false;
        }
        return true;
    }

    /** A short plain-text error response. */
    static void refuse(HttpExchange exchange, int status, String message) throws IOException {
        HttpResponses.text(exchange, status, message + "\n");
    }

    private static PageFile load(String name, String contentType) {
        try (InputStream in = PageFiles.class.getResourceAsStream("/page/" + name)) {
            if (in == null) {
                throw new IllegalStateException("page/" + name + " is missing from the classpath");
            }
            return new PageFile(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read page/" + name + " from the classpath", e);
        }
    }
}
