package io.securemqtt.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 by hand over a socket, for what {@link java.net.http.HttpClient} will not send: any
 * {@code Host} header, none at all, half a request, or a request a byte at a time.
 */
public final class RawHttp implements AutoCloseable {

    /** Longest any read of these tests waits for the server before failing: a bound, not a measurement. */
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final Socket socket;

    public RawHttp(int port) {
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One request with {@code Connection: close}; the whole answer, status line to body. */
    public static String exchange(int port, String requestLineAndHeaders) {
        try (RawHttp http = new RawHttp(port)) {
            http.send(requestLineAndHeaders + "Connection: close\r\n\r\n");
            return http.readToEnd();
        }
    }

    /** {@code GET path} for {@code host}: the whole answer. */
    public static String get(int port, String path, String host) {
        return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    }

    public void send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends one byte; false if the server has closed the connection, which a write notices only
     * after the peer's reset, so this also looks for the end of the stream without waiting.
     */
    public boolean sendByteIfOpen(int b) {
        try {
            if (closedByPeer()) {
                return false;
            }
            socket.getOutputStream().write(b);
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True once the server has closed the connection (end of stream or reset); false while it is open and silent. */
    public boolean closedByPeer() throws IOException {
        socket.setSoTimeout(1);
        try {
            int b = socket.getInputStream().read();
            if (b != -1) {
                throw new AssertionError("the server answered instead of closing: " + (char) b + readToEnd());
            }
            return true;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (SocketException reset) {
            return true;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
    }

    /** Everything until the server closes the connection; empty if it closed without a byte. */
    public String readToEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) != -1; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // the server closed the connection: what came before is the answer
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Sends {@code requestPrefix} a byte every {@code interval}, then {@code 'a'} bytes (a header
     * that never ends), until the server closes the connection; fails after {@code bound}.
     *
     * @return how many bytes were sent
     */
    public int trickleUntilClosed(String requestPrefix, Duration interval, Duration bound) {
        byte[] request = requestPrefix.getBytes(StandardCharsets.US_ASCII);
        int[] sent = {0};
        long[] lastByte = {System.nanoTime() - interval.toNanos()};
        Await.until(() -> {
            if (System.nanoTime() - lastByte[0] < interval.toNanos()) {
                return false;
            }
            lastByte[0] = System.nanoTime();
            if (!sendByteIfOpen(sent[0] < request.length ? request[sent[0]] : 'a')) {
                return true;
            }
            sent[0]++;
            return false;
        }, bound, "the server never closed a connection whose request arrived a byte every " + interval.toMillis() + " ms");
        return sent[0];
    }

    /** What the server sends until {@code fragment} has come; fails if the server closes first. */
    public String readUntil(String fragment) {
        StringBuilder received = new StringBuilder();
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (received.indexOf(fragment) < 0) {
                int n = in.read(buffer); // bounded by the socket's read timeout
                if (n == -1) {
                    throw new AssertionError("the server closed the connection before \"" + fragment + "\": " + received);
                }
                received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return received.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
