package org.ftp2sms.service;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness: the Kafka cluster answers a metadata request. The answer is remembered for a few seconds, so
 * frequent probes (and several probes of one pod) cost one request, and a probe never waits on the network
 * longer than {@link #TIMEOUT}.
 */
public final class KafkaReachability implements ReadinessCheck, AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration REMEMBER = Duration.ofSeconds(5);

    private final Admin admin;
    private final Clock clock;
    private Instant checkedAt = Instant.MIN;
    private boolean reachable;

    public KafkaReachability(KafkaSettings kafka, String clientId, Clock clock) {
        Map<String, Object> props = kafka.common();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(props);
        this.clock = clock;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public synchronized boolean isReady() {
        Instant now = clock.instant();
        if (checkedAt.plus(REMEMBER).isBefore(now)) {
            reachable = describeCluster();
            checkedAt = now;
        }
        return reachable;
    }

    private boolean describeCluster() {
        try {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
