package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.ftp2sms.contract.FileIngestionIds;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Suppression;
import org.ftp2sms.contract.SuppressionSource;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DedupeTopologyTest {
    private static final Instant DAY0 = Instant.parse("2026-03-02T10:15:00Z");
    private static final Duration GRACE = Duration.ofHours(1);
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Connector> connectors;
    private TestInputTopic<String, Row> rows;
    private TestInputTopic<String, Suppression> suppressions;
    private TestInputTopic<String, byte[]> rawRows;
    private TestOutputTopic<String, Row> unique;
    private TestOutputTopic<String, Status> statuses;

    @BeforeEach
    void startDriver() {
        startDriver(new RecipientRetention(GRACE, SWEEP_INTERVAL, 1000));
    }

    private void startDriver(RecipientRetention retention) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedupe-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, FailUnlessPunctuation.class);
        // A fixed wall clock: only advanceWallClockTime moves it, so the sweep runs when a test says so.
        driver = new TopologyTestDriver(DedupeTopology.build(new SimpleMeterRegistry(), retention), props, DAY0);
        connectors = driver.createInputTopic(Topics.CONNECTORS, new StringSerializer(), JsonSerde.of(Connector.class).serializer());
        rows = driver.createInputTopic(Topics.ROWS, new StringSerializer(), JsonSerde.of(Row.class).serializer());
        suppressions = driver.createInputTopic(Topics.SUPPRESSIONS, new StringSerializer(),
                JsonSerde.of(Suppression.class).serializer());
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
    void aRowToASuppressedPhoneGetsA840AndLeavesNoHistoryForTheDuplicateRule() {
        connectors.pipeInput("c1", connector("c1", true, 0));
        connectors.pipeInput("c2", connector("c2", true, 0));
        suppress("c1", "32470000001", true);
        suppress(Suppression.INSTALLATION, "32470000009", true);
        pipe(row("c1", "f1", 1, "32470000001", DAY0));
        pipe(row("c2", "f2", 1, "32470000001", DAY0)); // another connector's list: not c1's
        pipe(row("c2", "f2", 2, "32470000009", DAY0)); // the installation's list stops every connector
        assertThat(unique.readValuesToList()).extracting(Row::messageId).containsExactly("f2-1");
        assertThat(statuses.readValuesToList()).extracting(Status::messageId, Status::statusReason).containsExactly(
                tuple("f1-1", "840-suppressed"), tuple("f2-2", "840-suppressed"));

        suppress("c1", "32470000001", false); // START, or removed by an operator
        pipe(row("c1", "f1", 2, "32470000001", DAY0));
        assertThat(unique.readValuesToList()).extracting(Row::messageId).containsExactly("f1-2");
        assertThat(statuses.isEmpty()).isTrue();
    }

    private void suppress(String scope, String phone, boolean suppressed) {
        Suppression entry = new Suppression(scope, phone, suppressed, null, SuppressionSource.ADMIN, null, DAY0);
        suppressions.pipeInput(entry.key(), entry);
    }

    @Test
    void aRowWhoseJudgingFailsGetsAVisible890StatusAndTheRowsAfterItGoOn() {
        connectors.pipeInput("c1", connector("c1", true, 0));
        // A stored history that no longer reads (corrupted, or written by an incompatible version) makes judging fail.
        rawRecipientsStore().put(Bytes.wrap(RecipientKey.of("c1", "32470000001").getBytes(StandardCharsets.UTF_8)),
                "{not json".getBytes(StandardCharsets.UTF_8));

        pipe(row("c1", "f1", 1, "32470000001", DAY0));
        pipe(row("c1", "f1", 2, "32470000002", DAY0));

        List<KeyValue<String, Status>> refused = statuses.readKeyValuesToList();
        assertThat(refused).extracting(kv -> kv.key, kv -> kv.value.statusCode(), kv -> kv.value.statusReason(),
                        kv -> kv.value.isFinal(), kv -> kv.value.fileIngestionId(), kv -> kv.value.phone())
                .containsExactly(tuple("f1-1", 890, "890-internal-error", true, "f1", "32470000001"));
        assertThat(unique.readValuesToList()).extracting(Row::rowNumber).containsExactly(2L);
    }

    @Test
    void aRowWhoseJudgingFailsAfterWaitingForItsConnectorGetsA890StatusToo() {
        rawRecipientsStore().put(Bytes.wrap(RecipientKey.of("late", "32470000001").getBytes(StandardCharsets.UTF_8)),
                "{not json".getBytes(StandardCharsets.UTF_8));
        pipe(row("late", "f1", 1, "32470000001", DAY0));
        pipe(row("late", "f1", 2, "32470000002", DAY0));

        connectors.pipeInput("late", connector("late", true, 0));
        driver.advanceWallClockTime(DuplicateRecipientProcessor.AWAITING_CHECK_INTERVAL);

        assertThat(statuses.readValuesToList()).extracting(Status::messageId, Status::statusCode)
                .containsExactly(tuple("f1-1", 890));
        assertThat(unique.readValuesToList()).extracting(Row::rowNumber).containsExactly(2L);
        try (var waiting = driver.getKeyValueStore(DedupeTopology.AWAITING_CONNECTOR_STORE).all()) {
            assertThat(waiting.hasNext()).as("rows still waiting").isFalse();
        }
    }

    /** The recipients store below its serdes, to write bytes the topology cannot read. */
    @SuppressWarnings("unchecked")
    private KeyValueStore<Bytes, byte[]> rawRecipientsStore() {
        return (KeyValueStore<Bytes, byte[]>) ((WrappedStateStore<?, ?, ?>) driver.getKeyValueStore(DedupeTopology.RECIPIENTS_STORE)).wrapped();
    }

    @Test
    void rowsOfAConnectorNotInTheTableYetWaitForItAndAreJudgedWithItsOptions() {
        pipe(row("new", "f1", 1, "32470000001", DAY0));
        pipe(row("new", "f1", 2, "32470000001", DAY0));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertThat(unique.isEmpty()).isTrue();

        connectors.pipeInput("new", connector("new", false, 0));
        driver.advanceWallClockTime(DuplicateRecipientProcessor.AWAITING_CHECK_INTERVAL);

        // With the defaults (within-file on) row 2 would have been refused.
        assertThat(unique.readValuesToList()).extracting(Row::rowNumber).containsExactly(1L, 2L);
        assertThat(statuses.isEmpty()).isTrue();
        try (var waiting = driver.getKeyValueStore(DedupeTopology.AWAITING_CONNECTOR_STORE).all()) {
            assertThat(waiting.hasNext()).as("rows still waiting").isFalse();
        }
    }

    @Test
    void aRowOfAConnectorWithWaitingRowsIsJudgedAfterThem() {
        pipe(row("new", "f1", 1, "32470000001", DAY0));
        connectors.pipeInput("new", connector("new", true, 0));
        pipe(row("new", "f1", 2, "32470000001", DAY0));

        List<KeyValue<String, Row>> passed = unique.readKeyValuesToList();
        assertThat(passed).extracting(kv -> kv.value.rowNumber()).containsExactly(1L);
        assertThat(passed).extracting(kv -> kv.key).containsExactly(RecipientKey.of("new", "32470000001"));
        assertThat(statuses.readValuesToList()).extracting(Status::messageId, Status::statusCode).containsExactly(tuple("f1-2", 810));
    }

    @Test
    void anUnknownConnectorsRowsAreJudgedWithTheDefaultsAfterTheWait() {
        pipe(row("ghost", "f1", 1, "32470000001", DAY0));
        pipe(row("ghost", "f1", 2, "32470000001", DAY0));
        driver.advanceWallClockTime(DedupeTopology.DEFAULT_CONNECTOR_WAIT.minusSeconds(1));
        assertThat(unique.isEmpty()).isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(unique.readValuesToList()).extracting(Row::rowNumber).containsExactly(1L);
        assertThat(statuses.readValuesToList()).extracting(Status::statusCode).containsExactly(810);
    }

    @Test
    void aDryRunIsJudgedByEveryDuplicateRuleButALaterRealFileIsNotItsDuplicate() {
        connectors.pipeInput("c1", connector("c1", true, 7));
        pipe(row("c1", "f1", 1, "32470000001", DAY0));
        String preview = FileIngestionIds.DRY_RUN_PREFIX + "p1";
        pipe(row("c1", preview, 1, "32470000001", DAY0.plusSeconds(60))); // sent by f1 within 7 days
        pipe(row("c1", preview, 2, "32470000002", DAY0.plusSeconds(60)));
        pipe(row("c1", preview, 3, "32470000002", DAY0.plusSeconds(60))); // twice in the preview
        pipe(row("c1", "f2", 1, "32470000002", DAY0.plusSeconds(120))); // the preview's rows do not count

        assertThat(statuses.readValuesToList()).extracting(Status::messageId, Status::statusCode)
                .containsExactly(tuple(preview + "-1", 811), tuple(preview + "-3", 810));
        assertThat(unique.readValuesToList()).extracting(Row::messageId)
                .containsExactly("f1-1", preview + "-2", "f2-1");
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
        connectors.pipeInput("c1", connector("c1", true, 0));
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
        connectors.pipeInput("c1", connector("c1", true, 0));
        pipe(first);
        pipe(second);
        pipe(first);
        pipe(second);

        assertThat(unique.readValuesToList()).extracting(Row::messageId).containsExactly("f1-1", "f1-1");
        assertThat(statuses.readValuesToList()).extracting(Status::messageId).containsExactly("f1-2", "f1-2");
    }

    @Test
    void anUnreadableRecordIsSkippedAndTheNextOneProcessed() {
        connectors.pipeInput("c1", connector("c1", true, 0));
        rawRows.pipeInput(RecipientKey.of("c1", "32470000001"), "{not json".getBytes(StandardCharsets.UTF_8));
        pipe(row("c1", "f1", 1, "32470000001", DAY0));

        assertThat(unique.readValuesToList()).extracting(Row::messageId).containsExactly("f1-1");
    }

    @Test
    void bothRulesOnDropTheInFileDuplicateWith810AndTheEarlierFilesRecipientWith811() {
        connectors.pipeInput("c1", connector("c1", true, 7));
        pipe(row("c1", "f1", 1, "32470000001", DAY0));
        pipe(row("c1", "f1", 2, "32470000001", DAY0));
        pipe(row("c1", "f2", 1, "32470000001", DAY0.plus(Duration.ofDays(1))));
        pipe(row("c1", "f2", 2, "32470000002", DAY0.plus(Duration.ofDays(1))));
        pipe(row("c1", "f2", 3, "32470000002", DAY0.plus(Duration.ofDays(1))));

        assertThat(unique.readValuesToList()).extracting(Row::messageId).containsExactly("f1-1", "f2-2");
        assertThat(statuses.readValuesToList()).extracting(Status::messageId, Status::statusCode, Status::statusReason)
                .containsExactly(tuple("f1-2", 810, "810-duplicate-in-file"), tuple("f2-1", 811, "811-duplicate-across-files"),
                        tuple("f2-3", 810, "810-duplicate-in-file"));
    }

    @Test
    void bothRulesOffLetEveryRowPass() {
        connectors.pipeInput("c1", connector("c1", false, 0));
        pipe(row("c1", "f1", 1, "32470000001", DAY0));
        pipe(row("c1", "f1", 2, "32470000001", DAY0));
        pipe(row("c1", "f2", 1, "32470000001", DAY0.plusSeconds(60)));

        assertThat(unique.readValuesToList()).extracting(Row::messageId).containsExactly("f1-1", "f1-2", "f2-1");
        assertThat(statuses.isEmpty()).isTrue();
    }

    @Test
    void turningTheAcrossFilesWindowOnAndOffWhileRunningAppliesToTheNextRows() {
        connectors.pipeInput("c1", connector("c1", true, 0));
        pipe(row("c1", "f1", 1, "32470000001", DAY0));
        pipe(row("c1", "f2", 1, "32470000001", DAY0.plus(Duration.ofDays(1))));
        connectors.pipeInput("c1", connector("c1", true, 7));
        pipe(row("c1", "f3", 1, "32470000001", DAY0.plus(Duration.ofDays(2))));
        connectors.pipeInput("c1", connector("c1", true, 0));
        pipe(row("c1", "f4", 1, "32470000001", DAY0.plus(Duration.ofDays(3))));

        // f3 is judged against f2, the last row that passed, remembered while the rule was off.
        assertThat(unique.readValuesToList()).extracting(Row::fileIngestionId).containsExactly("f1", "f2", "f4");
        assertThat(statuses.readValuesToList()).extracting(Status::messageId, Status::statusCode)
                .containsExactly(tuple("f3-1", 811));
    }

    /** Inside the window means less than N days after the last row that passed: exactly N days later passes. */
    @Test
    void exactlyNDaysLaterIsOutsideTheWindowAndOneMillisecondLessIsInside() {
        connectors.pipeInput("c1", connector("c1", true, 7));
        pipe(row("c1", "f1", 1, "32470000001", DAY0));
        pipe(row("c1", "f2", 1, "32470000001", DAY0.plus(Duration.ofDays(7)).minusMillis(1)));
        pipe(row("c1", "f3", 1, "32470000001", DAY0.plus(Duration.ofDays(7))));

        assertThat(unique.readValuesToList()).extracting(Row::fileIngestionId).containsExactly("f1", "f3");
        assertThat(statuses.readValuesToList()).extracting(Status::messageId, Status::statusCode)
                .containsExactly(tuple("f2-1", 811));
    }

    @Test
    void theStoreShrinksToTheRecipientsStillInTheirConnectorsWindowOnceStreamTimePassesIt() {
        connectors.pipeInput("within-only", connector("within-only", true, 0));
        connectors.pipeInput("two-days", connector("two-days", true, 2));
        for (int i = 0; i < 20; i++) {
            pipe(row("within-only", "f1", i, phone(i), DAY0));
            pipe(row("two-days", "f2", i, phone(i), DAY0));
        }
        sweep();
        assertThat(storedKeys()).hasSize(40);

        // Past the grace: the within-only recipients go, the two-day window keeps the others.
        pipe(row("within-only", "f3", 1, phone(99), DAY0.plus(GRACE).plusSeconds(1)));
        sweep();
        assertThat(storedKeys()).hasSize(21).allMatch(k -> k.startsWith("two-days:") || k.equals("within-only:" + phone(99)));
        pipe(row("two-days", "f4", 1, phone(0), DAY0.plus(Duration.ofDays(1))));
        assertThat(statuses.readValuesToList()).extracting(Status::messageId, Status::statusCode).containsExactly(tuple("f4-1", 811));

        // Past two days and the grace: only the newest recipient is left.
        pipe(row("within-only", "f5", 1, phone(98), DAY0.plus(Duration.ofDays(2)).plus(GRACE).plusSeconds(1)));
        sweep();
        assertThat(storedKeys()).containsExactly("within-only:" + phone(98));
    }

    @Test
    void expiryFollowsEventTimeNeitherTheWallClockNorTheRecordTimestamp() {
        connectors.pipeInput("c1", connector("c1", true, 0));
        for (int i = 0; i < 5; i++) {
            pipe(row("c1", "f1", i, phone(i), DAY0));
        }
        // Produced a month after the file arrived (a replay, or a slow splitter): the record timestamp does not count.
        Row late = row("c1", "f1", 5, phone(5), DAY0);
        rows.pipeInput(RecipientKey.of("c1", late.phone()), late, DAY0.plus(Duration.ofDays(30)));
        driver.advanceWallClockTime(Duration.ofDays(30));

        assertThat(storedKeys()).hasSize(6);
    }

    @Test
    void aLargeStoreIsSweptASliceAtATime() {
        closeDriver();
        startDriver(new RecipientRetention(GRACE, SWEEP_INTERVAL, 3));
        connectors.pipeInput("c1", connector("c1", true, 0));
        for (int i = 0; i < 10; i++) {
            pipe(row("c1", "f1", i, phone(i), DAY0));
        }
        pipe(row("c1", "f2", 1, "32479999999", DAY0.plus(GRACE).plusSeconds(1)));

        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sweep();
            sizes.add(storedKeys().size());
        }
        assertThat(sizes).containsExactly(8, 5, 2, 1);
    }

    @Test
    void aRowLaterThanTheGraceIsJudgedAsIfExpiredRecipientsWereNeverSeenWhetherSweptOrNot() {
        connectors.pipeInput("c1", connector("c1", true, 0));
        pipe(row("c1", "f1", 1, phone(1), DAY0));
        pipe(row("c1", "f1", 2, phone(2), DAY0));
        pipe(row("c1", "f2", 1, phone(3), DAY0.plus(GRACE).plusSeconds(1)));

        pipe(row("c1", "f1", 3, phone(1), DAY0)); // not swept yet
        sweep();
        pipe(row("c1", "f1", 4, phone(2), DAY0)); // swept

        assertThat(unique.readValuesToList()).extracting(Row::messageId).containsExactly("f1-1", "f1-2", "f2-1", "f1-3", "f1-4");
        assertThat(statuses.isEmpty()).isTrue();
    }

    @Test
    void aRowJustInsideTheGraceIsStillJudgedInFull() {
        connectors.pipeInput("c1", connector("c1", true, 0));
        pipe(row("c1", "f1", 1, phone(1), DAY0));
        pipe(row("c1", "f2", 1, phone(2), DAY0.plus(GRACE)));
        sweep();
        pipe(row("c1", "f1", 2, phone(1), DAY0));

        assertThat(statuses.readValuesToList()).extracting(Status::messageId, Status::statusCode).containsExactly(tuple("f1-2", 810));
    }

    @Test
    void aReplayDecidesTheSameWhateverTheWallClockAndTheSweepsDid() {
        List<Row> history = new ArrayList<>();
        for (int day = 0; day < 12; day++) {
            for (int i = 0; i < 8; i++) {
                // Recipients recur across days and within files; two connectors with different windows.
                history.add(row(i % 2 == 0 ? "c1" : "c2", "f" + day, i, phone((i * 7 + day * 3) % 6), DAY0.plus(Duration.ofDays(day))));
            }
            if (day >= 3) {
                // A file re-sent late, three days behind the stream time: well past the grace.
                for (int i = 0; i < 4; i++) {
                    history.add(row(i % 2 == 0 ? "c1" : "c2", "f" + (day - 3), 100 + i, phone(i), DAY0.plus(Duration.ofDays(day - 3))));
                }
            }
        }
        List<String> first = decisions(history, false);
        closeDriver();
        stateDir = stateDir.resolve("replay");
        startDriver(new RecipientRetention(GRACE, SWEEP_INTERVAL, 2));
        List<String> replay = decisions(history, true);

        assertThat(replay).isEqualTo(first);
        assertThat(first).contains("811", "810", "passed");
    }

    /** The verdict of each row in order; with {@code sweepAfterEachRow}, the wall clock jumps and a sweep runs between rows. */
    private List<String> decisions(List<Row> history, boolean sweepAfterEachRow) {
        connectors.pipeInput("c1", connector("c1", true, 3));
        connectors.pipeInput("c2", connector("c2", false, 1));
        List<String> decisions = new ArrayList<>();
        for (Row row : history) {
            pipe(row);
            if (sweepAfterEachRow) {
                driver.advanceWallClockTime(Duration.ofHours(5));
            }
            List<Status> refused = statuses.readValuesToList();
            List<Row> passed = unique.readValuesToList();
            decisions.add(passed.size() == 1 && refused.isEmpty() ? "passed"
                    : refused.size() == 1 && passed.isEmpty() ? String.valueOf(refused.get(0).statusCode()) : "?");
        }
        return decisions;
    }

    private void sweep() {
        driver.advanceWallClockTime(SWEEP_INTERVAL);
    }

    private List<String> storedKeys() {
        List<String> keys = new ArrayList<>();
        try (var entries = driver.<String, RecipientHistory>getKeyValueStore(DedupeTopology.RECIPIENTS_STORE).all()) {
            entries.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private static String phone(int i) {
        return String.format("324700%05d", i);
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
