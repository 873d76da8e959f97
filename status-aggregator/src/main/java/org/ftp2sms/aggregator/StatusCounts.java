package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;

/**
 * {@code ftp2sms_statuses_total{code}}: every status the pipeline published, counted where they all pass. A code
 * outside {@link StatusCode} counts as {@code other}, so a bad event cannot grow the number of series. Counted
 * as read: a Streams task that is retried counts its records again (a counter, not a ledger; exports are exact).
 */
final class StatusCounts {
    private StatusCounts() {}

    static void count(MeterRegistry registry, Status status) {
        if (status == null) {
            return;
        }
        String code = StatusCode.byCode(status.statusCode())
                .map(c -> String.valueOf(c.code()))
                .orElse("other");
        Counter.builder("ftp2sms.statuses")
                .description("statuses published, by code")
                .tag("code", code)
                .register(registry)
                .increment();
    }
}
