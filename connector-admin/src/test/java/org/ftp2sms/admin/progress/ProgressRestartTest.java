package org.ftp2sms.admin.progress;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.StreamsApp;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a real broker: the tallies a stopped instance had counted but not yet sent on to the files' tasks are sent by
 * the next one when it starts, so no status is left out of the progress. The first instance never sends a tally
 * (its forward interval is an hour); only the start-up of the second can.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ProgressRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path stateDir;

    private StreamsApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void talliesCountedButNotSentBeforeAStopAreSentAfterIt(TestKafka kafka) throws Exception {
        String applicationId = TestKafka.unique("progress-restart");
        String file = TestKafka.unique("file");
        app = start(kafka, applicationId, Duration.ofHours(1));
        try (var producer = new KafkaProducer<>(
                kafka.settings().producer("progress-restart"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                    Topics.INGESTIONS,
                    file,
                    JsonSerde.of(IngestionReport.class)
                            .serializer()
                            .serialize(
                                    Topics.INGESTIONS,
                                    new IngestionReport(
                                            file,
                                            "conn",
                                            "a.csv",
                                            IngestionState.COMPLETED,
                                            null,
                                            3,
                                            0,
                                            Instant.now()))));
            for (int row = 1; row <= 3; row++) {
                String id = MessageIds.of(file, row);
                producer.send(new ProducerRecord<>(
                        Topics.STATUSES,
                        id,
                        JsonSerde.of(Status.class)
                                .serializer()
                                .serialize(
                                        Topics.STATUSES,
                                        Status.of(
                                                id,
                                                file,
                                                "conn",
                                                "32476000000",
                                                StatusCode.DELIVERED,
                                                null,
                                                null,
                                                Instant.now()))));
            }
            producer.flush();
        }
        ProgressQueries first = new ProgressQueries(app::streams);
        await().atMost(WAIT)
                .until(() -> first.file(file).map(IngestionProgress::rows).orElse(0L) == 3L);
        await().atMost(WAIT).until(() -> codesCounted(app, file) == 3);
        assertThat(first.file(file).orElseThrow().delivered())
                .as("nothing sent on yet")
                .isZero();
        app.close();

        app = start(kafka, applicationId, Duration.ofMillis(200));
        ProgressQueries second = new ProgressQueries(app::streams);
        await().atMost(WAIT).untilAsserted(() -> {
            IngestionProgress p = second.file(file).orElseThrow();
            assertThat(p.delivered()).isEqualTo(3);
            assertThat(p.finished()).isTrue();
        });
    }

    private StreamsApp start(TestKafka kafka, String applicationId, Duration forwardInterval) {
        Properties props = kafka.settings().streams(applicationId, stateDir);
        return new StreamsApp(
                        "progress",
                        ProgressTopology.build(
                                Clock.systemUTC(), Duration.ofDays(30), new SimpleMeterRegistry(), forwardInterval),
                        props,
                        new SimpleMeterRegistry())
                .start();
    }

    /** How many of the file's messages have their code in the store: counted, in this instance. */
    private static long codesCounted(StreamsApp app, String file) {
        ReadOnlyKeyValueStore<String, Integer> codes = app.streams()
                .store(StoreQueryParameters.fromNameAndType(
                        ProgressTopology.MESSAGE_CODES_STORE, QueryableStoreTypes.keyValueStore()));
        return IntStream.rangeClosed(1, 3)
                .filter(row -> codes.get(ProgressTopology.messageKey(file, MessageIds.of(file, row))) != null)
                .count();
    }
}
