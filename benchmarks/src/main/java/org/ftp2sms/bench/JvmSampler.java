package org.ftp2sms.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples this JVM's CPU time (all threads: broker, stages, simulator) and heap in use every 20 ms, so that a
 * window found afterwards (upload start to the last status, read from the topics once the run is over) can be
 * charged its CPU and its peak heap without the reading itself counting.
 */
final class JvmSampler implements AutoCloseable {
    private static final long EVERY_MS = 20;

    private record Sample(long atMillis, long cpuNanos, long heapBytes) {
    }

    record Window(double cpuSeconds, long peakHeapBytes) {
    }

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread = new Thread(this::run, "jvm-sampler");
    private volatile boolean running = true;

    private JvmSampler() {
    }

    static JvmSampler start() {
        JvmSampler sampler = new JvmSampler();
        sampler.sample();
        sampler.thread.setDaemon(true);
        sampler.thread.start();
        return sampler;
    }

    private void run() {
        while (running) {
            sample();
            try {
                Thread.sleep(EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        Sample s = new Sample(System.currentTimeMillis(), os.getProcessCpuTime(), memory.getHeapMemoryUsage().getUsed());
        synchronized (samples) {
            samples.add(s);
        }
    }

    /** CPU spent and the highest heap seen between the two wall-clock instants (epoch milliseconds). */
    Window window(long fromMillis, long toMillis) {
        synchronized (samples) {
            Sample first = null;
            Sample last = null;
            long peak = 0;
            for (Sample s : samples) {
                if (s.atMillis() < fromMillis) {
                    first = s;
                    continue;
                }
                if (first == null) {
                    first = s;
                }
                if (s.atMillis() > toMillis + EVERY_MS) {
                    break;
                }
                last = s;
                peak = Math.max(peak, s.heapBytes());
            }
            if (first == null || last == null) {
                throw new IllegalStateException("no samples between " + fromMillis + " and " + toMillis);
            }
            return new Window((last.cpuNanos() - first.cpuNanos()) / 1e9, peak);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
