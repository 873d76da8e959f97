package org.ftp2sms.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The counter families the stages share, so that one query covers the whole pipeline (docs/operations.md lists
 * every meter): {@code ftp2sms_rows_total{stage,outcome}} and {@code ftp2sms_files_total{stage,state}}. One
 * family has one set of tag keys, as Prometheus requires.
 */
public final class PipelineCounters {
    private PipelineCounters() {}

    /** Rows (messages, for the dispatcher) a stage finished with {@code outcome}. */
    public static Counter rows(MeterRegistry registry, String stage, String outcome) {
        return Counter.builder("ftp2sms.rows")
                .description("rows each stage finished, by outcome")
                .tag("stage", stage)
                .tag("outcome", outcome)
                .register(registry);
    }

    /** Files a stage left in {@code state} (uploads at the gateway, ingestion states at the row-splitter). */
    public static Counter files(MeterRegistry registry, String stage, String state) {
        return Counter.builder("ftp2sms.files")
                .description("files each stage finished, by state")
                .tag("stage", stage)
                .tag("state", state)
                .register(registry);
    }
}
