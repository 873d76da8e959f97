package org.ftp2sms.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka's own producer and consumer metrics that an operator watches (consumer lag, consumption and send rates,
 * errors, request latency) as {@code ftp2sms_kafka_*} gauges tagged with the client id. Kafka creates one reporter
 * per client ({@code metric.reporters}, set by {@link KafkaSettings#producer} and {@link KafkaSettings#consumer}),
 * so every client a stage builds is covered without the stage doing anything; the process's registry is given
 * once by {@link ServiceRunner}. Kafka Streams clients are covered by {@code StreamsApp}'s own binder.
 */
public final class KafkaClientMeters implements MetricsReporter {
    /** group/name of a Kafka metric, with the exact tags it must carry (one tag set per meter name). */
    private record Wanted(String group, String name, Set<String> tags, String meter) {
    }

    private static final List<Wanted> WANTED = List.of(
            new Wanted("consumer-fetch-manager-metrics", "records-lag-max", Set.of("client-id"), "ftp2sms.kafka.consumer.lag.max"),
            new Wanted("consumer-fetch-manager-metrics", "records-lag", Set.of("client-id", "topic", "partition"),
                    "ftp2sms.kafka.consumer.lag"),
            new Wanted("consumer-fetch-manager-metrics", "records-consumed-rate", Set.of("client-id"),
                    "ftp2sms.kafka.consumer.records.per.second"),
            new Wanted("producer-metrics", "record-send-rate", Set.of("client-id"), "ftp2sms.kafka.producer.records.per.second"),
            new Wanted("producer-metrics", "record-error-rate", Set.of("client-id"), "ftp2sms.kafka.producer.errors.per.second"),
            new Wanted("producer-metrics", "request-latency-avg", Set.of("client-id"), "ftp2sms.kafka.producer.request.latency.ms"));

    private static volatile MeterRegistry registry;
    private final Map<MetricName, Meter.Id> registered = new ConcurrentHashMap<>();

    /** The registry the process's Kafka clients report into from now on; null stops reporting new clients. */
    public static void bindTo(MeterRegistry processRegistry) {
        registry = processRegistry;
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
        metrics.forEach(this::metricChange);
    }

    @Override
    public void metricChange(KafkaMetric metric) {
        MeterRegistry target = registry;
        MetricName name = metric.metricName();
        if (target == null || registered.containsKey(name)) {
            return;
        }
        for (Wanted wanted : WANTED) {
            if (wanted.group().equals(name.group()) && wanted.name().equals(name.name())
                    && wanted.tags().equals(name.tags().keySet())) {
                Tags tags = Tags.empty();
                for (Map.Entry<String, String> tag : name.tags().entrySet()) {
                    tags = tags.and(tag.getKey().replace('-', '.'), tag.getValue());
                }
                Gauge gauge = Gauge.builder(wanted.meter(), metric, KafkaClientMeters::value).tags(tags)
                        .description(name.description()).strongReference(true).register(target);
                registered.put(name, gauge.getId());
            }
        }
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
        Meter.Id id = registered.remove(metric.metricName());
        MeterRegistry target = registry;
        if (id != null && target != null) {
            target.remove(id);
        }
    }

    @Override
    public void close() {
        MeterRegistry target = registry;
        if (target != null) {
            registered.values().forEach(target::remove);
        }
        registered.clear();
    }

    private static double value(KafkaMetric metric) {
        return metric.metricValue() instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
