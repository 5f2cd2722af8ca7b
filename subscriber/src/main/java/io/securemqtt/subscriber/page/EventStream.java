package io.securemqtt.subscriber.page;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;

/**
 * One browser's {@code text/event-stream}, written by a thread of its own from a bounded queue of
 * frames, so that nothing that happens to the browser reaches the thread that queues for it: Paho's
 * callback thread only ever {@link #offer}s, which never waits. A browser that stops reading fills its
 * queue, and is then {@link #drop}ped.
 *
 * <p>The queue is bounded in frames and in bytes: a frame counts from when it is queued until it has
 * been written, so the frame the writer is busy with counts too. Frames are UTF-8 bytes, made once
 * and shared by every browser's queue.
 */
final class EventStream {

    /** A comment line: proxies see traffic and keep the stream open; a dead browser fails the write. */
    static final String HEARTBEAT = ": keep-alive\n\n";
    private static final byte[] HEARTBEAT_BYTES = HEARTBEAT.getBytes(StandardCharsets.UTF_8);

    /** Why a stream ended, for the one log line that says so. */
    interface Ending {
        void ended(EventStream stream, String reason);
    }

    private final HttpExchange exchange;
    private final BlockingQueue<byte[]> frames;
    private final long maxBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Duration heartbeat;
    private final Ending ending;
    private final Thread writer;
    private volatile String dropReason;

    /**
     * @param firstFrame written as soon as the response starts: the reconnect delay and the replayed
     *                   articles; it counts against {@code maxBytes} like any other frame
     * @param capacity   frames that may wait for this browser before it counts as stuck
     * @param maxBytes   bytes of frames that may wait for this browser before it counts as stuck
     */
    EventStream(HttpExchange exchange, byte[] firstFrame, int capacity, long maxBytes, Duration heartbeat, String threadName,
            Ending ending) {
        this.exchange = exchange;
        this.frames = new ArrayBlockingQueue<>(capacity + 1);
        this.maxBytes = maxBytes;
        this.frames.add(firstFrame);
        this.queuedBytes.set(firstFrame.length);
        this.heartbeat = heartbeat;
        this.ending = ending;
        this.writer = new Thread(this::run, threadName);
        // A browser tab left open must not keep the subscriber's JVM alive after it is told to stop.
        this.writer.setDaemon(true);
    }

    void start() {
        writer.start();
    }

    /** Queues a frame without ever waiting; false if this browser already has too many frames or bytes waiting. */
    boolean offer(byte[] frame) {
        if (dropReason != null) {
            return false;
        }
        // Reserved before queuing, so that the writer, which gives the bytes back, never sees them unreserved.
        if (queuedBytes.addAndGet(frame.length) > maxBytes || !frames.offer(frame)) {
            queuedBytes.addAndGet(-frame.length);
            return false;
        }
        return true;
    }

    /** Bytes queued for this browser and not yet written. */
    long queuedBytes() {
        return queuedBytes.get();
    }

    /**
     * Ends the stream without waiting for it. The interrupt wakes a writer that waits for frames, and
     * closes the connection under one blocked in a write (the JDK server writes to an interruptible
     * {@link java.nio.channels.SocketChannel}), so a stuck browser cannot hold its thread either.
     */
    void drop(String reason) {
        dropReason = reason;
        writer.interrupt();
    }

    String remote() {
        return String.valueOf(exchange.getRemoteAddress());
    }

    private void run() {
        String reason = "closed";
        try {
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", "text/event-stream; charset=utf-8");
            headers.set("Cache-Control", "no-store");
            // Reverse proxies (nginx) would otherwise buffer the stream and deliver articles in bursts.
            headers.set("X-Accel-Buffering", "no");
            headers.set("X-Content-Type-Options", "nosniff");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            while (dropReason == null) {
                byte[] frame = frames.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                body.write(frame == null ? HEARTBEAT_BYTES : frame);
                body.flush();
                if (frame != null) {
                    queuedBytes.addAndGet(-frame.length);
                }
            }
        } catch (IOException e) {
            reason = "connection closed (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            // Keep the interrupt: the close below then cuts the connection instead of writing to it.
            Thread.currentThread().interrupt();
        } finally {
            ending.ended(this, dropReason != null ? dropReason : reason);
            exchange.close();
        }
    }
}
