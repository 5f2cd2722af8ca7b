package io.securemqtt.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/**
 * The executor that ends Paho's start sleeps. Paho's own loops are in the system tests
 * (every connection there goes through it); here a component written as Paho writes them.
 */
class PahoThreadsTest {

    private static final String RECEIVER = "org.eclipse.paho.mqttv5.client.internal.CommsReceiver";

    /**
     * Paho's pattern, with a sleep of a day instead of 100 ms: start a thread, then sleep until it
     * runs. Only a wake lets {@link #start} return. Its stop, as Paho's, gives up the state first and
     * cancels the future, so that its loop never sleeps.
     */
    static final class SleepyComponent implements Runnable {
        private final Object lifecycle = new Object();
        private boolean running;
        private boolean stopping;
        private volatile boolean interrupted;
        private Future<?> future;
        /** The thread that starts it. */
        private volatile Thread owner;
        private volatile boolean cancelled;

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
                cancelled = future.cancel(true);
                stopping = true;
                lifecycle.notifyAll();
            }
            while (isRunning()) {
                try { Thread.sleep(100); } catch (Exception e) { }
            }
        }

        boolean isRunning() {
            synchronized (lifecycle) {
                return running && !stopping;
            }
        }

        @Override
        public void run() {
            // Runs only once its owner sleeps: so that the sleep must be woken, and never ends by itself before the component runs.
            while (owner.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
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
        }
    }

    private static final Predicate<StackTraceElement> SLEEPY_LOOPS = frame -> frame.getClassName().equals(SleepyComponent.class.getName())
            && frame.getMethodName().equals("start");

    @Test
    void aThreadSleepingUntilItsComponentRunsIsWoken() throws Exception {
        PahoThreads threads = new PahoThreads(SLEEPY_LOOPS);
        SleepyComponent component = new SleepyComponent();
        // The minute only keeps a broken build from hanging: unwoken, the sleep lasts a day.
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            component.start(threads);
            assertTrue(component.isRunning());
            component.stop();
            component.future.get();
        });
        assertTrue(threads.wakes() >= 1, "wakes=" + threads.wakes());
        // A stop's cancel reaches nobody, as without an executor.
        assertFalse(component.cancelled);
        assertFalse(component.interrupted);
    }

    /** Paho's stop may cancel a component whose thread has not run yet: it must run all the same, or Paho's start waits for it for good. */
    @Test
    void aComponentCancelledBeforeItsThreadRunsStillRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<String> component = new PahoThreads(SLEEPY_LOOPS).submit(() -> {
            release.await();
            return "ran";
        });
        assertFalse(component.cancel(true));
        assertFalse(component.isCancelled());
        release.countDown();
        assertEquals("ran", component.get(1, TimeUnit.MINUTES));
    }

    @Test
    void onlyASleepCalledStraightFromPahosStartIsInterrupted() {
        StackTraceElement sleep = frame(Thread.class.getName(), "sleep");
        StackTraceElement start = frame(RECEIVER, "start");
        StackTraceElement callbackStart = frame("org.eclipse.paho.mqttv5.client.internal.CommsCallback", "start");
        StackTraceElement stop = frame("org.eclipse.paho.mqttv5.client.internal.CommsCallback", "stop");
        StackTraceElement quiesce = frame("org.eclipse.paho.mqttv5.client.internal.ClientState", "quiesce");
        StackTraceElement wait = frame(Object.class.getName(), "wait");
        Predicate<StackTraceElement> paho = PahoThreads.PAHO_WAIT_LOOPS;

        assertTrue(PahoThreads.sleepsIn(new StackTraceElement[] {sleep, start}, paho));
        // JDK 21 sleeps through more frames of Thread's own.
        assertTrue(PahoThreads.sleepsIn(new StackTraceElement[] {frame(Thread.class.getName(), "sleep0"), sleep, callbackStart}, paho));
        // A stop never sleeps in its loop (it gives up the state first): nothing there to wake.
        assertFalse(PahoThreads.sleepsIn(new StackTraceElement[] {sleep, stop}, paho));
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
