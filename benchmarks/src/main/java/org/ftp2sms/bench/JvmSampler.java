package org.ftp2sms.bench;

import org.ftp2sms.smsc.SmscSimulator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Samples this JVM's CPU time (all threads: broker, stages, simulator) and heap in use every 20 ms, so that a
 * window found afterwards (upload start to the last status, read from the topics once the run is over) can be
 * charged its CPU and its peak heap without the reading itself counting.
 */
final class JvmSampler implements AutoCloseable {
    private static final long EVERY_MS = 20;
    /** Prefixed to the groups of the SMSC simulator's threads. */
    static final String SIMULATOR = "SMSC simulator: ";

    private record Sample(long atMillis, long cpuNanos, long heapBytes, long afterGcBytes) {
    }

    /**
     * @param peakHeapBytes    heap in use, garbage included (G1 lets it grow towards the cap before collecting)
     * @param peakAfterGcBytes heap still in use after a collection: what the run really keeps
     */
    record Window(double cpuSeconds, long peakHeapBytes, long peakAfterGcBytes) {
    }

    /** Stage names in thread names: ids and numbers folded so that a stage's threads add up. */
    private static final Pattern IDS = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\\b[0-9a-f]{6,}\\b|\\d+");

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null).toList();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> threadCpuAtStart = new HashMap<>();
    private long processCpuAtStart;
    private long compilerCpuAtStart;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread = new Thread(this::run, "jvm-sampler");
    private volatile boolean running = true;

    private JvmSampler() {
    }

    /** A thread or client name with its ids and numbers folded to {@code #}. */
    static String fold(String name) {
        return IDS.matcher(name).replaceAll("#");
    }

    static JvmSampler start() {
        JvmSampler sampler = new JvmSampler();
        sampler.processCpuAtStart = sampler.os.getProcessCpuTime();
        sampler.compilerCpuAtStart = compilerCpuNanos();
        for (long id : sampler.threads.getAllThreadIds()) {
            sampler.threadCpuAtStart.put(id, Math.max(0, sampler.threads.getThreadCpuTime(id)));
        }
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
        long afterGc = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage usage = pool.getCollectionUsage();
            afterGc += usage == null ? 0 : usage.getUsed();
        }
        Sample s = new Sample(System.currentTimeMillis(), os.getProcessCpuTime(), memory.getHeapMemoryUsage().getUsed(), afterGc);
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
            long peakAfterGc = 0;
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
                peakAfterGc = Math.max(peakAfterGc, s.afterGcBytes());
            }
            if (first == null || last == null) {
                throw new IllegalStateException("no samples between " + fromMillis + " and " + toMillis);
            }
            return new Window((last.cpuNanos() - first.cpuNanos()) / 1e9, peak, peakAfterGc);
        }
    }

    /**
     * CPU seconds per group of threads (names with their ids and numbers folded: one stage's threads together)
     * since {@link #start}, the largest first, with two groups for the rest of the process's CPU: the JIT compiler
     * threads' (on Linux), and the remainder (GC and other JVM threads, Java threads that ended).
     */
    Map<String, Double> cpuByThreadGroup() {
        Map<String, Double> groups = new HashMap<>();
        Set<Long> simulator = simulatorThreadIds();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu <= 0) {
                continue;
            }
            long spent = cpu - threadCpuAtStart.getOrDefault(info.getThreadId(), 0L);
            String group = (simulator.contains(info.getThreadId()) ? SIMULATOR : "") + fold(info.getThreadName());
            groups.merge(group, spent / 1e9, Double::sum);
        }
        // The JVM's own threads (JIT compilers, GC) are not Java threads: the process's CPU less the Java threads'
        // is theirs (and that of Java threads that ended). The compilers' share is read from the kernel where it can
        // be.
        double javaThreads =
                groups.values().stream().mapToDouble(Double::doubleValue).sum();
        double own = (os.getProcessCpuTime() - processCpuAtStart) / 1e9 - javaThreads;
        long compilerCpu = compilerCpuNanos();
        if (compilerCpu >= 0 && compilerCpuAtStart >= 0) {
            double compiling = Math.min(own, (compilerCpu - compilerCpuAtStart) / 1e9);
            groups.put("(JIT compiler threads)", compiling);
            own -= compiling;
        }
        groups.put("(GC, other JVM threads, threads that ended)", own);
        Map<String, Double> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** The CPU seconds of {@link #cpuByThreadGroup} groups that are the SMSC simulator's threads. */
    static double simulatorSeconds(Map<String, Double> byGroup) {
        return byGroup.entrySet().stream()
                .filter(e -> e.getKey().startsWith(SIMULATOR))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    /** Threads of the simulator's thread group: jSMPP's server-side threads carry no name of their own. */
    private static Set<Long> simulatorThreadIds() {
        Set<Long> ids = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            for (ThreadGroup g = t.getThreadGroup(); g != null; g = g.getParent()) {
                if (g.getName().equals(SmscSimulator.THREAD_GROUP)) {
                    ids.add(t.getId());
                    break;
                }
            }
        }
        return ids;
    }

    /**
     * CPU time of the JIT compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}) from
     * {@code /proc/self/task/<tid>/stat} (user + system clock ticks, 100 per second on Linux); -1 where there is none.
     */
    private static long compilerCpuNanos() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long ticks = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
            for (Path task : dirs) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                int close = stat.lastIndexOf(')');
                String name = stat.substring(stat.indexOf('(') + 1, close);
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    String[] fields = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks * 10_000_000L;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
