package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.Serde;
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
import org.ftp2sms.contract.Suppression;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.DeadLetters;

import java.time.Duration;
import java.util.Map;

/**
 * The dedupe topology: {@code ftp2sms.rows} joined with the connectors (a global table, so every instance sees
 * every connector), refused with 840 when the phone is on the suppression list (a second global table, so every
 * instance sees every entry whatever the partitioning), then judged against a persistent, changelogged RocksDB
 * store of recipients; survivors go to
 * {@code ftp2sms.rows-unique} under the same key, duplicates become 8xx statuses on {@code ftp2sms.statuses}
 * keyed by message id.
 *
 * <p>Event time is {@link Row#receivedAt()} ({@link RowEventTime}); the store is bounded by
 * {@link RecipientRetention}.
 *
 * <p>A connector's options are those in the global table when its rows are judged. The table is filled by its own
 * thread, so the first rows of a connector created moments before its first upload could reach the join before
 * the connector does; those rows wait for it ({@link RowsAwaitingConnector}). A change of options applies likewise
 * to the rows judged after the table has it, not by the file's arrival time: carrying the options the splitter
 * applied inside each row would make even that exact (a contract change, left for later).
 */
public final class DedupeTopology {
    /** connectorId:phone -> {@link RecipientHistory}. */
    public static final String RECIPIENTS_STORE = "dedupe-recipients";
    /** connectorId:inputOffset -> Row, rows waiting for their connector to reach the connectors table. */
    public static final String AWAITING_CONNECTOR_STORE = "dedupe-awaiting-connector";
    /** How long rows wait for a connector the connectors table does not hold before the defaults apply. */
    public static final Duration DEFAULT_CONNECTOR_WAIT = Duration.ofSeconds(30);
    /** connectorId -> {@link ConnectorOptions}, the global copy of the connectors topic. */
    public static final String CONNECTORS_STORE = "dedupe-connectors";
    /** scope:phone -> {@link Suppression}, the global copy of the suppression list. */
    public static final String SUPPRESSIONS_STORE = "dedupe-suppressions";

    private DedupeTopology() {
    }

    /** The topology with the default retention ({@link RecipientRetention#DEFAULT_GRACE}). */
    public static Topology build(MeterRegistry registry) {
        return build(registry, RecipientRetention.of(RecipientRetention.DEFAULT_GRACE));
    }

    public static Topology build(MeterRegistry registry, RecipientRetention retention) {
        return build(registry, retention, DEFAULT_CONNECTOR_WAIT);
    }

    /**
     * @param connectorWait how long the rows of a connector missing from the connectors table wait for it (see
     *                      {@link RowsAwaitingConnector}) before they are judged with the default options
     */
    public static Topology build(MeterRegistry registry, RecipientRetention retention, Duration connectorWait) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<ConnectorOptions> connectorSerde = ConnectorOptions.serde();
        GlobalKTable<String, ConnectorOptions> connectors = builder.globalTable(Topics.CONNECTORS,
                Consumed.with(Serdes.String(), connectorSerde),
                Materialized.<String, ConnectorOptions, KeyValueStore<Bytes, byte[]>>as(CONNECTORS_STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(connectorSerde));
        builder.globalTable(Topics.SUPPRESSIONS, Consumed.with(Serdes.String(), JsonSerde.of(Suppression.class)),
                Materialized.<String, Suppression, KeyValueStore<Bytes, byte[]>>as(SUPPRESSIONS_STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(JsonSerde.of(Suppression.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RECIPIENTS_STORE), Serdes.String(), JsonSerde.of(RecipientHistory.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(AWAITING_CONNECTOR_STORE), Serdes.String(), JsonSerde.of(Row.class)));

        KStream<String, Row> rows = builder.stream(Topics.ROWS, Consumed.with(Serdes.String(), JsonSerde.of(Row.class))
                .withTimestampExtractor(new RowEventTime()).withName("rows"));
        unjudgeable(rows.filterNot(UnjudgeableRows::isJudgeable, Named.as("unjudgeable-rows")), registry);
        Map<String, KStream<String, DedupeVerdict>> verdicts = rows
                .filter(UnjudgeableRows::isJudgeable, Named.as("judgeable-rows"))
                .leftJoin(connectors, (key, row) -> row.connectorId(), RowWithOptions::of, Named.as("with-connector"))
                .process(() -> new DuplicateRecipientProcessor(registry, retention, connectorWait), Named.as("judge"),
                        RECIPIENTS_STORE, AWAITING_CONNECTOR_STORE)
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

    /** Rows the splitter should never write (no key, no file or connector): 890 or a dead letter, never fatal. */
    private static void unjudgeable(KStream<String, Row> rows, MeterRegistry registry) {
        rows.process(() -> new UnjudgeableRows(registry), Named.as("unjudgeable"))
                .to((key, value, context) -> context.headers().lastHeader(DeadLetters.REASON) != null
                        ? Topics.DEAD_LETTERS : Topics.STATUSES, Produced.with(Serdes.String(), Serdes.ByteArray()));
    }
}
