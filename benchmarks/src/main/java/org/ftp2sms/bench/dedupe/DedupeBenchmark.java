package org.ftp2sms.bench.dedupe;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.bench.BenchmarkKafka;
import org.ftp2sms.bench.ProducerBaseline;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.dedupe.DedupeSettings;
import org.ftp2sms.dedupe.DedupeStage;
import org.ftp2sms.service.KafkaSettings;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Rows per second through the dedupe topology ({@code exactly_once_v2}, RocksDB, one stream thread) on a fresh
 * embedded broker with 6 partitions, beside a plain producer on the same broker.
 *
 * <ol>
 *   <li>pre-produced file: N rows of one connector (within-file on, across-files 7 days; every 10th row repeats a
 *       recipient of the file) already in {@code ftp2sms.rows}; time from {@code start()} until the stream's
 *       committed offsets reach the end of the topic (EOS: every output is then committed);</li>
 *   <li>live file: a second file of the same recipients a day later (811 and 810) produced while the stream runs;
 *       rows/s and the end-to-end latency of each row, send to committed output seen by a read_committed consumer;</li>
 *   <li>live file 8 days later, outside the window: the recipients pass again (and the in-file repeats get 810);</li>
 *   <li>trickle: 2 000 new rows at 1 000 rows/s, the latency of a row when the stream is not loaded.</li>
 * </ol>
 * Run: {@code mvn -B -q -o install -pl benchmarks -DskipTests} then
 * {@code mvn -B -q -o -pl benchmarks exec:exec -Dbench=dedupe.DedupeBenchmark}; the row count can be changed with
 * {@code -Ddedupe.rows=N} on a direct {@code java} run.
 */
public final class DedupeBenchmark {
    private static final String CONNECTOR = "bench-dedupe";
    private static final Instant DAY0 = Instant.parse("2026-03-02T10:15:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int TRICKLE_ROWS = 2_000;
    private static final int TRICKLE_PER_SECOND = 1_000;

    private DedupeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("dedupe.rows", 200_000);
        Path stateDir = Files.createTempDirectory("ftp2sms-bench-dedupe");
        try (BenchmarkKafka kafka = new BenchmarkKafka()) {
            KafkaSettings settings = kafka.settings();
            String applicationId = "bench-dedupe";
            publishConnector(settings);

            warmUpRowsPartitions(settings);
            Timed produced = produce(settings, rows, i -> row("f1", i, DAY0), null);
            long end = endOffsetSum(settings);

            CpuClock cpu = new CpuClock();
            long start = System.nanoTime();
            // -Dkafka.<property>=<value> adds a client property to the stream (for trying a setting; printed below).
            Map<String, String> extra = System.getProperties().stringPropertyNames().stream()
                    .filter(name -> name.startsWith("kafka.")).collect(Collectors.toMap(name -> name.substring(6), System::getProperty));
            KafkaSettings streamSettings = new KafkaSettings(settings.bootstrapServers(), extra);
            try (DedupeStage stage = new DedupeStage(new DedupeSettings(streamSettings, stateDir, applicationId), new SimpleMeterRegistry())) {
                stage.start();
                long running = System.nanoTime();
                awaitCommitted(settings, applicationId, end);
                long done = System.nanoTime();
                CpuClock.Used preProducedCpu = cpu.lap();

                LiveRun live = live(settings, rows, i -> row("f2", i, DAY0.plus(Duration.ofDays(1))), "f2-");
                CpuClock.Used liveCpu = cpu.lap();
                LiveRun fresh = live(settings, rows, i -> row("f3", i, DAY0.plus(Duration.ofDays(8))), "f3-");
                CpuClock.Used freshCpu = cpu.lap();
                LiveRun trickle = trickle(settings);

                int valueBytes = JsonSerde.of(Row.class).serializer().serialize(Topics.ROWS, row("f1", rows, DAY0)).length;
                double baseline = ProducerBaseline.recordsPerSecond(settings, "bench.dedupe-baseline", rows, valueBytes);

                System.out.printf("dedupe-stream benchmark: %,d rows (1 in 10 repeats a recipient of its file), %d partitions, "
                        + "1 stream thread, exactly_once_v2, RocksDB, %d cores%n", rows, BenchmarkKafka.PARTITIONS,
                        Runtime.getRuntime().availableProcessors());
                if (!extra.isEmpty()) {
                    System.out.println("  with " + extra);
                }
                System.out.printf("  producing the file to ftp2sms.rows:     %,10.0f rows/s%n", produced.perSecond(rows));
                System.out.printf("  pre-produced file, from start():        %,10.0f rows/s (%.2f s; start() to RUNNING %.2f s)%n",
                        rows / seconds(start, done), seconds(start, done), seconds(start, running));
                System.out.printf("  pre-produced file, from RUNNING:        %,10.0f rows/s (%.2f s)%n",
                        rows / seconds(running, done), seconds(running, done));
                System.out.printf("    CPU s: stream thread %.1f (%.1f µs/row), whole JVM with the broker %.1f: %s%n",
                        preProducedCpu.streamThreadSeconds(), preProducedCpu.streamThreadSeconds() * 1e6 / rows,
                        preProducedCpu.processSeconds(), preProducedCpu.busiest());
                System.out.printf("  live file (811/810), send to output:    %,10.0f rows/s (%.2f s); latency %s%n",
                        rows / live.seconds(), live.seconds(), live.latency());
                System.out.printf("    CPU s: stream thread %.1f (%.1f µs/row), whole JVM with the broker, producer, reader %.1f: %s%n",
                        liveCpu.streamThreadSeconds(), liveCpu.streamThreadSeconds() * 1e6 / rows,
                        liveCpu.processSeconds(), liveCpu.busiest());
                System.out.printf("  live file 8 days later (unique/810):    %,10.0f rows/s (%.2f s); latency %s%n",
                        rows / fresh.seconds(), fresh.seconds(), fresh.latency());
                System.out.printf("    CPU s: stream thread %.1f (%.1f µs/row), whole JVM with the broker, producer, reader %.1f: %s%n",
                        freshCpu.streamThreadSeconds(), freshCpu.streamThreadSeconds() * 1e6 / rows,
                        freshCpu.processSeconds(), freshCpu.busiest());
                System.out.printf("  trickle %,d rows/s, send to output:     latency %s%n", TRICKLE_PER_SECOND, trickle.latency());
                System.out.printf("  plain producer baseline, same broker:   %,10.0f records/s (%d-byte values, acks=all)%n",
                        baseline, valueBytes);
            }
        } finally {
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Row {@code i} (1-based) of a file; every 10th row repeats the recipient of the row 5 before it. */
    private static Row row(String file, int i, Instant receivedAt) {
        int recipient = i % 10 == 0 ? i - 5 : i;
        String phone = String.format("3247%07d", recipient);
        return new Row(file, CONNECTOR, i, phone,
                Map.of("phone", phone, "first_name", "Name" + recipient, "code", String.valueOf(100_000 + i)), receivedAt);
    }

    private static void publishConnector(KafkaSettings settings) throws Exception {
        Connector connector = new Connector(CONNECTOR, "benchmark", "ACME", new Mapping("phone", "BE"),
                "Hello {{ first_name }}, your code is {{ code }}", new SendingOptions(3, true, 7, null), null, null, DAY0, DAY0);
        try (KafkaProducer<String, byte[]> producer = producer(settings, "bench-connectors")) {
            producer.send(new ProducerRecord<>(Topics.CONNECTORS, CONNECTOR,
                    JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, connector))).get();
        }
    }

    /**
     * A tombstone to each partition of ftp2sms.rows first (the stream skips them): a new partition's leader may
     * refuse the first produce for a while, and the idempotent producer then retries for long.
     */
    private static void warmUpRowsPartitions(KafkaSettings settings) {
        try (KafkaProducer<String, byte[]> producer = producer(settings, "bench-warm-up")) {
            for (int p = 0; p < BenchmarkKafka.PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(Topics.ROWS, p, "warm-up", null));
            }
            producer.flush();
        }
    }

    private record Timed(long startNanos, long endNanos) {
        double perSecond(int count) {
            return count / seconds(startNanos, endNanos);
        }
    }

    /** Sends rows 1..count as fast as the producer takes them; records each send time when {@code sentAt} is given. */
    private static Timed produce(KafkaSettings settings, int count, IntFunction<Row> rows, AtomicLongArray sentAt) {
        var serializer = JsonSerde.of(Row.class).serializer();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(settings, "bench-rows")) {
            for (int i = 1; i <= count; i++) {
                Row row = rows.apply(i);
                byte[] value = serializer.serialize(Topics.ROWS, row);
                if (sentAt != null) {
                    sentAt.set(i, System.nanoTime());
                }
                producer.send(new ProducerRecord<>(Topics.ROWS, RecipientKey.of(CONNECTOR, row.phone()), value));
            }
            producer.flush();
        }
        return new Timed(start, System.nanoTime());
    }

    private record LiveRun(long firstSend, long lastOutput, long[] latenciesNanos) {
        double seconds() {
            return DedupeBenchmark.seconds(firstSend, lastOutput);
        }

        String latency() {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return String.format("p50 %d ms, p99 %d ms, max %d ms", percentile(sorted, 50), percentile(sorted, 99),
                    sorted[sorted.length - 1] / 1_000_000);
        }

        private static long percentile(long[] sorted, int p) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1_000_000;
        }
    }

    /** A file produced while the stream runs; each row's latency until its outcome is readable committed. */
    private static LiveRun live(KafkaSettings settings, int count, IntFunction<Row> rows, String messageIdPrefix) throws Exception {
        AtomicLongArray sentAt = new AtomicLongArray(count + 1);
        try (OutcomeReader outcomes = new OutcomeReader(settings, messageIdPrefix, count)) {
            Thread producer = new Thread(() -> produce(settings, count, rows, sentAt), "bench-live-producer");
            long firstSend = System.nanoTime();
            producer.start();
            long[] latencies = outcomes.awaitAll(sentAt);
            producer.join();
            return new LiveRun(firstSend, outcomes.lastSeen, latencies);
        }
    }

    /** New recipients at a steady low rate, so the latency is that of an idle pipeline, not of a queue. */
    private static LiveRun trickle(KafkaSettings settings) throws Exception {
        AtomicLongArray sentAt = new AtomicLongArray(TRICKLE_ROWS + 1);
        var serializer = JsonSerde.of(Row.class).serializer();
        try (OutcomeReader outcomes = new OutcomeReader(settings, "f4-", TRICKLE_ROWS)) {
            Thread producerThread = new Thread(() -> {
                try (KafkaProducer<String, byte[]> producer = producer(settings, "bench-trickle")) {
                    long interval = 1_000_000_000L / TRICKLE_PER_SECOND;
                    long next = System.nanoTime();
                    for (int i = 1; i <= TRICKLE_ROWS; i++) {
                        Row row = new Row("f4", CONNECTOR, i, String.format("3248%07d", i), Map.of("code", "1"), DAY0.plus(Duration.ofDays(9)));
                        LockSupport.parkNanos(next - System.nanoTime());
                        next += interval;
                        sentAt.set(i, System.nanoTime());
                        producer.send(new ProducerRecord<>(Topics.ROWS, RecipientKey.of(CONNECTOR, row.phone()),
                                serializer.serialize(Topics.ROWS, row)));
                    }
                }
            }, "bench-trickle-producer");
            long firstSend = System.nanoTime();
            producerThread.start();
            long[] latencies = outcomes.awaitAll(sentAt);
            producerThread.join();
            return new LiveRun(firstSend, outcomes.lastSeen, latencies);
        }
    }

    /**
     * Reads rows-unique and statuses read_committed from their current end and notes when the outcome of each row of
     * one file (by message id prefix) is first seen.
     */
    private static final class OutcomeReader implements AutoCloseable {
        private final KafkaConsumer<String, Row> rowsUnique;
        private final KafkaConsumer<String, String> statuses;
        private final String messageIdPrefix;
        private final int count;
        private long lastSeen;

        OutcomeReader(KafkaSettings settings, String messageIdPrefix, int count) {
            this.messageIdPrefix = messageIdPrefix;
            this.count = count;
            rowsUnique = new KafkaConsumer<>(settings.viewer("bench-outcomes-rows"), new StringDeserializer(),
                    JsonSerde.of(Row.class).deserializer());
            statuses = new KafkaConsumer<>(settings.viewer("bench-outcomes-statuses"), new StringDeserializer(),
                    new StringDeserializer());
            assignAtEnd(rowsUnique, Topics.ROWS_UNIQUE);
            assignAtEnd(statuses, Topics.STATUSES);
        }

        private static void assignAtEnd(KafkaConsumer<?, ?> consumer, String topic) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        long[] awaitAll(AtomicLongArray sentAt) {
            long[] latencies = new long[count];
            boolean[] seen = new boolean[count + 1];
            int outcomes = 0;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (outcomes < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + outcomes + " of " + count + " outcomes after " + TIMEOUT);
                }
                List<Integer> rowNumbers = new ArrayList<>();
                for (ConsumerRecord<String, Row> record : rowsUnique.poll(Duration.ofMillis(5))) {
                    if (record.value() != null && record.value().messageId().startsWith(messageIdPrefix)) {
                        rowNumbers.add((int) record.value().rowNumber());
                    }
                }
                for (ConsumerRecord<String, String> record : statuses.poll(Duration.ofMillis(5))) {
                    // Keyed by message id: no need to parse the status.
                    if (record.key() != null && record.key().startsWith(messageIdPrefix)) {
                        rowNumbers.add(Integer.parseInt(record.key().substring(messageIdPrefix.length())));
                    }
                }
                long now = System.nanoTime();
                for (int rowNumber : rowNumbers) {
                    if (!seen[rowNumber]) {
                        seen[rowNumber] = true;
                        latencies[outcomes++] = now - sentAt.get(rowNumber);
                        lastSeen = now;
                    }
                }
            }
            return latencies;
        }

        @Override
        public void close() {
            rowsUnique.close();
            statuses.close();
        }
    }

    /**
     * CPU time used since the last lap: by the stream threads (their names end in {@code StreamThread-N}) and by the
     * whole JVM. On a shared machine this is steadier than rows per wall-clock second.
     */
    private static final class CpuClock {
        /** CPU seconds of the stream threads, of the whole JVM, and of the busiest thread groups. */
        record Used(double streamThreadSeconds, double processSeconds, String busiest) {
        }

        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final Map<Long, Long> threadNanos = new java.util.HashMap<>();
        private long processNanos = os.getProcessCpuTime();
        private Map<String, Long> nativeBefore = Map.of();

        CpuClock() {
            lap();
        }

        Used lap() {
            Map<String, Long> byGroup = new java.util.HashMap<>();
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null) {
                    long now = threads.getThreadCpuTime(info.getThreadId());
                    Long before = threadNanos.put(info.getThreadId(), now);
                    byGroup.merge(group(info.getThreadName()), now - (before == null ? 0 : before), Long::sum);
                }
            }
            long process = os.getProcessCpuTime();
            long threadsTotal = byGroup.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> nativeNow = nativeThreadNanos();
            long nativeTotal = 0;
            for (Map.Entry<String, Long> e : nativeNow.entrySet()) {
                long delta = e.getValue() - nativeBefore.getOrDefault(e.getKey(), 0L);
                byGroup.merge(e.getKey(), delta, Long::sum);
                nativeTotal += delta;
            }
            nativeBefore = nativeNow;
            byGroup.put("other", process - processNanos - threadsTotal - nativeTotal);
            String busiest = byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                    .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / 1e9)).collect(Collectors.joining(", "));
            Used used = new Used(byGroup.getOrDefault("stream thread", 0L) / 1e9, (process - processNanos) / 1e9, busiest);
            processNanos = process;
            return used;
        }

        /** CPU of the JVM's own threads (JIT, GC) and RocksDB's, which ThreadMXBean does not list; Linux only. */
        private static Map<String, Long> nativeThreadNanos() {
            Map<String, Long> byGroup = new java.util.HashMap<>();
            Path tasks = Path.of("/proc/self/task");
            if (!Files.isDirectory(tasks)) {
                return byGroup;
            }
            try (Stream<Path> threads = Files.list(tasks)) {
                threads.forEach(task -> {
                    try {
                        String name = Files.readString(task.resolve("comm")).trim();
                        String group = name.startsWith("C1 ") || name.startsWith("C2 ") ? "JIT"
                                : name.startsWith("G1 ") || name.startsWith("GC ") || name.startsWith("VM Thread") ? "GC"
                                : name.startsWith("rocksdb") ? "RocksDB" : null;
                        if (group != null) {
                            String stat = Files.readString(task.resolve("stat"));
                            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                            byGroup.merge(group, ticks * 10_000_000L, Long::sum); // USER_HZ = 100
                        }
                    } catch (java.io.IOException | RuntimeException threadEnded) {
                        // a thread that ended between the listing and the read
                    }
                });
            } catch (java.io.IOException e) {
                return byGroup;
            }
            return byGroup;
        }

        private static String group(String threadName) {
            if (threadName.matches(".*-StreamThread-\\d+")) {
                return "stream thread";
            }
            if (threadName.startsWith("kafka-producer-network-thread")) {
                return "producer I/O threads";
            }
            if (threadName.startsWith("data-plane-kafka") || threadName.contains("broker") || threadName.startsWith("kafka-")) {
                return "broker";
            }
            return threadName.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "*").replaceAll("\\d+", "N");
        }
    }

    private static long endOffsetSum(KafkaSettings settings) throws Exception {
        try (Admin admin = Admin.create(settings.common())) {
            return admin.listOffsets(rowsPartitions(OffsetSpec.latest())).all().get().values().stream()
                    .mapToLong(o -> o.offset()).sum();
        }
    }

    /** Until the stream's committed offsets on ftp2sms.rows add up to {@code end}: under EOS its outputs are then committed. */
    private static void awaitCommitted(KafkaSettings settings, String applicationId, long end) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Admin admin = Admin.create(settings.common())) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get();
                long sum = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.ROWS))
                        .mapToLong(e -> e.getValue().offset()).sum();
                if (sum >= end) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("committed " + sum + " of " + end + " rows after " + TIMEOUT);
                }
                Thread.sleep(20);
            }
        }
    }

    private static Map<TopicPartition, OffsetSpec> rowsPartitions(OffsetSpec spec) {
        return IntStream.range(0, BenchmarkKafka.PARTITIONS).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(Topics.ROWS, p), p -> spec));
    }

    private static KafkaProducer<String, byte[]> producer(KafkaSettings settings, String clientId) {
        return new KafkaProducer<>(settings.producer(clientId), new StringSerializer(), new ByteArraySerializer());
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }
}
