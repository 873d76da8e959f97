package org.ftp2sms.admin.progress;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTopologyTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String FILE = "file-1";
    private static final String CONNECTOR = "conn-1";

    private final MutableClock clock = new MutableClock(T0);
    private TopologyTestDriver driver;
    private TestInputTopic<String, Status> statuses;
    private TestInputTopic<String, IngestionReport> reports;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    private Path stateDir;

    @BeforeEach
    void start() throws Exception {
        stateDir = Files.createTempDirectory("progress");
        open();
    }

    private void open() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "progress-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ProgressTopology.build(clock, Duration.ofDays(30), metrics), props);
        statuses = driver.createInputTopic(Topics.STATUSES, Serdes.String().serializer(), JsonSerde.of(Status.class).serializer());
        reports = driver.createInputTopic(Topics.INGESTIONS, Serdes.String().serializer(), JsonSerde.of(IngestionReport.class).serializer());
    }

    @AfterEach
    void stop() throws IOException {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    /** Only tallies cross to the file's task: one per file and interval, however many statuses came meanwhile. */
    @Test
    void aFileOfManyStatusesCrossesToItsTaskAsOneTallyPerInterval() {
        TestOutputTopic<String, ProgressInput> byFile = driver.createOutputTopic(
                "progress-test-by-file-repartition",
                Serdes.String().deserializer(),
                JsonSerde.of(ProgressInput.class).deserializer());
        report(IngestionState.COMPLETED, 50);
        for (int row = 1; row <= 50; row++) {
            status(row, StatusCode.SUBMITTED);
            status(row, StatusCode.DELIVERED);
        }

        assertThat(progress().delivered()).isEqualTo(50);
        List<ProgressInput> crossed = byFile.readValuesToList();
        assertThat(crossed)
                .filteredOn(i -> i.tally() != null)
                .singleElement()
                .satisfies(i -> assertThat(i.tally().counts()).isEqualTo(Map.of(200, 50L)));
        assertThat(progress().finished()).isTrue();
        assertThat(byFile.readValuesToList())
                .as("nothing changed: nothing crosses")
                .isEmpty();
    }

    @Test
    void eachMessageCountsOnceAtItsLastStatusWhateverIsRepeated() {
        report(IngestionState.ACCEPTED, 0);
        report(IngestionState.COMPLETED, 5);
        status(1, StatusCode.SUBMITTED);
        status(1, StatusCode.DELIVERED);
        status(1, StatusCode.DELIVERED);          // published twice
        status(1, StatusCode.SUBMITTED);          // a resubmit after a crash: the message stays delivered
        status(2, StatusCode.SUBMITTED);
        status(2, StatusCode.ABSENT);
        status(2, StatusCode.ABSENT);
        status(3, StatusCode.DUPLICATE_IN_FILE);
        status(3, StatusCode.DUPLICATE_IN_FILE);
        status(4, StatusCode.INVALID_PHONE);
        status(5, StatusCode.SUBMITTED);
        status(5, StatusCode.SUBMITTED);

        IngestionProgress p = progress();
        assertThat(p.rows()).isEqualTo(5);
        assertThat(p.delivered()).isEqualTo(1);
        assertThat(p.failed()).isEqualTo(Map.of("344-absent", 1L));
        assertThat(p.refused()).isEqualTo(Map.of("810-duplicate-in-file", 1L, "821-invalid-phone", 1L));
        assertThat(p.submitted()).isEqualTo(3);
        assertThat(p.awaitingReceipt()).isEqualTo(1);
        assertThat(p.pending()).isEqualTo(1);
        assertThat(p.finished()).isFalse();

        status(5, StatusCode.DELIVERED);
        p = progress();
        assertThat(p.delivered()).isEqualTo(2);
        assertThat(p.awaitingReceipt()).isZero();
        assertThat(p.pending()).isZero();
        assertThat(p.finished()).isTrue();
    }

    @Test
    void anOlderProgressReportReadAfterTheLastDoesNotReopenTheFile() {
        report(IngestionState.COMPLETED, 2);
        report(IngestionState.ACCEPTED, 1);
        assertThat(progress().state()).isEqualTo(IngestionState.COMPLETED);
        assertThat(progress().rows()).isEqualTo(2);
    }

    @Test
    void aDryRunIsFinishedOnceJudgedThoughItsRowsThatPassHaveNoStatus() {
        report(IngestionState.ACCEPTED, 0);
        report(IngestionState.DRY_RUN, 3);
        status(2, StatusCode.DUPLICATE_IN_FILE);
        report(IngestionState.ACCEPTED, 1); // an older progress report read late

        IngestionProgress p = progress();
        assertThat(p.state()).isEqualTo(IngestionState.DRY_RUN);
        assertThat(p.finished()).isTrue();
        assertThat(p.pending()).isZero();
        assertThat(p.refusedCount()).isEqualTo(1);
    }

    @Test
    void statusesBeforeTheReportAreKeptAndTheFileIsListedUnderItsConnector() {
        status(1, StatusCode.DELIVERED);
        report(IngestionState.COMPLETED, 1);
        assertThat(progress().finished()).isTrue();
        KeyValueStore<String, Long> byConnector = driver.getKeyValueStore(ProgressTopology.BY_CONNECTOR_STORE);
        assertThat(byConnector.get(ProgressTopology.connectorKey(CONNECTOR, FILE))).isNotNull();
    }

    @Test
    void aReportWithoutFileIngestionIdOrStateIsCountedAsUnreadableAndTheNextOneIsPlaced() {
        reports.pipeInput(FILE, new IngestionReport(null, CONNECTOR, "a.csv", IngestionState.COMPLETED, null, 1, 0, T0));
        reports.pipeInput(FILE, new IngestionReport(FILE, CONNECTOR, "a.csv", null, null, 1, 0, T0));
        report(IngestionState.COMPLETED, 1);

        assertThat(metrics.get("ftp2sms.unreadable.records").tag("topic", Topics.INGESTIONS)
                .tag("reader", PlaceableReports.READER).counter().count()).isEqualTo(2.0);
        assertThat(progress().state()).isEqualTo(IngestionState.COMPLETED);
    }

    @Test
    void aFileUntouchedForTheRetentionIsForgottenWithItsMessages() {
        report(IngestionState.COMPLETED, 1);
        status(1, StatusCode.DELIVERED);
        assertThat(progress().delivered()).isEqualTo(1);
        clock.advance(Duration.ofDays(31));
        driver.advanceWallClockTime(FileProgressProcessor.SWEEP_INTERVAL);
        assertThat(driver.<String, FileProgress>getKeyValueStore(ProgressTopology.FILES_STORE).get(FILE)).isNull();
        assertThat(driver.<String, Integer>getKeyValueStore(ProgressTopology.MESSAGE_CODES_STORE)
                        .get(ProgressTopology.messageKey(FILE, MessageIds.of(FILE, 1))))
                .isNull();
        assertThat(driver.<String, PartitionTally>getKeyValueStore(ProgressTopology.TALLIES_STORE)
                        .get(FILE))
                .isNull();
        assertThat(driver.<String, PartitionTally>getKeyValueStore(ProgressTopology.FILE_TALLIES_STORE)
                        .get(ProgressTopology.tallyKey(FILE, 0)))
                .isNull();
        assertThat(driver.<String, Long>getKeyValueStore(ProgressTopology.BY_CONNECTOR_STORE)
                .get(ProgressTopology.connectorKey(CONNECTOR, FILE))).isNull();
    }

    /** The progress once the tallies of the statuses piped so far have reached the file's task. */
    private IngestionProgress progress() {
        driver.advanceWallClockTime(PartitionTallyProcessor.FORWARD_INTERVAL);
        KeyValueStore<String, FileProgress> files = driver.getKeyValueStore(ProgressTopology.FILES_STORE);
        return IngestionProgress.of(files.get(FILE));
    }

    private void report(IngestionState state, long rows) {
        reports.pipeInput(FILE, new IngestionReport(FILE, CONNECTOR, "a.csv", state, null, rows, 0, T0));
    }

    private void status(int row, StatusCode code) {
        String id = MessageIds.of(FILE, row);
        statuses.pipeInput(id, Status.of(id, FILE, CONNECTOR, "32476000000", code, null, null, T0));
    }
}
