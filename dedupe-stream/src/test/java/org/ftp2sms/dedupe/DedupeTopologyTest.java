package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DedupeTopologyTest {
    private static final Instant DAY0 = Instant.parse("2026-03-02T10:15:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Connector> connectors;
    private TestInputTopic<String, Row> rows;
    private TestInputTopic<String, byte[]> rawRows;
    private TestOutputTopic<String, Row> unique;
    private TestOutputTopic<String, Status> statuses;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedupe-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        driver = new TopologyTestDriver(DedupeTopology.build(new SimpleMeterRegistry()), props);
        connectors = driver.createInputTopic(Topics.CONNECTORS, new StringSerializer(), JsonSerde.of(Connector.class).serializer());
        rows = driver.createInputTopic(Topics.ROWS, new StringSerializer(), JsonSerde.of(Row.class).serializer());
        rawRows = driver.createInputTopic(Topics.ROWS, new StringSerializer(), new ByteArraySerializer());
        unique = driver.createOutputTopic(Topics.ROWS_UNIQUE, new StringDeserializer(), JsonSerde.of(Row.class).deserializer());
        statuses = driver.createOutputTopic(Topics.STATUSES, new StringDeserializer(), JsonSerde.of(Status.class).deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aRecipientSeenAgainInTheSameFileIsDroppedWithA810Status() {
        connectors.pipeInput("c1", connector("c1", true, 0));
        pipe(row("c1", "f1", 1, "32470000001", DAY0));
        pipe(row("c1", "f1", 2, "32470000002", DAY0));
        pipe(row("c1", "f1", 3, "32470000001", DAY0));

        List<KeyValue<String, Row>> passed = unique.readKeyValuesToList();
        assertThat(passed).extracting(kv -> kv.value.rowNumber()).containsExactly(1L, 2L);
        assertThat(passed).extracting(kv -> kv.key)
                .containsExactly(RecipientKey.of("c1", "32470000001"), RecipientKey.of("c1", "32470000002"));

        List<KeyValue<String, Status>> refused = statuses.readKeyValuesToList();
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).key).isEqualTo("f1-3");
        Status status = refused.get(0).value;
        assertThat(status.statusCode()).isEqualTo(810);
        assertThat(status.statusReason()).isEqualTo(StatusCode.DUPLICATE_IN_FILE.reason());
        assertThat(status.messageId()).isEqualTo("f1-3");
        assertThat(status.fileIngestionId()).isEqualTo("f1");
        assertThat(status.connectorId()).isEqualTo("c1");
        assertThat(status.phone()).isEqualTo("32470000001");
        assertThat(status.isFinal()).isTrue();
        assertThat(status.at()).isEqualTo(DAY0);
    }

    @Test
    void anUnknownConnectorStillDedupesWithinTheFile() {
        pipe(row("ghost", "f1", 1, "32470000001", DAY0));
        pipe(row("ghost", "f1", 2, "32470000001", DAY0));

        assertThat(unique.readValuesToList()).extracting(Row::rowNumber).containsExactly(1L);
        assertThat(statuses.readValuesToList()).extracting(Status::statusCode).containsExactly(810);
    }

    @Test
    void theSameRecipientInTwoFilesPassesTwiceWhenAcrossFilesIsOff() {
        connectors.pipeInput("c1", connector("c1", true, 0));
        pipe(row("c1", "f1", 1, "32470000001", DAY0));
        pipe(row("c1", "f2", 1, "32470000001", DAY0.plusSeconds(60)));

        assertThat(unique.readValuesToList()).extracting(Row::fileIngestionId).containsExactly("f1", "f2");
        assertThat(statuses.isEmpty()).isTrue();
    }

    @Test
    void dedupeWithinFileFalseFromTheConnectorsTopicLetsDuplicatesPass() {
        connectors.pipeInput("c1", connector("c1", false, 0));
        pipe(row("c1", "f1", 1, "32470000001", DAY0));
        pipe(row("c1", "f1", 2, "32470000001", DAY0));

        assertThat(unique.readValuesToList()).extracting(Row::rowNumber).containsExactly(1L, 2L);
        assertThat(statuses.isEmpty()).isTrue();
    }

    @Test
    void aConnectorUpdateAppliesToTheRowsAfterIt() {
        connectors.pipeInput("c1", connector("c1", false, 0));
        pipe(row("c1", "f1", 1, "32470000001", DAY0));
        pipe(row("c1", "f1", 2, "32470000001", DAY0));
        connectors.pipeInput("c1", connector("c1", true, 0));
        pipe(row("c1", "f1", 3, "32470000001", DAY0));

        assertThat(unique.readValuesToList()).extracting(Row::rowNumber).containsExactly(1L, 2L);
        assertThat(statuses.readValuesToList()).extracting(Status::messageId).containsExactly("f1-3");
    }

    @Test
    void interleavedFilesStillCatchTheDuplicateWithinEach() {
        pipe(row("c1", "f1", 1, "32470000001", DAY0));
        pipe(row("c1", "f2", 1, "32470000001", DAY0));
        pipe(row("c1", "f1", 2, "32470000001", DAY0));

        assertThat(unique.readValuesToList()).extracting(Row::messageId).containsExactly("f1-1", "f2-1");
        assertThat(statuses.readValuesToList()).extracting(Status::messageId).containsExactly("f1-2");
    }

    @Test
    void acrossFilesDropsARecipientPassedWithinTheWindowOfEventTime() {
        connectors.pipeInput("c1", connector("c1", true, 7));
        pipe(row("c1", "f1", 1, "32470000001", DAY0));
        pipe(row("c1", "f2", 1, "32470000001", DAY0.plus(Duration.ofDays(3))));
        pipe(row("c1", "f3", 1, "32470000001", DAY0.plus(Duration.ofDays(7)).plusSeconds(1)));
        pipe(row("c1", "f4", 1, "32470000001", DAY0.plus(Duration.ofDays(8))));

        // f3 is 7 days after f1, the last row that passed (f2 was dropped); f4 is within 7 days of f3.
        assertThat(unique.readValuesToList()).extracting(Row::fileIngestionId).containsExactly("f1", "f3");
        assertThat(statuses.readValuesToList()).extracting(Status::messageId, Status::statusCode)
                .containsExactly(tuple("f2-1", 811), tuple("f4-1", 811));
    }

    @Test
    void theSameRowAgainIsDecidedTheSameSoAReplayIsIdempotent() {
        Row first = row("c1", "f1", 1, "32470000001", DAY0);
        Row second = row("c1", "f1", 2, "32470000001", DAY0);
        pipe(first);
        pipe(second);
        pipe(first);
        pipe(second);

        assertThat(unique.readValuesToList()).extracting(Row::messageId).containsExactly("f1-1", "f1-1");
        assertThat(statuses.readValuesToList()).extracting(Status::messageId).containsExactly("f1-2", "f1-2");
    }

    @Test
    void anUnreadableRecordIsSkippedAndTheNextOneProcessed() {
        rawRows.pipeInput(RecipientKey.of("c1", "32470000001"), "{not json".getBytes(StandardCharsets.UTF_8));
        pipe(row("c1", "f1", 1, "32470000001", DAY0));

        assertThat(unique.readValuesToList()).extracting(Row::messageId).containsExactly("f1-1");
    }

    private void pipe(Row row) {
        rows.pipeInput(RecipientKey.of(row.connectorId(), row.phone()), row);
    }

    private static Row row(String connectorId, String file, long rowNumber, String phone, Instant receivedAt) {
        return new Row(file, connectorId, rowNumber, phone, Map.of("phone", phone), receivedAt);
    }

    static Connector connector(String id, boolean dedupeWithinFile, int acrossFilesDays) {
        return new Connector(id, "test " + id, "ACME", new Mapping("phone", "BE"), "Hello",
                new SendingOptions(3, dedupeWithinFile, acrossFilesDays, null), null, null, DAY0, DAY0);
    }
}
