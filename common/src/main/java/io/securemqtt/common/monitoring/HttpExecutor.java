package io.securemqtt.common.monitoring;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of {@link MonitoringServer}: a fixed number of workers with a bounded queue, and beside
 * them one thread that only answers 503 while the workers and the queue are full.
 *
 * <p>The JDK server hands its executor a task per request that first reads the request line and
 * headers, then runs the handler, so a slow client holds a worker for as long as the server's read
 * timeout lets it (see {@link JdkHttpServerLimits}). Event streams hold none: they are written by
 * threads of their own.
 *
 * <p>Once the overflow thread is busy too, the task is refused, and the JDK server closes the
 * connection without an answer: nothing waits without bound.
 */
final class HttpExecutor implements Executor {

    /**
     * How many threads, how many waiting requests, and how long a handler may run ({@link HandlerDeadline}).
     */
    record Limits(int threads, int queue, Duration handlerTime) {

        /** /health, /metrics and the page's small files take milliseconds; four threads serve many browsers. */
        static final Limits DEFAULT = new Limits(4, 16, Duration.ofSeconds(10));

        Limits {
            if (threads < 1 || queue < 1) {
                throw new IllegalArgumentException("threads and queue must be at least 1, got " + threads + " and " + queue);
            }
            if (handlerTime.isNegative() || handlerTime.isZero()) {
                throw new IllegalArgumentException("handler time must be positive, got " + handlerTime);
            }
        }
    }

    /** What happened to a request the workers could not take. */
    interface Overflow {
        /** The overflow thread will answer 503. */
        void busy();

        /** The overflow thread was busy too: the JDK server closes the connection. */
        void dropped();
    }

    private static final ThreadLocal<Boolean> SHEDDING = new ThreadLocal<>();

    private final ThreadPoolExecutor workers;
    /**
     * One 503 at a time. A permit rather than a one-thread pool on a SynchronousQueue: such a pool
     * refuses a task while its thread is between tasks, so a request that came just after a 503 was
     * dropped or not by chance; the permit is free exactly when the last 503 is done.
     */
    private final Semaphore overflowPermit = new Semaphore(1);
    private final ExecutorService overflow;
    private final Overflow counts;

    HttpExecutor(String name, Limits limits, Overflow counts) {
        this.counts = counts;
        this.workers = new ThreadPoolExecutor(limits.threads(), limits.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(limits.queue()), daemons(name + "-"), new ThreadPoolExecutor.AbortPolicy());
        // Idle workers end: a program nobody asks keeps no threads for it.
        this.workers.allowCoreThreadTimeOut(true);
        // Idle threads end after 60 s; the permit keeps it to one running at once.
        this.overflow = Executors.newCachedThreadPool(daemons(name + "-busy-"));
    }

    /**
     * @throws RejectedExecutionException when the workers, their queue and the overflow thread are all taken
     */
    @Override
    public void execute(Runnable task) {
        try {
            workers.execute(task);
            return;
        } catch (RejectedExecutionException full) {
            // fall through to the overflow thread
        }
        if (!overflowPermit.tryAcquire()) {
            counts.dropped();
            throw new RejectedExecutionException("the workers, their queue and the overflow thread are all taken");
        }
        try {
            overflow.execute(() -> {
                SHEDDING.set(Boolean.TRUE);
                try {
                    task.run();
                } finally {
                    SHEDDING.remove();
                    overflowPermit.release();
                }
            });
        } catch (RejectedExecutionException shutDown) {
            overflowPermit.release();
            counts.dropped();
            throw shutDown;
        }
        counts.busy();
    }

    /** True on the overflow thread: the request it reads is to be answered 503 at once. */
    static boolean shedding() {
        return SHEDDING.get() != null;
    }

    /** Workers running a request now. */
    int busyWorkers() {
        return workers.getActiveCount();
    }

    /** True when the overflow thread could answer 503 now. */
    boolean overflowIdle() {
        return overflowPermit.availablePermits() == 1;
    }

    /** Requests waiting for a worker. */
    int queued() {
        return workers.getQueue().size();
    }

    /** Interrupts what runs: a request cut short is repeated by its caller. */
    void shutdownNow() {
        workers.shutdownNow();
        overflow.shutdownNow();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            // A server nobody closed must not keep the JVM alive.
            thread.setDaemon(true);
            return thread;
        };
    }
}
