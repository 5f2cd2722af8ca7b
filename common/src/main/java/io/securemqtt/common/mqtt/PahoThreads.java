package io.securemqtt.common.mqtt;

import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The threads a Paho client runs on: one new thread for each task, as Paho makes them when it is
 * given no executor, except that a thread waiting in Paho's start of a component is woken as soon
 * as it may go on.
 *
 * <p>Why: Paho 1.2.5 starts its receiver, sender and callback threads, each with
 * {@code while (!isRunning()) Thread.sleep(100)}. The thread started is running within
 * microseconds, but the first check comes sooner, so every start costs a whole 100 ms: 300 ms of a
 * connect. Paho catches the {@link InterruptedException} of these sleeps and checks again, so an
 * interrupt ends the wait at once. Paho hands this executor each component as it starts it
 * ({@code submit}): from then on, until the starting thread has left that start (at most
 * {@link #WAKE_FOR_MILLIS}), a waker looks at the thread every {@link #POLL_MICROS} µs and interrupts
 * it only while it sleeps in one of these loops, as its stack shows. The components themselves are
 * never interrupted. (Paho's stops need nothing: they give up the component's state before their
 * loop, which then never sleeps. The 100 ms a disconnect cost is another sleep, which
 * {@link MqttConnections#disconnectQuietly} keeps off its caller.)
 *
 * <p>An interrupt can still arrive just after the thread woke on its own, between the look and the
 * interrupt: then the thread carries it into its next sleep (the next component's start, which
 * checks again at once), or out of Paho's connect, where nothing waits before the thread ends.
 *
 * <p>Paho's scheduling ({@code schedule...}) is not offered: its keep-alive gets its own timer,
 * {@link MqttConnections#newClient} gives it one.
 */
final class PahoThreads extends AbstractExecutorService implements ScheduledExecutorService {

    /** How often a waiting thread is looked at: about as long as Paho's thread takes to be running. */
    static final long POLL_MICROS = 500;
    /**
     * How long a start is helped. Far longer than a thread takes to run; should the component end
     * before Paho ever sees it running (Paho's start then loops for good), its own polling goes on alone.
     */
    static final long WAKE_FOR_MILLIS = 1_000;

    /** Paho's components whose {@code start} waits in a sleep loop. */
    private static final Set<String> COMPONENTS = Set.of(
            "org.eclipse.paho.mqttv5.client.internal.CommsReceiver",
            "org.eclipse.paho.mqttv5.client.internal.CommsSender",
            "org.eclipse.paho.mqttv5.client.internal.CommsCallback");

    /** The frames of Paho's wait loops. */
    static final Predicate<StackTraceElement> PAHO_WAIT_LOOPS = frame -> COMPONENTS.contains(frame.getClassName())
            && frame.getMethodName().equals("start");

    /** The one waker of the JVM: it only ever looks at stacks and interrupts. */
    private static final ScheduledExecutorService WAKER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "paho-wait-waker");
        thread.setDaemon(true);
        return thread;
    });

    private final Predicate<StackTraceElement> waitLoops;
    private final AtomicLong wakes = new AtomicLong();
    /** The threads being looked at: one look at a time each, so that one sleep gets one interrupt. */
    private final Set<Thread> watched = ConcurrentHashMap.newKeySet();

    /** For Paho's clients. */
    PahoThreads() {
        this(PAHO_WAIT_LOOPS);
    }

    /** @param waitLoops the frames whose sleeps may be interrupted (tests name their own) */
    PahoThreads(Predicate<StackTraceElement> waitLoops) {
        this.waitLoops = waitLoops;
    }

    /** How many sleeps were ended early: for tests. */
    long wakes() {
        return wakes.get();
    }

    /** A thread of its own, as Paho starts one: not a daemon, named by Paho's task itself. */
    @Override
    public void execute(Runnable task) {
        new Thread(task).start();
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable task, T value) {
        wakeWhileWaiting(Thread.currentThread());
        return new Component<>(task, value);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> task) {
        wakeWhileWaiting(Thread.currentThread());
        return new Component<>(task);
    }

    /** A started component, on its own thread as without an executor. */
    private final class Component<T> extends FutureTask<T> {
        Component(Runnable task, T value) {
            super(task, value);
        }

        Component(Callable<T> task) {
            super(task);
        }

        /** Without an executor, Paho's thread would die of it where the JVM reports it: so does this one. */
        @Override
        protected void setException(Throwable failure) {
            super.setException(failure);
            Thread thread = Thread.currentThread();
            thread.getUncaughtExceptionHandler().uncaughtException(thread, failure);
        }

        /**
         * Does nothing, as there is nothing to cancel without an executor: Paho's stop cancels the
         * future, and a task cancelled before its thread runs would never run at all, leaving Paho's
         * start waiting for it for good. Paho stops the component through its own state.
         */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }
    }

    private void wakeWhileWaiting(Thread thread) {
        if (watched.add(thread)) {
            new Waking(thread, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAKE_FOR_MILLIS)).next();
        }
    }

    /** Looks at one thread until it has left the wait loop it is in. */
    private final class Waking implements Runnable {
        private final Thread thread;
        private final long until;

        Waking(Thread thread, long until) {
            this.thread = thread;
            this.until = until;
        }

        void next() {
            WAKER.schedule(this, POLL_MICROS, TimeUnit.MICROSECONDS);
        }

        @Override
        public void run() {
            StackTraceElement[] stack = thread.getStackTrace();
            if (sleepsIn(stack, waitLoops)) {
                thread.interrupt();
                wakes.incrementAndGet();
            }
            if (isIn(stack, waitLoops) && System.nanoTime() - until < 0) {
                next();
                return;
            }
            watched.remove(thread);
            // The thread may have entered its next start since the look, and found itself still watched.
            if (isIn(thread.getStackTrace(), waitLoops) && System.nanoTime() - until < 0 && watched.add(thread)) {
                next();
            }
        }
    }

    /** Whether the innermost frame below {@link Thread}'s own is a wait loop's, and it is sleeping. */
    static boolean sleepsIn(StackTraceElement[] stack, Predicate<StackTraceElement> waitLoops) {
        boolean sleeping = false;
        int frame = 0;
        for (; frame < stack.length && stack[frame].getClassName().equals(Thread.class.getName()); frame++) {
            sleeping |= stack[frame].getMethodName().startsWith("sleep");
        }
        return sleeping && frame < stack.length && waitLoops.test(stack[frame]);
    }

    /** Whether the thread is anywhere inside a wait loop's method, e.g. still submitting before its loop. */
    static boolean isIn(StackTraceElement[] stack, Predicate<StackTraceElement> waitLoops) {
        for (StackTraceElement frame : stack) {
            if (waitLoops.test(frame)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void shutdown() {
        // Nothing to shut down: every task has a thread of its own, which ends with it.
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("Paho's keep-alive has a timer of its own");
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("Paho's keep-alive has a timer of its own");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("Paho's keep-alive has a timer of its own");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("Paho's keep-alive has a timer of its own");
    }
}
