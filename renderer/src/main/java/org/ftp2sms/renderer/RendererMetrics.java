package org.ftp2sms.renderer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.ftp2sms.service.PipelineCounters;
import org.ftp2sms.service.Unreadable;

import java.util.Map;

/** The renderer's counters, counted once a batch's transaction committed. */
final class RendererMetrics {
    private final MeterRegistry registry;
    private final Counter messages;
    private final Counter unreadable;
    private final Counter refused;
    private final Counter abortedBatches;
    private final Counter templateTimeouts;
    private final Counter earlyCommits;

    RendererMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.messages = rows(registry, "message");
        this.unreadable = rows(registry, "unreadable");
        this.refused = rows(registry, "refused");
        this.abortedBatches = Counter.builder("ftp2sms.renderer.aborted.batches")
                .description("batches whose transaction was aborted and retried").register(registry);
        this.templateTimeouts = Counter.builder("ftp2sms.renderer.template.timeouts")
                .description("renders stopped by the render-time guard (counted at once, committed or not)").register(registry);
        this.earlyCommits = Counter.builder("ftp2sms.renderer.early.commits")
                .description("transactions committed before the end of their batch, its time budget used").register(registry);
    }

    void rendered(int messageCount, Map<String, Integer> refusalsByReason, int unreadableCount) {
        messages.increment(messageCount);
        unreadable.increment(unreadableCount);
        refusalsByReason.forEach((reason, count) -> {
            refused.increment(count);
            Counter.builder("ftp2sms.renderer.refusals")
                    .tag("reason", reason)
                    .description("rows refused by the renderer, by status reason")
                    .register(registry)
                    .increment(count);
        });
    }

    /** The log line and the common unreadable-records counter; the renderer's own count follows at commit. */
    void skipped(Unreadable unreadable) {
        unreadable.report(registry);
    }

    void abortedBatch() {
        abortedBatches.increment();
    }

    void templateTimeout() {
        templateTimeouts.increment();
    }

    void earlyCommit() {
        earlyCommits.increment();
    }

    private static Counter rows(MeterRegistry registry, String outcome) {
        return PipelineCounters.rows(registry, "renderer", outcome);
    }
}
