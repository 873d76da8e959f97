package org.ftp2sms.bench.jmh;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;

/**
 * CPU time per operation ({@code -prof org.ftp2sms.bench.jmh.ProcessCpuProfiler}): on a shared machine ops/s says
 * how much of a core the benchmark got as much as what it costs. {@code cpu.ns/op} is the whole forked JVM's
 * (garbage collection and compilation included, so a starved JIT still compiling inflates it), {@code
 * worker.cpu.ns/op} the benchmark threads' alone: the work of the code measured.
 */
public final class ProcessCpuProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long startNanos;
    private long startWorkerNanos;

    @Override
    public String getDescription() {
        return "process CPU time per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startWorkerNanos = workerCpuNanos();
        startNanos = os.getProcessCpuTime();
    }

    /** CPU time of JMH's benchmark threads ({@code …-jmh-worker-N}), which live as long as the fork. */
    private long workerCpuNanos() {
        long total = 0;
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().contains("-jmh-worker-")) {
                total += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return total;
    }

    @Override
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long cpuNanos = os.getProcessCpuTime() - startNanos;
        long workerNanos = workerCpuNanos() - startWorkerNanos;
        double ops = result.getMetadata().getAllOps();
        return List.of(
                new ScalarResult("cpu.ns/op", cpuNanos / ops, "ns/op", AggregationPolicy.AVG),
                new ScalarResult("worker.cpu.ns/op", workerNanos / ops, "ns/op", AggregationPolicy.AVG));
    }
}
