package io.securemqtt.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/**
 * The executor that ends Paho's start and stop sleeps. Paho's own loops are in the system tests
 * (every connection there goes through it); here a component written as Paho writes them.
 */
class PahoThreadsTest {

    private static final String RECEIVER = "org.eclipse.paho.mqttv5.client.internal.CommsReceiver";

    /**
     * Paho's pattern, with sleeps of a day instead of 100 ms: start a thread, then sleep until it runs;
     * stop it, then sleep until it has ended. Only a wake lets {@link #start} and {@link #stop} return.
     */
    static final class SleepyComponent implements Runnable {
        private final Object lifecycle = new Object();
        private boolean running;
        private boolean stopping;
        private volatile boolean interrupted;
        private Future<?> future;

        void start(ExecutorService threads) {
            owner = Thread.currentThread();
            synchronized (lifecycle) {
                future = threads.submit(this);
            }
            while (!isRunning()) {
                try { Thread.sleep(Duration.ofDays(1).toMillis()); } catch (Exception e) { }
            }
        }

        void stop() {
            synchronized (lifecycle) {
                future.cancel(true);
                stopping = true;
                lifecycle.notifyAll();
            }
            while (isRunning()) {
                try { Thread.sleep(Duration.ofDays(1).toMillis()); } catch (Exception e) { }
            }
        }

        boolean isRunning() {
            synchronized (lifecycle) {
                return running;
            }
        }

        /** The thread that started it, and stops it. */
        private volatile Thread owner;

        @Override
        public void run() {
            // Runs only once its owner sleeps, and ends only once it sleeps again: so that each
            // sleep must be woken, and never ends by itself before the component changes.
            untilAsleep(owner);
            synchronized (lifecycle) {
                running = true;
                while (!stopping) {
                    try {
                        lifecycle.wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            untilAsleep(owner);
            synchronized (lifecycle) {
                running = false;
            }
        }

        private static void untilAsleep(Thread thread) {
            while (thread.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
        }
    }

    private static final Predicate<StackTraceElement> SLEEPY_LOOPS = frame -> frame.getClassName().equals(SleepyComponent.class.getName())
            && (frame.getMethodName().equals("start") || frame.getMethodName().equals("stop"));

    @Test
    void aThreadSleepingUntilItsComponentRunsOrEndsIsWoken() {
        PahoThreads threads = new PahoThreads(SLEEPY_LOOPS);
        SleepyComponent component = new SleepyComponent();
        // The minute only keeps a broken build from hanging: unwoken, each sleep lasts a day.
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            component.start(threads);
            assertTrue(component.isRunning());
            component.stop();
        });
        assertFalse(component.isRunning());
        assertTrue(threads.wakes() >= 2, "wakes=" + threads.wakes());
        // A stop's cancel reaches the stopping thread only, never the component, as without an executor.
        assertFalse(component.interrupted);
        assertFalse(Thread.interrupted(), "the caller is left without a pending interrupt");
    }

    @Test
    void onlyASleepCalledStraightFromPahosStartOrStopIsInterrupted() {
        StackTraceElement sleep = frame(Thread.class.getName(), "sleep");
        StackTraceElement start = frame(RECEIVER, "start");
        StackTraceElement stop = frame("org.eclipse.paho.mqttv5.client.internal.CommsCallback", "stop");
        StackTraceElement quiesce = frame("org.eclipse.paho.mqttv5.client.internal.ClientState", "quiesce");
        StackTraceElement wait = frame(Object.class.getName(), "wait");
        Predicate<StackTraceElement> paho = PahoThreads.PAHO_WAIT_LOOPS;

        assertTrue(PahoThreads.sleepsIn(new StackTraceElement[] {sleep, start}, paho));
        // JDK 21 sleeps through more frames of Thread's own.
        assertTrue(PahoThreads.sleepsIn(new StackTraceElement[] {frame(Thread.class.getName(), "sleep0"), sleep, stop}, paho));
        // Paho's quiesce waits for messages in flight: never cut short, even inside a stop.
        assertFalse(PahoThreads.sleepsIn(new StackTraceElement[] {wait, quiesce, stop}, paho));
        assertFalse(PahoThreads.sleepsIn(new StackTraceElement[] {sleep, quiesce, stop}, paho));
        // Checking isRunning, not asleep.
        assertFalse(PahoThreads.sleepsIn(new StackTraceElement[] {frame(RECEIVER, "isRunning"), start}, paho));
        assertFalse(PahoThreads.sleepsIn(new StackTraceElement[] {sleep, frame(RECEIVER, "run")}, paho));

        assertTrue(PahoThreads.isIn(new StackTraceElement[] {frame(RECEIVER, "isRunning"), start}, paho));
        assertFalse(PahoThreads.isIn(new StackTraceElement[] {sleep, frame(RECEIVER, "run")}, paho));
    }

    @Test
    void pahosKeepAliveIsNotScheduledHere() {
        PahoThreads threads = new PahoThreads();
        assertThrows(UnsupportedOperationException.class, () -> threads.schedule(() -> { }, 1, TimeUnit.SECONDS));
    }

    private static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, null, -1);
    }
}
