package io.securemqtt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Who used the CPU during a run, from Linux's /proc: this JVM, the C clients it started (counted
 * once they have exited and been reaped), the broker, Docker's userland proxy that carries the
 * published port, and the machine as a whole. With 2 cores shared by all of them, this is what
 * tells whether a figure is limited by CPU or by waiting (the broker's window, round trips).
 * Elsewhere than on Linux, or for a process that is gone, the figures are simply missing.
 */
final class CpuMeter {

    /** USER_HZ: the unit of /proc's CPU times; 100 on every Linux that runs Docker. */
    private static final double TICKS_PER_SECOND = 100;

    private final List<Long> brokerPids;
    private final List<Long> proxyPids;

    CpuMeter(List<Long> brokerPids, List<Long> proxyPids) {
        this.brokerPids = brokerPids;
        this.proxyPids = proxyPids;
    }

    record Sample(long nanos, long jvm, long children, long broker, long proxy, long machineBusy, long machineTotal) {
    }

    /**
     * CPU used during a run, in cores (1.0 = one core busy all the time).
     *
     * @param machine all processes together, in cores; its limit is the machine's number of cores
     * @param seconds how long the measured part lasted
     */
    record Use(double jvm, double cClients, double broker, double proxy, double machine, double seconds) {

        /** CPU time per message, in microseconds: client (JVM + C processes), broker, proxy. */
        double[] microsPerMessage(double messagesPerSecond) {
            double scale = messagesPerSecond > 0 ? 1e6 / messagesPerSecond : Double.NaN;
            return new double[] {(jvm + cClients) * scale, broker * scale, proxy * scale};
        }

        /**
         * The broker's CPU time per message, in microseconds, over the whole measured part: for a
         * run with phases at different rates (queue, then drain), where no one rate applies.
         */
        double brokerMicrosPerMessage(long messages) {
            return messages > 0 ? broker * seconds * 1e6 / messages : Double.NaN;
        }

        String describe() {
            // No proxy is measured when the clients reach the broker without one (run.sh --bridge).
            return String.format(java.util.Locale.ROOT, "jvm %.2f c %.2f broker %.2f proxy %s all %.2f/%d",
                    jvm, cClients, broker, Double.isNaN(proxy) ? "-" : String.format(java.util.Locale.ROOT, "%.2f", proxy),
                    machine, Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * The CPU use of one run, over the part that is measured: from {@link Window#start} (the clock
     * starts) to {@link Window#end} (the last message arrived), not over connecting and waiting.
     * The C clients' CPU is known only once they have exited (Linux adds it to ours when they are
     * reaped), so theirs is over their whole life, start-up and TLS handshake included (a few ms).
     */
    final class Window {

        private final Sample outerStart = sample();
        private Sample start;
        private Sample end;

        void start() {
            start = sample();
        }

        void end() {
            end = sample();
        }

        Use use() {
            Sample outerEnd = sample();
            Sample a = start != null ? start : outerStart;
            Sample b = end != null ? end : outerEnd;
            Use inner = between(a, b);
            double seconds = (b.nanos() - a.nanos()) / 1e9;
            return new Use(inner.jvm(), cores(outerEnd.children() - outerStart.children(), seconds), inner.broker(), inner.proxy(), inner.machine(), seconds);
        }
    }

    Window window() {
        return new Window();
    }

    Sample sample() {
        long[] self = times(Path.of("/proc/self/stat"));
        long broker = brokerPids.stream().mapToLong(pid -> sum(times(Path.of("/proc/" + pid + "/stat")), 0, 2)).sum();
        long proxy = proxyPids.stream().mapToLong(pid -> sum(times(Path.of("/proc/" + pid + "/stat")), 0, 2)).sum();
        long busy = 0;
        long total = 0;
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                long v = Long.parseLong(cpu[i]);
                total += v;
                if (i != 4 && i != 5) { // idle, iowait
                    busy += v;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no machine figure
        }
        return new Sample(System.nanoTime(), sum(self, 0, 2), sum(self, 2, 4), broker, proxy, busy, total);
    }

    Use between(Sample a, Sample b) {
        double seconds = (b.nanos() - a.nanos()) / 1e9;
        double cores = Runtime.getRuntime().availableProcessors();
        double machine = b.machineTotal() > a.machineTotal()
                ? cores * (b.machineBusy() - a.machineBusy()) / (double) (b.machineTotal() - a.machineTotal()) : Double.NaN;
        return new Use(cores(b.jvm() - a.jvm(), seconds), cores(b.children() - a.children(), seconds),
                brokerPids.isEmpty() ? Double.NaN : cores(b.broker() - a.broker(), seconds),
                proxyPids.isEmpty() ? Double.NaN : cores(b.proxy() - a.proxy(), seconds), machine, seconds);
    }

    private static double cores(long ticks, double seconds) {
        return seconds <= 0 ? Double.NaN : ticks / TICKS_PER_SECOND / seconds;
    }

    /** utime, stime, cutime, cstime of a /proc/PID/stat, or zeros if unreadable. */
    private static long[] times(Path stat) {
        try {
            String text = Files.readString(stat);
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, so fields[11].
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]), Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException e) {
            return new long[4];
        }
    }

    private static long sum(long[] values, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum;
    }
}
