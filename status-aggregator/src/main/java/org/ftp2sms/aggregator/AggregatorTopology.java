package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.ftp2sms.contract.ExportRequested;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The exports topology: final statuses ({@code ftp2sms.statuses}, 1xx left out), replies ({@code ftp2sms.replies})
 * and export requests ({@code ftp2sms.export-requests}) are repartitioned by connector id, so that one task holds
 * all of a connector's rows, into {@link DailyExportProcessor} and its three persistent, changelogged RocksDB stores.
 * Statuses of dry runs stay out of it: with the dry-run messages and reports they make the preview exports.
 */
public final class AggregatorTopology {
    private static final Logger log = LoggerFactory.getLogger(AggregatorTopology.class);

    /** connectorId|day|messageId -> the message's last final Status of that day. */
    public static final String STATUSES_STORE = "aggregator-statuses";
    /** connectorId|day|receivedAtMillis|messageId -> Reply. */
    public static final String REPLIES_STORE = "aggregator-replies";
    /** connectorId|day -> {@link ExportDay}, the days with rows and whether they are written. */
    public static final String DAYS_STORE = "aggregator-days";
    /** fileIngestionId|rowNumber -> the {@link DryRunRow} of a dry-run file not written yet. */
    static final String DRY_RUN_ROWS_STORE = "aggregator-dry-run-rows";
    /** fileIngestionId -> {@link DryRunFile}: its report and how many rows have a result. */
    static final String DRY_RUN_FILES_STORE = "aggregator-dry-run-files";

    private AggregatorTopology() {
    }

    public static Topology build(StatusAggregatorSettings settings, Clock clock, MeterRegistry registry) {
        StreamsBuilder builder = new StreamsBuilder();
        // Cached: RocksDB and the changelogs are written once per key and commit, in batches, not at every row.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STATUSES_STORE), Serdes.String(), JsonSerde.of(Status.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(REPLIES_STORE), Serdes.String(), JsonSerde.of(Reply.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DAYS_STORE), Serdes.String(), JsonSerde.of(ExportDay.class))
                .withCachingEnabled());

        StatusCounts counts = new StatusCounts(registry);
        KStream<String, Status> allStatuses = builder
                .stream(Topics.STATUSES, Consumed.with(Serdes.String(), JsonSerde.of(Status.class)).withName("statuses"));
        KStream<String, AggregatorInput> statuses = allStatuses
                // A dry run's statuses are its preview's: neither counted nor exported.
                .filter((key, s) -> !s.dryRun(), Named.as("real-statuses"))
                .peek((key, s) -> counts.count(s), Named.as("count-statuses"))
                .filter((key, s) -> isExportable(s), Named.as("final-statuses"))
                .mapValues(AggregatorInput::of, Named.as("status-input"));
        KStream<String, AggregatorInput> replies = builder
                .stream(Topics.REPLIES, Consumed.with(Serdes.String(), JsonSerde.of(Reply.class)).withName("replies"))
                .filter((key, r) -> isExportable(r), Named.as("linked-replies"))
                .mapValues(AggregatorInput::of, Named.as("reply-input"));
        KStream<String, AggregatorInput> requests = builder
                .stream(Topics.EXPORT_REQUESTS, Consumed.with(Serdes.String(), JsonSerde.of(ExportRequested.class))
                        .withName("export-requests"))
                .filter((key, r) -> r != null && r.connectorId() != null && r.date() != null, Named.as("valid-requests"))
                .mapValues(AggregatorInput::of, Named.as("request-input"));

        statuses.merge(replies, Named.as("rows")).merge(requests, Named.as("inputs"))
                .selectKey((key, input) -> input.connectorId(), Named.as("by-connector-key"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(AggregatorInput.class)).withName("by-connector"))
                .process(() -> new DailyExportProcessor(settings, clock, registry), Named.as("daily-exports"),
                        STATUSES_STORE, REPLIES_STORE, DAYS_STORE);
        dryRuns(builder, allStatuses, settings, registry);
        return builder.build();
    }

    /**
     * Dry runs: the statuses of their rows (any stage's refusal), the messages the dispatcher diverted and their
     * DRY_RUN reports, repartitioned by file into {@link DryRunExportProcessor}.
     */
    private static void dryRuns(StreamsBuilder builder, KStream<String, Status> allStatuses, StatusAggregatorSettings settings,
                                MeterRegistry registry) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DRY_RUN_ROWS_STORE),
                Serdes.String(), JsonSerde.of(DryRunRow.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DRY_RUN_FILES_STORE),
                Serdes.String(), JsonSerde.of(DryRunFile.class)));
        KStream<String, DryRunInput> refusals = allStatuses
                .filter((key, s) -> isExportable(s) && s.dryRun() && s.fileIngestionId() != null, Named.as("dry-run-statuses"))
                .mapValues(DryRunInput::of, Named.as("dry-run-status-input"));
        KStream<String, DryRunInput> wouldSend = builder
                .stream(Topics.DRY_RUN_MESSAGES, Consumed.with(Serdes.String(), JsonSerde.of(Message.class)).withName("dry-run-messages"))
                .filter((key, m) -> m != null && m.dryRun() && m.messageId() != null, Named.as("valid-dry-run-messages"))
                .mapValues(DryRunInput::of, Named.as("dry-run-message-input"));
        KStream<String, DryRunInput> reports = builder
                .stream(Topics.INGESTIONS, Consumed.with(Serdes.String(), JsonSerde.of(IngestionReport.class)).withName("ingestions"))
                .filter((key, r) -> r != null && r.state() == IngestionState.DRY_RUN && r.dryRun() && r.connectorId() != null,
                        Named.as("dry-run-reports"))
                .mapValues(DryRunInput::of, Named.as("dry-run-report-input"));
        refusals.merge(wouldSend, Named.as("dry-run-rows")).merge(reports, Named.as("dry-run-inputs"))
                .selectKey((key, input) -> input.fileIngestionId(), Named.as("by-file-key"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(DryRunInput.class)).withName("by-file"))
                .process(() -> new DryRunExportProcessor(settings, registry), Named.as("dry-run-exports"),
                        DRY_RUN_ROWS_STORE, DRY_RUN_FILES_STORE);
    }

    /** Only final statuses go into the export; one without the ids or time it is filed under is logged and skipped. */
    static boolean isExportable(Status s) {
        if (s == null || !s.isFinal() || s.statusCode() < 200) {
            return false;
        }
        if (s.connectorId() == null || s.messageId() == null || s.at() == null) {
            log.warn("skipped a status without connectorId, messageId or at: messageId={} connectorId={}", s.messageId(), s.connectorId());
            return false;
        }
        return true;
    }

    /** A reply to no connector (no message was sent to that number) belongs to no export. */
    static boolean isExportable(Reply r) {
        return r != null && r.connectorId() != null && r.messageId() != null && r.receivedAt() != null;
    }
}
