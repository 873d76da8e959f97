package org.ftp2sms.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record a reader could not read and skips: where it is, who skipped it and why. {@link #report} writes the
 * one log line and counts it ({@code ftp2sms_unreadable_records_total{topic,reader}}); the reader then goes on.
 *
 * @param reason one line, never the record's content (it may hold personal data)
 */
public record Unreadable(String topic, int partition, long offset, String reader, String reason) {
    private static final Logger log = LoggerFactory.getLogger(Unreadable.class);

    public Unreadable {
        reason = reason == null ? "unknown" : firstLine(reason);
    }

    /** Logs and counts it on the global registry (every service's /metrics includes it, see ServiceRunner). */
    public Unreadable report() {
        return report(Metrics.globalRegistry);
    }

    public Unreadable report(MeterRegistry registry) {
        log.warn("skipped an unreadable record topic={} partition={} offset={} reader={}: {}", topic, partition,
                offset, reader, reason);
        Counter.builder("ftp2sms.unreadable.records").description("records a reader could not read and skipped")
                .tag("topic", topic).tag("reader", reader).register(registry).increment();
        return this;
    }

    /** The reason of an exception, without the record's bytes Jackson quotes in its messages. */
    public static String reasonOf(Throwable e) {
        String message = e.getMessage() == null ? "" : firstLine(e.getMessage());
        int quote = message.indexOf(" at [Source");
        if (quote >= 0) {
            message = message.substring(0, quote);
        }
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
