package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.ExportRequested;
import org.ftp2sms.contract.FileIngestionIds;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.rules.webhook.WebhookAddresses;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The exports topology on a controllable clock: UTC days, the window, catch-up, retention, neutralised cells. */
class AggregatorTopologyTest {
    private static final String CONNECTOR = "c-topology";
    private static final Duration CHECK = Duration.ofMinutes(1);

    @TempDir
    Path dataDir;
    @TempDir
    Path stateDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private StatusAggregatorSettings settings;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Status> statuses;
    private TestInputTopic<String, Reply> replies;
    private TestInputTopic<String, ExportRequested> requests;

    @BeforeEach
    void start() {
        settings = new StatusAggregatorSettings(KafkaSettings.of("unused:9092"), dataDir, stateDir, "aggregator-topology-test",
                LocalTime.of(2, 0), LocalTime.of(5, 0), 30, CHECK, "unused", Duration.ofSeconds(2), 3,
                Duration.ofMillis(10), Duration.ofMillis(100), "test", WebhookAddresses.STRICT);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(AggregatorTopology.build(settings, clock, registry), props, Instant.parse("2026-03-01T12:00:00Z"));
        statuses = driver.createInputTopic(Topics.STATUSES, new StringSerializer(), JsonSerde.of(Status.class).serializer());
        replies = driver.createInputTopic(Topics.REPLIES, new StringSerializer(), JsonSerde.of(Reply.class).serializer());
        requests = driver.createInputTopic(Topics.EXPORT_REQUESTS, new StringSerializer(), JsonSerde.of(ExportRequested.class).serializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aStatusBelongsToTheUtcDayOfItsTimeAndOnlyFinalStatusesAreExported() throws Exception {
        status("f1-1", StatusCode.SUBMITTED, "2026-03-01T23:59:59.000Z");
        status("f1-1", StatusCode.DELIVERED, "2026-03-01T23:59:59.999Z"); // just before midnight UTC
        status("f1-2", StatusCode.SUBMITTED, "2026-03-01T23:59:59.500Z");
        status("f1-2", StatusCode.ABSENT, "2026-03-02T00:00:00.000Z");    // final status on the next day
        status("f1-3", StatusCode.SUBMITTED, "2026-03-01T10:00:00Z");     // never final: in no file
        status("f1-4", StatusCode.INVALID_PHONE, "2026-03-01T08:00:00Z");

        check("2026-03-02T01:59:59Z");
        assertThat(exportFile("status_2026-03-01.csv")).doesNotExist();

        check("2026-03-02T02:00:00Z");
        List<CSVRecord> day1 = rows("status_2026-03-01.csv");
        assertThat(day1).extracting(r -> r.get("messageId") + " " + r.get("statusReason"))
                .containsExactlyInAnyOrder("f1-1 200-delivered", "f1-4 821-invalid-phone");
        assertThat(rows("received_2026-03-01.csv")).isEmpty();
        assertThat(exportFile("status_2026-03-02.csv")).doesNotExist();

        check("2026-03-03T02:00:00Z");
        assertThat(rows("status_2026-03-02.csv")).extracting(r -> r.get("messageId") + " " + r.get("statusReason"))
                .containsExactly("f1-2 344-absent");
    }

    @Test
    void daysMissedWhileDownAreCaughtUpOnceAndNotRepeated() throws Exception {
        status("f2-1", StatusCode.DELIVERED, "2026-03-01T09:00:00Z");
        status("f2-2", StatusCode.DELIVERED, "2026-03-02T09:00:00Z");
        reply("f2-2", "ok", "2026-03-03T09:00:00Z");

        check("2026-03-05T10:30:00Z"); // back after the windows of the 2nd, 3rd and 4th were missed
        assertThat(rows("status_2026-03-01.csv"))
                .extracting(r -> r.get("messageId"))
                .containsExactly("f2-1");
        assertThat(rows("status_2026-03-02.csv"))
                .extracting(r -> r.get("messageId"))
                .containsExactly("f2-2");
        assertThat(rows("received_2026-03-03.csv"))
                .extracting(r -> r.get("message"))
                .containsExactly("ok");
        assertThat(registry.counter("ftp2sms.aggregator.exports.written", "kind", "catch-up")
                        .count())
                .isEqualTo(3);

        Files.delete(exportFile("status_2026-03-01.csv"));
        check("2026-03-05T10:31:00Z");
        assertThat(exportFile("status_2026-03-01.csv")).as("a written day is not written again").doesNotExist();

        status("f2-3", StatusCode.EXPIRED, "2026-03-01T23:00:00Z"); // late row for a written day: the day is rewritten whole
        check("2026-03-05T10:32:00Z");
        assertThat(rows("status_2026-03-01.csv")).extracting(r -> r.get("messageId")).containsExactlyInAnyOrder("f2-1", "f2-3");
    }

    @Test
    void filesAndRowsOlderThanThirtyDaysAreDeleted() throws Exception {
        clock.set("2026-04-04T12:00:00Z");
        Files.createDirectories(settings.exportsDir(CONNECTOR));
        for (String name : List.of("status_2026-03-05.csv", "received_2026-03-05.csv", "status_2026-03-06.csv",
                "received_2026-03-06.csv", "notes.txt")) {
            Files.writeString(exportFile(name), "x");
        }
        status("f3-1", StatusCode.DELIVERED, "2026-03-10T12:00:00Z"); // 25 days old: still kept
        status("f3-2", StatusCode.DELIVERED, "2026-04-04T12:00:00Z");

        check("2026-04-05T02:00:00Z"); // keeps 2026-03-06 .. 2026-04-04
        assertThat(exportFile("status_2026-03-05.csv")).doesNotExist();
        assertThat(exportFile("received_2026-03-05.csv")).doesNotExist();
        assertThat(exportFile("status_2026-03-06.csv")).exists();
        assertThat(exportFile("received_2026-03-06.csv")).exists();
        assertThat(exportFile("notes.txt")).exists();
        assertThat(rows("status_2026-04-04.csv")).extracting(r -> r.get("messageId")).containsExactly("f3-2");
        assertThat(rows("status_2026-03-10.csv")).extracting(r -> r.get("messageId")).containsExactly("f3-1");

        check("2026-04-10T02:00:00Z"); // 2026-03-10 is now 31 days old
        assertThat(exportFile("status_2026-03-10.csv")).doesNotExist();
        assertThat(exportFile("received_2026-03-10.csv")).doesNotExist();
        assertThat(exportFile("status_2026-03-06.csv")).doesNotExist();
        assertThat(exportFile("status_2026-04-04.csv")).exists();
        assertThat(storeKeys(AggregatorTopology.STATUSES_STORE)).noneMatch(k -> k.contains("2026-03-10"))
                .anyMatch(k -> k.contains("2026-04-04"));
    }

    @Test
    void aRequestedDayIsWrittenAtOnceWithFormulasNeutralisedAndTextQuoted() throws Exception {
        clock.set("2026-03-01T15:00:00Z");
        reply("f4-1", "=HYPERLINK(\"x\")", "2026-03-01T14:00:00Z");
        reply("f4-2", "oui, \"merci\"\nà demain 😀", "2026-03-01T14:00:01Z");
        status("f4-1", StatusCode.DELIVERED, "2026-03-01T13:00:00Z");
        requests.pipeInput(CONNECTOR, new ExportRequested(CONNECTOR, LocalDate.parse("2026-03-01"), clock.instant()));

        List<CSVRecord> received = rows("received_2026-03-01.csv");
        assertThat(received).extracting(r -> r.get("message"))
                .containsExactly("'=HYPERLINK(\"x\")", "oui, \"merci\"\nà demain 😀");
        assertThat(Files.readString(exportFile("received_2026-03-01.csv"))).contains("\"'=HYPERLINK(\"\"x\"\")\"");
        CSVRecord first = received.get(0);
        assertThat(List.of(first.get("templateId"), first.get("fileIngestionId"), first.get("messageId"),
                first.get("outgoingMessageId"), first.get("phone"), first.get("receivedAt")))
                .containsExactly(CONNECTOR, "f4", "r-f4-1", "f4-1", "32476000001", "2026-03-01T14:00:00Z");
        CSVRecord status = rows("status_2026-03-01.csv").get(0);
        assertThat(status.toMap()).containsEntry("templateId", CONNECTOR).containsEntry("fileIngestionId", "f4")
                .containsEntry("messageId", "f4-1").containsEntry("phone", "32476000001")
                .containsEntry("sentAt", "2026-03-01T12:59:00Z").containsEntry("deliveredAt", "2026-03-01T13:00:00Z")
                .containsEntry("statusCode", "200").containsEntry("statusReason", "200-delivered");
    }

    @Test
    void aDryRunsResultsInAnyOrderBecomeItsPreviewOnceEveryRowHasOneAndStayOutOfTheDailyExport() throws Exception {
        String file = FileIngestionIds.DRY_RUN_PREFIX + "f9";
        TestInputTopic<String, Message> wouldSend = driver.createInputTopic(Topics.DRY_RUN_MESSAGES, new StringSerializer(),
                JsonSerde.of(Message.class).serializer());
        TestInputTopic<String, IngestionReport> reports = driver.createInputTopic(Topics.INGESTIONS, new StringSerializer(),
                JsonSerde.of(IngestionReport.class).serializer());
        Instant at = Instant.parse("2026-03-01T09:00:00Z");
        status(file + "-3", StatusCode.DUPLICATE_IN_FILE, "2026-03-01T09:00:00Z");
        wouldSend.pipeInput(file, new Message(file + "-1", file, CONNECTOR, "32476000001", "SHOP", "=Hi Ann", Encoding.GSM7, 1, at));
        reports.pipeInput(file, new IngestionReport(file, CONNECTOR, "spring.csv", IngestionState.DRY_RUN, "dry run", 3, 0, at));
        status(file + "-3", StatusCode.DUPLICATE_IN_FILE, "2026-03-01T09:00:00Z"); // a repeat counts once
        assertThat(exportFile("preview_spring.csv")).doesNotExist();

        status(file + "-2", StatusCode.MESSAGE_PARTS_EXCEEDED, "2026-03-01T09:00:00Z");

        assertThat(rows("preview_spring.csv")).extracting(r -> String.join("|", r.values())).containsExactly(
                "1|32476000001|'=Hi Ann|GSM7|1|send||",
                "2|32476000001||||refused|802|802-message-parts-exceeded",
                "3|32476000001||||refused|810|810-duplicate-in-file");
        assertThat(storeKeys(AggregatorTopology.DRY_RUN_ROWS_STORE)).isEmpty();
        assertThat(storeKeys(AggregatorTopology.DRY_RUN_FILES_STORE)).isEmpty();
        check("2026-03-02T02:00:00Z");
        assertThat(exportFile("status_2026-03-01.csv")).doesNotExist();
    }

    @Test
    void aPreviewThatCouldNotBeWrittenIsWrittenAtALaterCheck() throws Exception {
        String file = FileIngestionIds.DRY_RUN_PREFIX + "f10";
        TestInputTopic<String, IngestionReport> reports = driver.createInputTopic(Topics.INGESTIONS, new StringSerializer(),
                JsonSerde.of(IngestionReport.class).serializer());
        Path exports = settings.exportsDir(CONNECTOR);
        Files.createDirectories(exports.getParent().getParent());
        Files.writeString(exports.getParent(), "in the way"); // the home is a file: nothing can be written under it
        status(file + "-1", StatusCode.INVALID_PHONE, "2026-03-01T09:00:00Z");
        reports.pipeInput(file, new IngestionReport(file, CONNECTOR, "later.csv", IngestionState.DRY_RUN, "dry run", 1, 1,
                Instant.parse("2026-03-01T09:00:00Z")));
        assertThat(storeKeys(AggregatorTopology.DRY_RUN_FILES_STORE)).containsExactly(file);

        Files.delete(exports.getParent());
        driver.advanceWallClockTime(CHECK);

        assertThat(rows("preview_later.csv")).extracting(r -> r.get("statusReason")).containsExactly("821-invalid-phone");
        assertThat(storeKeys(AggregatorTopology.DRY_RUN_FILES_STORE)).isEmpty();
    }

    private void status(String messageId, StatusCode code, String at) {
        Instant time = Instant.parse(at);
        Instant sentAt = time.minusSeconds(60);
        Instant deliveredAt = code == StatusCode.DELIVERED ? time : null;
        statuses.pipeInput(messageId, Status.of(messageId, messageId.substring(0, messageId.lastIndexOf('-')), CONNECTOR,
                "32476000001", code, sentAt, deliveredAt, time));
    }

    private void reply(String outgoing, String text, String at) {
        replies.pipeInput("32476000001", new Reply("r-" + outgoing, outgoing, CONNECTOR,
                outgoing.substring(0, outgoing.indexOf('-')), "32476000001", text, Instant.parse(at)));
    }

    private void check(String now) {
        clock.set(now);
        driver.advanceWallClockTime(CHECK);
    }

    private Path exportFile(String name) {
        return settings.exportsDir(CONNECTOR).resolve(name);
    }

    private List<CSVRecord> rows(String name) throws Exception {
        try (Reader in = Files.newBufferedReader(exportFile(name), StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }

    private List<String> storeKeys(String store) {
        KeyValueStore<String, Object> kv = driver.getKeyValueStore(store);
        List<String> keys = new java.util.ArrayList<>();
        try (KeyValueIterator<String, Object> it = kv.all()) {
            it.forEachRemaining(e -> keys.add(e.key));
        }
        return keys;
    }
}
