package org.ftp2sms.service;

import io.micrometer.core.instrument.FunctionCounter;
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
 * Kafka's own producer and consumer metrics that an operator watches (consumer lag, records consumed and sent,
 * send errors, request latency) as {@code ftp2sms_kafka_*} meters tagged with the client id. Kafka creates one reporter
 * per client ({@code metric.reporters}, set by {@link KafkaSettings#producer} and {@link KafkaSettings#consumer}),
 * so every client a stage builds is covered without the stage doing anything, Kafka Streams' own consumers and
 * producers included ({@link KafkaSettings#streams}): consumer lag has one name for every stage. The process's
 * registry is given once by {@link ServiceRunner}.
 */
public final class KafkaClientMeters implements MetricsReporter {
    /**
     * group/name of a Kafka metric, with the exact tags it must carry (one tag set per meter name); a cumulative
     * Kafka total becomes a counter ({@code _total}), anything else a gauge, times scaled to seconds.
     */
    private record Wanted(
            String group, String name, Set<String> tags, String meter, boolean counter, double scale, String baseUnit) {
        static Wanted gauge(String group, String name, Set<String> tags, String meter) {
            return new Wanted(group, name, tags, meter, false, 1, null);
        }

        static Wanted counter(String group, String name, String meter) {
            return new Wanted(group, name, Set.of("client-id"), meter, true, 1, null);
        }
    }

    private static final List<Wanted> WANTED = List.of(
            Wanted.gauge(
                    "consumer-fetch-manager-metrics",
                    "records-lag-max",
                    Set.of("client-id"),
                    "ftp2sms.kafka.consumer.lag.max"),
            Wanted.gauge(
                    "consumer-fetch-manager-metrics",
                    "records-lag",
                    Set.of("client-id", "topic", "partition"),
                    "ftp2sms.kafka.consumer.lag"),
            Wanted.counter(
                    "consumer-fetch-manager-metrics", "records-consumed-total", "ftp2sms.kafka.consumer.records"),
            Wanted.counter("producer-metrics", "record-send-total", "ftp2sms.kafka.producer.records"),
            Wanted.counter("producer-metrics", "record-error-total", "ftp2sms.kafka.producer.errors"),
            new Wanted(
                    "producer-metrics",
                    "request-latency-avg",
                    Set.of("client-id"),
                    "ftp2sms.kafka.producer.request.latency.avg",
                    false,
                    0.001,
                    "seconds"));

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
                Meter meter = wanted.counter()
                        ? FunctionCounter.builder(wanted.meter(), metric, KafkaClientMeters::value)
                                .tags(tags)
                                .description(name.description())
                                .register(target)
                        : Gauge.builder(wanted.meter(), metric, m -> value(m) * wanted.scale())
                                .tags(tags)
                                .baseUnit(wanted.baseUnit())
                                .description(name.description())
                                .strongReference(true)
                                .register(target);
                registered.put(name, meter.getId());
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
