package io.securemqtt.common.monitoring;

import java.time.Duration;
import java.util.Map;

/**
 * The limits of the JDK's own HTTP server ({@code sun.net.httpserver.ServerImpl}) against slow and
 * idle clients. It has no API for them, only system properties, which its classes read once, when the
 * JVM creates its first server: {@link #apply} must run before that, and {@link MonitoringServer}
 * calls it from its static initializer. A property already set (e.g. with {@code -D} in
 * {@code JAVA_TOOL_OPTIONS}) is left as it is.
 *
 * <p>Checked in the JDKs this project runs on, 17.0.15 (the build's and tests') and 21.0.13 (the
 * images'): both read all of these, with times in seconds, except {@code clockTick} in
 * milliseconds. How they act (JDK 17u and 21u {@code ServerImpl}):
 *
 * <ul>
 * <li>{@code sun.net.httpserver.maxReqTime}: a connection whose request line, headers and body have
 *     not all arrived this long after its first byte is closed (checked every second). This cuts off
 *     a client that sends its headers a byte at a time, which would otherwise hold one of our
 *     {@link HttpExecutor} threads for ever: that thread reads the headers. A connection that sends
 *     nothing at all is closed after the same time.
 * <li>{@code sun.net.httpserver.maxRspTime} is deliberately NOT set: a connection counts as "in its
 *     response" until the response ends, so it would cut every server-sent event stream
 *     ({@code /events}) after that time.
 * <li>{@code jdk.httpserver.maxConnections}: past this many open connections (of this server: idle,
 *     reading, answering or streaming), a new one is closed as soon as it is accepted.
 * <li>{@code sun.net.httpserver.idleInterval} and {@code maxIdleConnections}: a kept-alive connection
 *     with no request for this long is closed, and no more than this many are kept.
 * <li>{@code sun.net.httpserver.maxReqHeaders} and {@code maxReqHeaderSize}: a request with more
 *     headers or more header bytes is dropped while it is read, so a connection's buffer stays small.
 * </ul>
 */
final class JdkHttpServerLimits {

    /** Time for a whole request to arrive. No client of ours needs more than a few milliseconds. */
    static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(10);
    /** Open connections per server: the page's 32 event streams, and room for everything else. */
    static final int MAX_CONNECTIONS = 64;
    /** A kept-alive connection's life without a request. */
    static final Duration IDLE_INTERVAL = Duration.ofSeconds(30);
    static final int MAX_IDLE_CONNECTIONS = 16;
    /** How often idle connections are looked for (the JDK's default is 10 s). */
    static final Duration CLOCK_TICK = Duration.ofSeconds(1);
    static final int MAX_REQUEST_HEADERS = 64;
    /** Room for a browser's headers, cookies of other programs on localhost included. */
    static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;

    static final Map<String, String> PROPERTIES = Map.of(
            "sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_TIME.toSeconds()),
            "jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS),
            "sun.net.httpserver.idleInterval", Long.toString(IDLE_INTERVAL.toSeconds()),
            "sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE_CONNECTIONS),
            "sun.net.httpserver.clockTick", Long.toString(CLOCK_TICK.toMillis()),
            "sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_REQUEST_HEADERS),
            "sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_REQUEST_HEADER_BYTES));

    private JdkHttpServerLimits() {
    }

    /** Sets each property not set yet; only the JVM's first HTTP server reads them. */
    static synchronized void apply() {
        PROPERTIES.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }
}
