package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ftp2sms_statuses_total{code}}: every status the pipeline published, counted where they all pass. A code
 * outside {@link StatusCode} counts as {@code other}, so a bad event cannot grow the number of series. Counted
 * as read: a Streams task that is retried counts its records again (a counter, not a ledger; exports are exact).
 * Each code's counter is looked up in the registry once, not for every status (that was a tenth of the aggregator's
 * stream thread).
 */
final class StatusCounts {
    private static final int OTHER = -1;
    private final MeterRegistry registry;
    private final Map<Integer, Counter> byCode = new ConcurrentHashMap<>();

    StatusCounts(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(Status status) {
        if (status == null) {
            return;
        }
        // Keyed by known codes only: unknown ones share one entry, so the map is as bounded as the series.
        int key = StatusCode.byCode(status.statusCode()).map(StatusCode::code).orElse(OTHER);
        byCode.computeIfAbsent(key, this::counter).increment();
    }

    private Counter counter(int key) {
        String code = key == OTHER ? "other" : String.valueOf(key);
        return Counter.builder("ftp2sms.statuses")
                .description("statuses published, by code")
                .tag("code", code)
                .register(registry);
    }
}
