package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.ftp2sms.bench.jmh.HotPathSamples;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Suppression;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/**
 * The dedupe stage's judgement of one row without a broker: its own {@link DuplicateRecipientProcessor} (in this
 * package because it is package-private) over in-memory stores with the topology's serdes, so each row pays the
 * suppression look-ups, the recipient history read and write (JSON) and the rules, as on RocksDB minus RocksDB.
 *
 * <p>The rows are files of {@value #FILE_ROWS} recipients, one in ten repeating a recipient of its own file
 * (a 8xx duplicate), each file two days after the previous one (outside the connector's one-day across-files window),
 * so the store stays at {@value #FILE_ROWS} recipients and most rows pass, as in {@code DedupeBenchmark}.
 */
@State(Scope.Benchmark)
public class DedupeJudgementBench {
    static final int FILE_ROWS = 100_000;

    private final String[] phones = new String[FILE_ROWS];
    private final String[] keys = new String[FILE_ROWS];
    private final Map<String, String> columns =
            HotPathSamples.row("f", 0, Instant.EPOCH).columns();
    private final SendingOptions options = new SendingOptions(3, true, 1, null);
    private MockProcessorContext<String, DedupeVerdict> context;
    private DuplicateRecipientProcessor processor;
    private long n;
    private String fileIngestionId;
    private Instant receivedAt;
    private DedupeVerdict last;

    @Setup
    public void setUp() {
        for (int i = 0; i < FILE_ROWS; i++) {
            int recipient = i % 10 == 9 ? i - 5 : i;
            phones[i] = "3247" + String.format("%07d", recipient);
            keys[i] = RecipientKey.of(HotPathSamples.CONNECTOR_ID, phones[i]);
        }
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "jmh-dedupe");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9"); // never connected to
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        context = new MockProcessorContext<>(config) {
            @Override
            public <K extends String, V extends DedupeVerdict> void forward(Record<K, V> record) {
                last = record.value();
            }
        };
        Serde<ConnectorOptions> connectorSerde = ConnectorOptions.serde();
        KeyValueStore<String, RecipientHistory> recipients = add(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(DedupeTopology.RECIPIENTS_STORE),
                Serdes.String(),
                JsonSerde.of(RecipientHistory.class)));
        add(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(DedupeTopology.AWAITING_CONNECTOR_STORE),
                Serdes.String(),
                JsonSerde.of(Row.class)));
        TimestampedKeyValueStore<String, ConnectorOptions> connectors = add(Stores.timestampedKeyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(DedupeTopology.CONNECTORS_STORE), Serdes.String(), connectorSerde));
        TimestampedKeyValueStore<String, Suppression> suppressions = add(Stores.timestampedKeyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(DedupeTopology.SUPPRESSIONS_STORE),
                Serdes.String(),
                JsonSerde.of(Suppression.class)));
        connectors.put(HotPathSamples.CONNECTOR_ID, ValueAndTimestamp.make(new ConnectorOptions(options), 0L));
        // A list with other numbers on it: every look-up of a row is a miss, as for most rows.
        Suppression entry = new Suppression(
                Suppression.INSTALLATION, "32499000000", true, null, null, null, HotPathSamples.RECEIVED_AT);
        suppressions.put(entry.key(), ValueAndTimestamp.make(entry, 0L));
        processor = new DuplicateRecipientProcessor(
                new SimpleMeterRegistry(),
                RecipientRetention.of(RecipientRetention.DEFAULT_GRACE),
                DedupeTopology.DEFAULT_CONNECTOR_WAIT);
        context.setCurrentSystemTimeMs(HotPathSamples.RECEIVED_AT.toEpochMilli());
        processor.init(context);
        if (recipients.approximateNumEntries() != 0) {
            throw new IllegalStateException("the recipients store should start empty");
        }
    }

    private <S extends org.apache.kafka.streams.processor.StateStore> S add(StoreBuilder<S> builder) {
        S store = builder.withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    @TearDown
    public void tearDown() {
        processor.close();
    }

    /** One row judged and remembered; a new file every {@value #FILE_ROWS} rows. */
    @Benchmark
    public DedupeVerdict judgeRow() {
        int i = (int) (n % FILE_ROWS);
        if (i == 0) {
            long file = n / FILE_ROWS;
            fileIngestionId = "f-bench-" + file;
            receivedAt = HotPathSamples.RECEIVED_AT.plus(Duration.ofDays(2 * file));
            context.setCurrentStreamTimeMs(receivedAt.toEpochMilli());
        }
        n++;
        Row row = new Row(fileIngestionId, HotPathSamples.CONNECTOR_ID, i + 1L, phones[i], columns, receivedAt);
        processor.process(new Record<>(keys[i], new RowWithOptions(row, options, true), receivedAt.toEpochMilli()));
        return last;
    }
}
