package io.securemqtt.common.monitoring;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off a handler of {@link MonitoringServer} that runs longer than its time, which in practice is
 * a client that does not read its answer: the handler's thread is then blocked writing to it, and
 * one such client per thread would stop the server. The JDK server's own response timeout
 * ({@code sun.net.httpserver.maxRspTime}) cannot do it: it would also end every event stream.
 *
 * <p>The thread is interrupted: the JDK server writes to a blocking {@link java.nio.channels.SocketChannel},
 * which an interrupt closes, so the write fails and the thread is free. An event stream is written by
 * a thread of its own, its handler returns at once, and it is never cut here.
 */
final class HandlerDeadline implements AutoCloseable {

    /** The work of a handler, which may fail as a handler does. */
    interface Work {
        void run() throws IOException;
    }

    private final Duration limit;
    private final Runnable onCut;
    private final ScheduledThreadPoolExecutor timer;

    /**
     * @param onCut told on the timer's thread each time a handler is cut off, e.g. to count it
     */
    HandlerDeadline(String name, Duration limit, Runnable onCut) {
        this.limit = limit;
        this.onCut = onCut;
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, name + "-deadline");
            thread.setDaemon(true);
            return thread;
        });
        // Nearly every handler ends in time: its cancelled deadline must not wait in the queue for the limit.
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code work} on this thread, interrupting it if it is still running after the limit. */
    void run(Work work) throws IOException {
        Running running = new Running(Thread.currentThread());
        ScheduledFuture<?> deadline = timer.schedule(running::cut, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            work.run();
        } finally {
            running.finish();
            deadline.cancel(false);
            // An interrupt that came as the work ended must not close the next connection this pooled thread serves.
            Thread.interrupted();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One handler's run: the timer interrupts its thread only while it still runs. */
    private final class Running {

        private final Thread thread;
        private boolean finished;

        Running(Thread thread) {
            this.thread = thread;
        }

        synchronized void cut() {
            if (!finished) {
                thread.interrupt();
                onCut.run();
            }
        }

        synchronized void finish() {
            finished = true;
        }
    }
}
