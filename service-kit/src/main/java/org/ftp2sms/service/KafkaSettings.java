package org.ftp2sms.service;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * How a service reaches Kafka, and the client settings every stage shares: batching, compressing,
 * idempotent producers and read-committed consumers.
 *
 * @param bootstrapServers {@code FTP2SMS_KAFKA_BOOTSTRAP}
 * @param clientProperties extra client properties (security, for instance) from the properties file named by
 *                         {@code FTP2SMS_KAFKA_CONFIG_FILE}; they override the tuning defaults (linger, batch size,
 *                         compression...) but never the delivery guarantees (acks, idempotence, read_committed,
 *                         manual commits, exactly_once_v2), which are set last
 * @param instanceId       {@code FTP2SMS_INSTANCE_ID} (default the host name), or null: when set, consumer groups
 *                         know this Kafka Streams instance by it (static membership), so that an instance restarted after a
 *                         crash takes its partitions back at once instead of after the dead member's session
 *                         timeout (45 s); it must then be stable across restarts and unique per instance, as the
 *                         transactional ids derived from it already require
 */
public record KafkaSettings(String bootstrapServers, Map<String, String> clientProperties, String instanceId) {

    public KafkaSettings {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** Without an instance id: group members are dynamic. */
    public KafkaSettings(String bootstrapServers, Map<String, String> clientProperties) {
        this(bootstrapServers, clientProperties, null);
    }

    public static KafkaSettings of(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, Map.of());
    }

    public static KafkaSettings fromEnv(Env env) {
        Map<String, String> extra = new HashMap<>(KafkaSecurity.fromEnv(env));
        Path file = env.path("FTP2SMS_KAFKA_CONFIG_FILE", null);
        if (file != null) {
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                props.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("FTP2SMS_KAFKA_CONFIG_FILE: cannot read " + file, e);
            }
            props.stringPropertyNames().forEach(k -> extra.put(k, props.getProperty(k)));
        }
        return new KafkaSettings(env.string("FTP2SMS_KAFKA_BOOTSTRAP", "localhost:9092"), extra, env.instanceId());
    }

    /** A common base: bootstrap plus the extra client properties. */
    public Map<String, Object> common() {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.putAll(clientProperties);
        return props;
    }

    /*
     * Client memory. standalone runs some twenty clients in one heap (512 MB is its budget, broker included): with
     * Kafka's defaults (32 MB of send buffer per producer, fetches of up to 50 MB, 1 MB per partition, 10 MB of
     * cache per Streams application) a burst of a large file's rows ran it out of memory. A full send buffer makes
     * send() wait, which is the back-pressure wanted; FTP2SMS_KAFKA_* settings still override each.
     */
    static final int PRODUCER_BUFFER_BYTES = 8 * 1024 * 1024;
    static final int PARTITION_FETCH_BYTES = 256 * 1024;
    static final int FETCH_BYTES = 8 * 1024 * 1024;
    static final long STREAMS_CACHE_BYTES = 4L * 1024 * 1024;

    /** An idempotent, batching producer of string keys and byte values. */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, PRODUCER_BUFFER_BYTES);
        props.putAll(common());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        reportToMeters(props);
        return props;
    }

    /** A transactional producer; the id must be stable across restarts of the same instance to fence zombies. */
    public Map<String, Object> transactionalProducer(String transactionalId) {
        Map<String, Object> props = producer(transactionalId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        // Fewer waits on CONCURRENT_TRANSACTIONS between back-to-back transactions.
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        return props;
    }

    /** A group consumer that sees committed records only and commits its offsets itself (or in a transaction). */
    public Map<String, Object> consumer(String groupId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PARTITION_FETCH_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_BYTES);
        props.putAll(common());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        reportToMeters(props);
        return props;
    }

    /** A consumer outside any group (for views that read a whole topic). */
    public Map<String, Object> viewer(String clientId) {
        Map<String, Object> props = consumer("unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /** A Kafka Streams application with exactly-once processing. */
    public Properties streams(String applicationId, Path stateDir) {
        Properties props = new Properties();
        // Each commit is a transaction: its offsets, its markers on every partition written, and a stream thread
        // blocked until they are. Every 100 ms, dedupe-stream spent three quarters of its time waiting on them and
        // held the whole pipeline back; every 500 ms doubled the pipeline's rows per second (docs/benchmarks.md).
        props.put("commit.interval.ms", 500);
        // Nothing a transaction writes is visible before its commit: lingering up to the commit interval costs no
        // latency and sends one request per commit instead of one per 5 ms.
        props.put("producer." + ProducerConfig.LINGER_MS_CONFIG, 100);
        props.put("producer." + ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // A transaction's first send waits (CONCURRENT_TRANSACTIONS) while the previous commit's markers are still
        // being written; the default backoff (100 ms, growing to 1 s) then stalls every commit of the stream thread.
        props.put("producer." + ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
        props.put("producer." + ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100);
        props.put("consumer." + ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // No topology here joins two streams by time, so a task reading several topics need not wait for (or check
        // the lag of) the empty ones: at the default (0), Kafka Streams formats a log line per empty partition at
        // every record it picks, a sixth of the status aggregator's thread (docs/benchmarks.md).
        props.put("max.task.idle.ms", -1L);
        props.put("producer." + ProducerConfig.BUFFER_MEMORY_CONFIG, PRODUCER_BUFFER_BYTES);
        props.put("consumer." + ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PARTITION_FETCH_BYTES);
        props.put("consumer." + ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_BYTES);
        props.put("statestore.cache.max.bytes", STREAMS_CACHE_BYTES);
        props.putAll(common());
        props.put("application.id", applicationId);
        props.put("processing.guarantee", "exactly_once_v2");
        props.put("state.dir", stateDir.toAbsolutePath().toString());
        if (instanceId != null) {
            // Kafka Streams suffixes it with each stream thread's index.
            props.put("main.consumer." + ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, clientId(applicationId, instanceId));
        }
        // Passed on to the application's consumers and producers: their lag is reported like every other stage's.
        Map<String, Object> reporters = new HashMap<>();
        reporters.put(
                CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG,
                props.get(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG));
        reportToMeters(reporters);
        props.putAll(reporters);
        return props;
    }

    /**
     * {@link #streams} for an application off the sending path, whose output nothing waits for to submit (the
     * status aggregator, the progress view): fewer, larger transactions, each of which costs the broker a marker per
     * partition written, and fetches that wait for 64 KiB or 200 ms instead of returning every few records. Its
     * results lag by about a second.
     */
    public Properties streamsOffThePath(String applicationId, Path stateDir) {
        Properties props = streams(applicationId, stateDir);
        props.put("commit.interval.ms", 1000);
        props.put("main.consumer." + ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        props.put("main.consumer." + ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
        return props;
    }

    /**
     * How a group consumer closes on purpose: it leaves the group, so its partitions move at once. A static member
     * ({@code group.instance.id}) that closes without leaving would hold them until its session times out.
     */
    public static CloseOptions leavingGroup(Duration timeout) {
        return CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(timeout);
    }

    /** Adds {@link KafkaClientMeters} to the client's reporters, keeping the configured ones (JMX by default). */
    private static void reportToMeters(Map<String, Object> props) {
        Object configured = props.get(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG);
        String reporters = configured == null || configured.toString().isBlank() ? JmxReporter.class.getName() : configured.toString();
        props.put(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, reporters + "," + KafkaClientMeters.class.getName());
    }

    /** A client id safe for metrics and logs. */
    public static String clientId(String service, String instance) {
        return (service + "-" + instance).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    }
}
