package org.ftp2sms.bench;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded broker's request counts by type (its {@code RequestsPerSec} meters, read over JMX in the same JVM):
 * how many produce, fetch, offset-commit and transaction requests the pipeline costs the broker per row.
 */
final class BrokerRequests {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Map<String, Long> atStart;

    private BrokerRequests() {
        this.atStart = counts();
    }

    static BrokerRequests start() {
        return new BrokerRequests();
    }

    /** Requests of each type since {@link #start}, the most frequent first. */
    Map<String, Long> since() {
        Map<String, Long> now = counts();
        Map<String, Long> diff = new HashMap<>();
        now.forEach((type, n) -> diff.put(type, n - atStart.getOrDefault(type, 0L)));
        Map<String, Long> sorted = new LinkedHashMap<>();
        diff.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                Object count = server.getAttribute(name, "Count");
                counts.merge(name.getKeyProperty("request"), ((Number) count).longValue(), Long::sum);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the broker's request meters", e);
        }
        return counts;
    }
}
