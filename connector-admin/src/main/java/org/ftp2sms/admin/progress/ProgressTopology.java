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
 * Per-file progress: ingestion reports ({@code ftp2sms.ingestions}) and statuses ({@code ftp2sms.statuses}, keyed by
 * message id) are repartitioned by file ingestion id into {@link FileProgressProcessor} and three persistent,
 * changelogged RocksDB stores, queried by {@link ProgressQueries}.
 */
public final class ProgressTopology {
    /** fileIngestionId → {@link FileProgress}. */
    public static final String FILES_STORE = "progress-files";
    /** fileIngestionId|messageId → the message's current status code. */
    public static final String MESSAGES_STORE = "progress-messages";
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
        StreamsBuilder builder = new StreamsBuilder();
        // Cached (a store built by hand is not, unlike the DSL's): a file's progress changes with every status, and a
        // message's code twice in a second (submitted, delivered). Uncached, each change was a RocksDB write and a
        // changelog record on the spot; cached, each key is written once per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(FILES_STORE), Serdes.String(), JsonSerde.of(FileProgress.class))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(MESSAGES_STORE), Serdes.String(), Serdes.Integer())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(BY_CONNECTOR_STORE), Serdes.String(), Serdes.Long())
                .withCachingEnabled());

        KStream<String, ProgressInput> reports = builder
                .stream(Topics.INGESTIONS, Consumed.with(Serdes.String(), JsonSerde.of(IngestionReport.class)).withName("ingestions"))
                .processValues(() -> new PlaceableReports(registry), Named.as("valid-reports"))
                .selectKey((key, r) -> r.fileIngestionId(), Named.as("report-by-file"))
                .mapValues(ProgressInput::of, Named.as("report-input"));
        KStream<String, ProgressInput> statuses = builder
                .stream(Topics.STATUSES, Consumed.with(Serdes.String(), JsonSerde.of(Status.class)).withName("statuses"))
                .filter((key, s) -> s != null && s.fileIngestionId() != null && s.messageId() != null, Named.as("valid-statuses"))
                .selectKey((key, s) -> s.fileIngestionId(), Named.as("status-by-file"))
                .mapValues(ProgressInput::of, Named.as("status-input"));
        reports.merge(statuses, Named.as("inputs"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(ProgressInput.class)).withName("by-file"))
                .process(() -> new FileProgressProcessor(clock, retention), Named.as("file-progress"),
                        FILES_STORE, MESSAGES_STORE, BY_CONNECTOR_STORE);
        return builder.build();
    }

    static String messageKey(String fileIngestionId, String messageId) {
        return fileIngestionId + SEPARATOR + messageId;
    }

    static String connectorKey(String connectorId, String fileIngestionId) {
        return connectorId + SEPARATOR + fileIngestionId;
    }
}
