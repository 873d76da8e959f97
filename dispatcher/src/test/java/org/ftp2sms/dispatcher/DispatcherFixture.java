package org.ftp2sms.dispatcher;

import org.apache.kafka.clients.producer.KafkaProducer;
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
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Connectors and messages written the way the pipeline writes them. */
final class DispatcherFixture {
    private DispatcherFixture() {
    }

    static String connector(TestKafka kafka, SendingCalendar calendar) {
        String id = TestKafka.unique("connector");
        Connector connector = new Connector(id, id, "ACME", new Mapping("phone", "BE"), "{{ text }}",
                new SendingOptions(10, false, 0, calendar), null, null, Instant.EPOCH, Instant.EPOCH);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("connector-writer")))) {
            producer.send(new ProducerRecord<>(Topics.CONNECTORS, id, JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, connector)));
        }
        return id;
    }

    static Message message(String fileId, String connectorId, int row, String phone, String text, Encoding encoding) {
        return new Message(MessageIds.of(fileId, row), fileId, connectorId, phone, "ACME", text, encoding, 1);
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
}
