package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.json.JsonSerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The dedupe topology: {@code ftp2sms.rows} joined with the connectors (a global table, so every instance sees
 * every connector), judged against a persistent, changelogged RocksDB store of recipients; survivors go to
 * {@code ftp2sms.rows-unique} under the same key, duplicates become 8xx statuses on {@code ftp2sms.statuses}
 * keyed by message id.
 *
 * <p>Event time is {@link Row#receivedAt()} ({@link RowEventTime}); the store is bounded by
 * {@link RecipientRetention}.
 *
 * <p>Known race, kept on purpose: a connector's options are those in the global table when its row is processed,
 * not when its file arrived. The global table is updated by its own thread, so the rows of a connector created (or
 * changed) moments before its first file could in principle be judged with the defaults (within-file on, across-files
 * off) or the previous options. In practice the gateway only accepts uploads from a connector it already reads from
 * the same topic, and the file then goes through the splitter first, so the global thread is seconds ahead. The
 * clean fix is to carry the options the splitter applied in the row itself (a contract change, not done here); an
 * unknown connector's rows are then refused by the renderer anyway (830).
 */
public final class DedupeTopology {
    private static final Logger log = LoggerFactory.getLogger(DedupeTopology.class);

    /** connectorId:phone -> {@link RecipientHistory}. */
    public static final String RECIPIENTS_STORE = "dedupe-recipients";
    /** connectorId -> Connector, the global copy of the connectors topic. */
    public static final String CONNECTORS_STORE = "dedupe-connectors";

    private DedupeTopology() {
    }

    /** The topology with the default retention ({@link RecipientRetention#DEFAULT_GRACE}). */
    public static Topology build(MeterRegistry registry) {
        return build(registry, RecipientRetention.of(RecipientRetention.DEFAULT_GRACE));
    }

    public static Topology build(MeterRegistry registry, RecipientRetention retention) {
        StreamsBuilder builder = new StreamsBuilder();
        JsonSerde<Connector> connectorSerde = JsonSerde.of(Connector.class);
        GlobalKTable<String, Connector> connectors = builder.globalTable(Topics.CONNECTORS,
                Consumed.with(Serdes.String(), connectorSerde),
                Materialized.<String, Connector, KeyValueStore<Bytes, byte[]>>as(CONNECTORS_STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(connectorSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RECIPIENTS_STORE), Serdes.String(), JsonSerde.of(RecipientHistory.class)));

        Map<String, KStream<String, DedupeVerdict>> verdicts = builder
                .stream(Topics.ROWS, Consumed.with(Serdes.String(), JsonSerde.of(Row.class))
                        .withTimestampExtractor(new RowEventTime()).withName("rows"))
                .filter(DedupeTopology::isJudgeable, Named.as("judgeable-rows"))
                .leftJoin(connectors, (key, row) -> row.connectorId(), RowWithOptions::of, Named.as("with-connector"))
                .process(() -> new DuplicateRecipientProcessor(registry, retention), Named.as("judge"), RECIPIENTS_STORE)
                .split(Named.as("verdict-"))
                .branch((key, verdict) -> verdict.isUnique(), Branched.as("unique"))
                .defaultBranch(Branched.as("duplicate"));

        verdicts.get("verdict-unique")
                .mapValues(DedupeVerdict::row, Named.as("unique-row"))
                .to(Topics.ROWS_UNIQUE, Produced.with(Serdes.String(), JsonSerde.of(Row.class)));
        verdicts.get("verdict-duplicate")
                .map((key, verdict) -> KeyValue.pair(verdict.row().messageId(), verdict.status()), Named.as("duplicate-status"))
                .to(Topics.STATUSES, Produced.with(Serdes.String(), JsonSerde.of(Status.class)));
        return builder.build();
    }

    /** A row the splitter should never write (no key, no file or connector) is logged and skipped, not fatal. */
    private static boolean isJudgeable(String key, Row row) {
        if (row == null) {
            return false;
        }
        if (key == null || row.connectorId() == null || row.fileIngestionId() == null) {
            log.warn("skipped a row without key, connectorId or fileIngestionId: key={} connectorId={} fileIngestionId={} rowNumber={}",
                    key, row.connectorId(), row.fileIngestionId(), row.rowNumber());
            return false;
        }
        return true;
    }
}
