package org.ftp2sms.bench;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka requests counted over JMX in the same JVM since {@link #brokerByType()} or {@link #byClient()} was called:
 * the embedded broker's requests by type (its {@code RequestsPerSec} meters: produce, fetch, offset-commit and
 * transaction requests per row), or the requests each client of the JVM sent (their {@code request-total}: which
 * stage's producer or consumer makes them; client ids with random parts folded to one name).
 */
final class RequestCounts {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final String[] CLIENT_TYPES = {"producer", "consumer", "admin-client"};

    private interface Source {
        Map<String, Double> counts() throws Exception;
    }

    private final Source source;
    private final Map<String, Double> atStart;

    private RequestCounts(Source source) {
        this.source = source;
        this.atStart = read();
    }

    static RequestCounts brokerByType() {
        return new RequestCounts(RequestCounts::brokerCounts);
    }

    static RequestCounts byClient() {
        return new RequestCounts(RequestCounts::clientCounts);
    }

    /** Requests since the start, the most frequent first. */
    Map<String, Long> since() {
        Map<String, Long> diff = new HashMap<>();
        read().forEach((name, n) -> diff.put(name, Math.round(n - atStart.getOrDefault(name, 0.0))));
        Map<String, Long> sorted = new LinkedHashMap<>();
        diff.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private Map<String, Double> read() {
        try {
            return source.counts();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read Kafka's request metrics", e);
        }
    }

    private static Map<String, Double> brokerCounts() throws Exception {
        Map<String, Double> counts = new HashMap<>();
        for (ObjectName name :
                SERVER.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
            Object count = SERVER.getAttribute(name, "Count");
            counts.merge(name.getKeyProperty("request"), ((Number) count).doubleValue(), Double::sum);
        }
        return counts;
    }

    private static Map<String, Double> clientCounts() throws Exception {
        Map<String, Double> counts = new HashMap<>();
        for (String type : CLIENT_TYPES) {
            for (ObjectName name :
                    SERVER.queryNames(new ObjectName("kafka." + type + ":type=" + type + "-metrics,*"), null)) {
                if (name.getKeyProperty("node-id") == null) {
                    Object total = SERVER.getAttribute(name, "request-total");
                    counts.merge(
                            type + " " + JvmSampler.fold(name.getKeyProperty("client-id")),
                            ((Number) total).doubleValue(),
                            Double::sum);
                }
            }
        }
        return counts;
    }
}
