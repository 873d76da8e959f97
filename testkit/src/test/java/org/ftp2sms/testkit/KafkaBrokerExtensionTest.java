package org.ftp2sms.testkit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.json.JsonSerde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionTest {

    @Test
    void brokerHasTheTopicsAndReadCommittedHidesAbortedTransactions(TestKafka kafka) {
        String file = TestKafka.unique("file");
        var serializer = JsonSerde.of(IngestionReport.class).serializer();
        try (var producer = new KafkaProducer<>(kafka.settings().transactionalProducer(TestKafka.unique("tx")),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.INGESTIONS, file, serializer.serialize(Topics.INGESTIONS,
                    report(file, IngestionState.REJECTED))));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.INGESTIONS, file, serializer.serialize(Topics.INGESTIONS,
                    report(file, IngestionState.ACCEPTED))));
            producer.commitTransaction();
        }

        List<IngestionReport> seen = kafka.awaitValues(Topics.INGESTIONS, IngestionReport.class,
                r -> r.fileIngestionId().equals(file), 1, Duration.ofSeconds(10));

        assertThat(seen).extracting(IngestionReport::state).containsExactly(IngestionState.ACCEPTED);
        assertThat(kafka.valuesNow(Topics.INGESTIONS, IngestionReport.class, r -> r.fileIngestionId().equals(file)))
                .hasSize(1);
    }

    @Test
    void theSameBrokerServesEveryTestOfTheJvm(TestKafka first, TestKafka second) {
        assertThat(first).isSameAs(second);
        assertThat(first.bootstrapServers()).isNotBlank();
    }

    private static IngestionReport report(String file, IngestionState state) {
        return new IngestionReport(file, "c", "f.csv", state, null, 0, 0, Instant.EPOCH);
    }
}
