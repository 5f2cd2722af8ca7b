package io.securemqtt.common.monitoring;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;

/**
 * One whole answer to an {@link HttpExchange}, as every handler of the project's HTTP server writes it:
 * status, {@code Content-Type}, a body of known length (none if empty), then the exchange closed. Other
 * headers are the caller's, set before.
 */
public final class HttpResponses {

    /** Plain UTF-8 text, e.g. {@code /health} and every error. */
    public static final String TEXT = "text/plain; charset=utf-8";

    private HttpResponses() {
    }

    /** @param body the whole body; empty for none, e.g. to answer HEAD */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        try (exchange) {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** {@code text} as {@link #TEXT}. */
    public static void text(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }
}
