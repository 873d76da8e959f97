package org.ftp2sms.admin.progress;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;

import java.time.Clock;
import java.time.Duration;

/**
 * Per-file progress, in two steps. First, in the task of each partition of {@code ftp2sms.statuses} (keyed by
 * message id), {@link PartitionTallyProcessor} keeps every message's current status code and counts that
 * partition's messages of each file by it. Then only those tallies, a few a second per file instead of every
 * status, are repartitioned by file ingestion id with the ingestion reports ({@code ftp2sms.ingestions}) into
 * {@link FileProgressProcessor}, which sums them. Every store is persistent, changelogged and cached; the
 * application runs exactly-once. {@link ProgressQueries} reads the results.
 */
public final class ProgressTopology {
    /** fileIngestionId → {@link FileProgress}. */
    public static final String FILES_STORE = "progress-files";
    /** fileIngestionId|messageId → the message's current status code, in its statuses partition's task. */
    public static final String MESSAGE_CODES_STORE = "progress-message-codes";
    /** fileIngestionId → {@link PartitionTally}: the file's messages of one statuses partition, in that partition's task. */
    static final String TALLIES_STORE = "progress-tallies";
    /** fileIngestionId|partition → the last {@link PartitionTally} of that partition the file's task summed. */
    static final String FILE_TALLIES_STORE = "progress-file-tallies";
    /** connectorId|fileIngestionId → when the file was first seen (epoch ms): a connector's files. */
    public static final String BY_CONNECTOR_STORE = "progress-by-connector";

    private static final char SEPARATOR = '|';

    private ProgressTopology() {
    }

    public static Topology build(Clock clock, Duration retention) {
        return build(clock, retention, Metrics.globalRegistry);
    }

    /** @param registry where reports the view cannot place are counted ({@link PlaceableReports}) */
    static Topology build(Clock clock, Duration retention, MeterRegistry registry) {
        return build(clock, retention, registry, PartitionTallyProcessor.FORWARD_INTERVAL);
    }

    /** @param forwardInterval how often a changed tally goes on to its file's task */
    static Topology build(Clock clock, Duration retention, MeterRegistry registry, Duration forwardInterval) {
        StreamsBuilder builder = new StreamsBuilder();
        // Cached (a store built by hand is not, unlike the DSL's): a message's code changes twice in a second
        // (submitted, delivered), a tally at every status; cached, each key is written once per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(MESSAGE_CODES_STORE), Serdes.String(), Serdes.Integer())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(TALLIES_STORE), Serdes.String(), new PartitionTallySerde())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(FILES_STORE), Serdes.String(), JsonSerde.of(FileProgress.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(FILE_TALLIES_STORE), Serdes.String(), new PartitionTallySerde())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(BY_CONNECTOR_STORE), Serdes.String(), Serdes.Long())
                .withCachingEnabled());

        KStream<String, ProgressInput> reports = builder
                .stream(Topics.INGESTIONS, Consumed.with(Serdes.String(), JsonSerde.of(IngestionReport.class)).withName("ingestions"))
                .processValues(() -> new PlaceableReports(registry), Named.as("valid-reports"))
                .selectKey((key, r) -> r.fileIngestionId(), Named.as("report-by-file"))
                .mapValues(ProgressInput::of, Named.as("report-input"));
        KStream<String, ProgressInput> tallies = builder.stream(
                        Topics.STATUSES,
                        Consumed.with(Serdes.String(), JsonSerde.of(Status.class))
                                .withName("statuses"))
                .process(
                        () -> new PartitionTallyProcessor(clock, retention, forwardInterval),
                        Named.as("partition-tallies"),
                        MESSAGE_CODES_STORE,
                        TALLIES_STORE);
        reports.merge(tallies, Named.as("inputs"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(ProgressInput.class))
                        .withName("by-file"))
                .process(
                        () -> new FileProgressProcessor(clock, retention),
                        Named.as("file-progress"),
                        FILES_STORE,
                        FILE_TALLIES_STORE,
                        BY_CONNECTOR_STORE);
        return builder.build();
    }

    /** What every key of a file's entries in the message-code and tally stores starts with. */
    static String filePrefix(String fileIngestionId) {
        return fileIngestionId + SEPARATOR;
    }

    static String messageKey(String fileIngestionId, String messageId) {
        return fileIngestionId + SEPARATOR + messageId;
    }

    static String tallyKey(String fileIngestionId, Object partition) {
        return fileIngestionId + SEPARATOR + partition;
    }

    static String connectorKey(String connectorId, String fileIngestionId) {
        return connectorId + SEPARATOR + fileIngestionId;
    }
}
