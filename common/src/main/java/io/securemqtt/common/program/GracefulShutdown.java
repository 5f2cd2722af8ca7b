package io.securemqtt.common.program;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM (docker stop) into an orderly stop of the main thread.
 *
 * <p>The JVM runs shutdown hooks and then halts, whatever other threads are doing. So the hook only
 * tells the main thread to stop and then waits, up to a limit, for the main thread to say it has
 * disconnected; cleanup stays in ordinary try-with-resources code on the main thread.
 *
 * <pre>{@code
 * GracefulShutdown shutdown = GracefulShutdown.install();
 * try (var client = ...) {
 *     shutdown.awaitRequest();
 * } finally {
 *     shutdown.completed();
 * }
 * }</pre>
 */
final class GracefulShutdown {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    /** Docker waits 10 s between SIGTERM and SIGKILL; finish well inside that. */
    private static final Duration CLEANUP_LIMIT = Duration.ofSeconds(8);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch completed = new CountDownLatch(1);

    GracefulShutdown() {
    }

    /** Registers the JVM shutdown hook. */
    static GracefulShutdown install() {
        GracefulShutdown shutdown = new GracefulShutdown();
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::onSignal, "shutdown"));
        return shutdown;
    }

    void onSignal() {
        if (completed.getCount() == 0) {
            return; // the main thread has finished and is exiting on its own, e.g. System.exit(2)
        }
        log.info("stop requested (SIGTERM or Ctrl-C), shutting down");
        requested.countDown();
        try {
            if (!completed.await(CLEANUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("cleanup did not finish within {} s, exiting anyway", CLEANUP_LIMIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks for a stop without a signal, e.g. from a test. */
    void request() {
        requested.countDown();
    }

    boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Blocks until a stop is requested. */
    void awaitRequest() throws InterruptedException {
        requested.await();
    }

    /**
     * Sleeps for {@code duration} unless a stop is requested first.
     *
     * @return true if a stop was requested
     */
    boolean awaitRequest(Duration duration) throws InterruptedException {
        return requested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Tells the shutdown hook that cleanup is done, so the JVM may exit. */
    void completed() {
        completed.countDown();
    }
}
