package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingCalendar;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.testkit.TestKafka;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import java.util.concurrent.ThreadLocalRandom;

/** Connectors and messages written the way the pipeline writes them. */
final class DispatcherFixture {
    private DispatcherFixture() {
    }

    static String connector(TestKafka kafka, SendingCalendar calendar) {
        return connectorWith(kafka, new SendingOptions(10, false, 0, calendar));
    }

    static String connectorWith(TestKafka kafka, SendingOptions options) {
        String id = TestKafka.unique("connector");
        Connector connector = new Connector(id, id, "ACME", new Mapping("phone", "BE"), "{{ text }}",
                options, null, null, Instant.EPOCH, Instant.EPOCH);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("connector-writer")))) {
            producer.send(new ProducerRecord<>(Topics.CONNECTORS, id, JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, connector)));
        }
        return id;
    }

    static Message message(String fileId, String connectorId, int row, String phone, String text, Encoding encoding) {
        return new Message(MessageIds.of(fileId, row), fileId, connectorId, phone, "ACME", text, encoding, 1);
    }

    /** A file of {@code n} one-part messages of a connector, to phones {@code phonePrefix} + 7 digits (unique in the file). */
    static List<Message> file(String connectorId, int n, String phonePrefix) {
        String fileId = TestKafka.unique("file");
        return IntStream.rangeClosed(1, n).mapToObj(i -> message(fileId, connectorId, i,
                phonePrefix + (1_000_000 + i), "message " + i, Encoding.GSM7)).toList();
    }

    static String phone() {
        return "3247" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    }

    /** Writes {@code messages} to {@code ftp2sms.messages}, on {@code partition} when not null. */
    static void produce(TestKafka kafka, List<Message> messages, Integer partition) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("test-producer")))) {
            for (Message m : messages) {
                producer.send(new ProducerRecord<>(Topics.MESSAGES, partition, RecipientKey.of(m.connectorId(), m.phone()),
                        JsonSerde.of(Message.class).serializer().serialize(Topics.MESSAGES, m)));
            }
        }
    }

    /**
     * A consumer group and a calendar application of the test's own, starting at the current end of the topics
     * they read: the test's dispatchers meet no other test's, and do not send again what earlier tests sent.
     */
    record Groups(String groupId, String applicationId) {
        DispatcherSettings apply(DispatcherSettings settings) {
            return settings.withGroups(groupId, applicationId);
        }
    }

    static Groups isolatedGroups(TestKafka kafka) {
        Groups groups = new Groups(TestKafka.unique("dispatcher"), TestKafka.unique("calendar"));
        startAtEnd(kafka, groups.groupId(), Topics.MESSAGES_READY);
        startAtEnd(kafka, groups.applicationId(), Topics.MESSAGES);
        return groups;
    }

    private static void startAtEnd(TestKafka kafka, String groupId, String topic) {
        try (Admin admin = Admin.create(kafka.settings().common())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(groupId, ends).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot start " + groupId + " at the end of " + topic, e);
        }
    }
}
