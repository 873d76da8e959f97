package org.ftp2sms.admin;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.testkit.TopicReader;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/** Every record of topics as raw bytes, tombstones included, as they are on the broker now. */
final class RawTopic {
    private RawTopic() {
    }

    static List<ConsumerRecord<byte[], byte[]>> records(KafkaSettings kafka, String topic) {
        return new TopicReader(kafka).recordsNow(topic);
    }

    /** Every topic of the broker but Kafka's own. */
    static Set<String> topics(KafkaSettings kafka) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            return admin.listTopics().names().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
