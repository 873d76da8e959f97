package org.ftp2sms.service;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.ftp2sms.contract.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics of DESIGN.md that do not exist yet and waits until every partition has a leader:
 * producing to a partition without one makes the idempotent producer loop until its delivery timeout.
 */
public final class TopicProvisioner {
    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    public static void ensureTopics(KafkaSettings kafka, int partitions, short replicationFactor, Duration timeout) {
        try (Admin admin = Admin.create(kafka.common())) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = Topics.ALL.stream()
                    .filter(t -> !existing.contains(t))
                    .map(t -> newTopic(t, partitions, replicationFactor))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            }
            awaitLeaders(admin, Topics.ALL, timeout);
            requireCompaction(admin, timeout);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not provision topics on " + kafka.bootstrapServers() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        }
    }

    /**
     * A compacted topic created by someone else with the delete policy would lose connectors (or SMSC receipts'
     * mapping) once retention passes: refuse to run on it rather than lose them later.
     */
    private static void requireCompaction(Admin admin, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        List<ConfigResource> compacted = Topics.ALL.stream().filter(Topics::isCompacted)
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(compacted).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        for (Map.Entry<ConfigResource, Config> e : configs.entrySet()) {
            ConfigEntry policy = e.getValue().get("cleanup.policy");
            if (policy == null || !policy.value().contains("compact")) {
                throw new IllegalStateException("topic " + e.getKey().name() + " must have cleanup.policy=compact, has "
                        + (policy == null ? "none" : policy.value()) + "; fix it with kafka-configs --alter");
            }
        }
    }

    /** Creates {@code topics} (which must not exist) and waits until each partition has a leader. */
    public static void create(KafkaSettings kafka, List<NewTopic> topics, Duration timeout) {
        try (Admin admin = Admin.create(kafka.common())) {
            admin.createTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(admin, topics.stream().map(NewTopic::name).toList(), timeout);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics on " + kafka.bootstrapServers() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static NewTopic newTopic(String name, int partitions, short replicationFactor) {
        // The connectors topic is small and read whole by every stage: one partition keeps it ordered.
        NewTopic topic = new NewTopic(name, Topics.isCompacted(name) ? 1 : partitions, replicationFactor);
        if (Topics.FILE_DIGESTS.equals(name)) {
            // Only the latest digest per content matters, and none older than the longest repeated-file window.
            topic.configs(Map.of("cleanup.policy", "compact,delete",
                    "retention.ms", String.valueOf(Topics.FILE_DIGESTS_RETENTION.toMillis())));
        } else if (Topics.isCompacted(name)) {
            topic.configs(Map.of("cleanup.policy", "compact"));
        }
        return topic;
    }

    private static void awaitLeaders(Admin admin, List<String> topics, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described =
                        admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
                boolean ready = described.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty());
                if (ready) {
                    return;
                }
            } catch (ExecutionException e) {
                // UnknownTopicOrPartition right after creation: metadata is still propagating.
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics have no leader after " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
