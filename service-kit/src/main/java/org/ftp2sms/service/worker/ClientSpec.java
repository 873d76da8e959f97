package org.ftp2sms.service.worker;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.ftp2sms.service.KafkaSettings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a worker reads and how its clients are configured: {@link KafkaSettings}'s shared client settings (delivery
 * guarantees, read_committed, manual commits) plus the stage's overrides.
 *
 * @param kafka             how to reach Kafka
 * @param topics            the topics the worker consumes
 * @param groupId           its consumer group
 * @param memberId          the consumer's client id and static group member id ({@code group.instance.id}): restarted
 *                          after a crash, the instance takes its partitions back at once instead of after the dead
 *                          member's session timeout; a planned stop leaves the group ({@link KafkaSettings#leavingGroup})
 * @param transactionalId   the producer's transactional id, or null for a worker without a transactional producer
 * @param consumerOverrides e.g. {@code max.poll.records}
 * @param producerOverrides e.g. {@code transaction.timeout.ms}
 */
public record ClientSpec(
        KafkaSettings kafka,
        List<String> topics,
        String groupId,
        String memberId,
        String transactionalId,
        Map<String, Object> consumerOverrides,
        Map<String, Object> producerOverrides) {

    public ClientSpec {
        topics = List.copyOf(topics);
        consumerOverrides = Map.copyOf(consumerOverrides);
        producerOverrides = Map.copyOf(producerOverrides);
    }

    public Map<String, Object> consumerConfig() {
        Map<String, Object> props = kafka.consumer(groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, memberId);
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, memberId);
        props.putAll(consumerOverrides);
        return props;
    }

    /** The transactional producer's configuration; there must be a transactional id. */
    public Map<String, Object> producerConfig() {
        if (transactionalId == null) {
            throw new IllegalStateException("no transactional id for the consumer " + memberId);
        }
        Map<String, Object> props = new HashMap<>(kafka.transactionalProducer(transactionalId));
        props.putAll(producerOverrides);
        return props;
    }
}
