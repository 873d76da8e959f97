package org.ftp2sms.standalone;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The naming rule and the dashboard check catch what they are for, on a real Prometheus registry's scrape. */
class MetricsScrapeTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void namesOfTheRuleArePassedAndTheOldMixedNamesAreNot() {
        Counter.builder("ftp2sms.rows")
                .tag("stage", "renderer")
                .tag("outcome", "message")
                .register(registry)
                .increment();
        Timer.builder("ftp2sms.dispatcher.upload.to.submit")
                .publishPercentileHistogram()
                .register(registry)
                .record(Duration.ofSeconds(2));
        Gauge.builder("ftp2sms.kafka.consumer.lag.max", () -> 3).register(registry);
        Counter.builder("ftp2sms_webhooks_finished").register(registry).increment();
        Gauge.builder("ftp2sms.kafka.producer.request.latency.ms", () -> 5).register(registry);
        Gauge.builder("ftp2sms.kafka.producer.records.per.second", () -> 5).register(registry);

        MetricsScrape scrape = MetricsScrape.parse(registry.scrape());

        assertThat(scrape.sum("ftp2sms_rows_total", "stage", "renderer")).isEqualTo(1);
        assertThat(scrape.sum("ftp2sms_dispatcher_upload_to_submit_seconds_count"))
                .isEqualTo(1);
        assertThat(scrape.namingViolations())
                .hasSize(3)
                .allSatisfy(v -> assertThat(v).doesNotContain("ftp2sms_rows_total", "upload_to_submit", "lag_max"));
        assertThat(scrape.namingViolations())
                .anyMatch(v -> v.startsWith("ftp2sms_webhooks_finished_total: not ftp2sms_"))
                .anyMatch(v -> v.startsWith("ftp2sms_kafka_producer_request_latency_ms: 'ms'"))
                .anyMatch(v -> v.startsWith("ftp2sms_kafka_producer_records_per_second: 'per'"));
    }

    @Test
    void aDashboardQueryOfAMetricThatIsNotScrapedIsFound(@TempDir Path dir) throws Exception {
        Counter.builder("ftp2sms.rows")
                .tag("stage", "renderer")
                .tag("outcome", "message")
                .register(registry)
                .increment();
        Path dashboard = dir.resolve("dashboard.json");
        Files.writeString(dashboard, """
                {"panels": [{"targets": [
                  {"expr": "sum by (stage) (rate(ftp2sms_rows_total{namespace=\\"$namespace\\"}[5m]))"},
                  {"expr": "sum(rate(ftp2sms_dedupe_rows_total[5m]))"}]}]}
                """);

        assertThat(MetricsScrape.parse(registry.scrape()).missingFromDashboard(dashboard))
                .containsExactly("ftp2sms_dedupe_rows_total");
    }
}
