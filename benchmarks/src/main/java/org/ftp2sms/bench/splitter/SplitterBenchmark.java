package org.ftp2sms.bench.splitter;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.bench.BenchmarkKafka;
import org.ftp2sms.bench.ProducerBaseline;
import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.splitter.RowSplitterSettings;
import org.ftp2sms.splitter.RowSplitterStage;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The row splitter on a 200 000-row, ~20 MB file (one Kafka transaction), from the FileArrived event to the
 * committed COMPLETED report, beside a plain producer sending as many records of a row's size to the same broker.
 * The baseline runs first, on the fresh broker. The broker runs in the same JVM, so {@code -Dbench.heap=256m} caps the splitter AND the broker together.
 *
 * <p>Run: {@code mvn -B -q -o install -pl benchmarks -DskipTests} then
 * {@code mvn -B -q -o -pl benchmarks exec:exec -Dbench=splitter.SplitterBenchmark -Dbench.heap=256m}.
 * Two files are split, the first cold (JIT not warmed), the second warm.
 */
public final class SplitterBenchmark {
    static final int ROWS = 200_000;
    private static final String CONNECTOR = "bench-connector";

    private SplitterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path store = Files.createTempDirectory("ftp2sms-bench-splitter");
        try (BenchmarkKafka kafka = new BenchmarkKafka()) {
            publishConnector(kafka);
            RowSplitterSettings settings = new RowSplitterSettings(kafka.settings(), "bench", RowSplitterSettings.DEFAULT_MAX_ROWS,
                    RowSplitterSettings.DEFAULT_MAX_BYTES, "bench-splitter");
            // First, on the fresh broker: a new topic produced to right after heavy traffic has shown long
            // OUT_OF_ORDER_SEQUENCE retry loops here, which would measure those instead of the producer.
            int rowBytes = 310; // a Row event of this file as JSON, about
            long cpuBefore = processCpuNanos();
            double baseline = ProducerBaseline.recordsPerSecond(kafka.settings(), "bench-baseline", ROWS, rowBytes);
            System.out.printf(Locale.ROOT, "plain producer: %,.0f records/s, %.2f CPU-s of the JVM (client + broker)%n", baseline,
                    (processCpuNanos() - cpuBefore) / 1e9);
            try (RowSplitterStage stage = new RowSplitterStage(settings, new SimpleMeterRegistry())) {
                stage.start();
                double cold = run(kafka, store, "cold");
                double warm = run(kafka, store, "warm");
                System.out.printf(Locale.ROOT, "splitter 200k rows: cold %,.0f rows/s, warm %,.0f rows/s; plain producer %,.0f records/s (%d B); "
                        + "max heap %d MB, peak heap used %d MB, cores %d%n", cold, warm, baseline, rowBytes,
                        Runtime.getRuntime().maxMemory() / (1024 * 1024), peakHeapMegabytes(), Runtime.getRuntime().availableProcessors());
            }
        } finally {
            try (var files = Files.walk(store)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static double run(BenchmarkKafka kafka, Path store, String label) throws IOException {
        String id = "bench-file-" + label;
        Path file = store.resolve(id + ".csv");
        writeFile(file, ROWS);
        long bytes = Files.size(file);
        FileArrived arrived = new FileArrived(id, CONNECTOR, label + ".csv", file.toAbsolutePath().toString(), bytes,
                "sha-" + id, Protocol.SFTP, Instant.now());
        try (KafkaConsumer<String, IngestionReport> reports = new KafkaConsumer<>(kafka.settings().viewer("bench-reports-" + label),
                new StringDeserializer(), JsonSerde.of(IngestionReport.class).deserializer())) {
            List<TopicPartition> partitions = reports.partitionsFor(Topics.INGESTIONS).stream()
                    .map(p -> new TopicPartition(Topics.INGESTIONS, p.partition())).toList();
            reports.assign(partitions);
            reports.seekToEnd(partitions);
            partitions.forEach(reports::position);
            long cpuBefore = processCpuNanos();
            long start = System.nanoTime();
            send(kafka, Topics.FILE_ARRIVALS, CONNECTOR, JsonSerde.of(FileArrived.class).serializer().serialize(Topics.FILE_ARRIVALS, arrived));
            long deadline = start + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, IngestionReport> record : reports.poll(Duration.ofMillis(20))) {
                    IngestionReport report = record.value();
                    if (report != null && id.equals(report.fileIngestionId()) && report.state() != IngestionState.ACCEPTED) {
                        double seconds = (System.nanoTime() - start) / 1e9;
                        // CPU time is less at the mercy of a shared machine's load than wall-clock time.
                        System.out.printf(Locale.ROOT, "%s file: %s %d rows (%d refused), %.1f MB in %.2f s, %.2f CPU-s of the JVM "
                                + "(splitter + broker)%n", label, report.state(), report.rows(), report.invalidRows(), bytes / 1e6,
                                seconds, (processCpuNanos() - cpuBefore) / 1e9);
                        if (report.state() != IngestionState.COMPLETED || report.rows() != ROWS) {
                            throw new IllegalStateException("unexpected end: " + report);
                        }
                        return ROWS / seconds;
                    }
                }
            }
            throw new IllegalStateException("no final report for " + id + " within 5 minutes");
        }
    }

    /** ~100 bytes a row, phones written the ways customers write them, 1 in 100 invalid. */
    static void writeFile(Path file, int rows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("phone;first_name;last_name;city;code;amount;note\r\n");
            for (int i = 0; i < rows; i++) {
                int n = 1_000_000 + i;
                String digits = "47" + (n % 10) + String.format(Locale.ROOT, "%06d", n / 10);
                String phone = switch (i % 4) {
                    case 0 -> "0" + digits.substring(0, 3) + " " + digits.substring(3, 5) + " " + digits.substring(5, 7) + " " + digits.substring(7);
                    case 1 -> "+32 " + digits.substring(0, 3) + "." + digits.substring(3, 5) + "." + digits.substring(5);
                    case 2 -> "0032" + digits;
                    default -> "0" + digits;
                };
                if (i % 100 == 99) {
                    phone = "12";
                }
                out.write(phone + ";Firstname" + i + ";Lastname;Brussels;CODE-" + Integer.toHexString(n * 31) + ";" + (i % 1000) + ".50;"
                        + "short note, twenty c\r\n");
            }
        }
    }

    private static void publishConnector(BenchmarkKafka kafka) {
        Instant now = Instant.now();
        Connector connector = new Connector(CONNECTOR, "bench", "ACME", new Mapping("phone", "BE"), "Hello {{ first_name }}",
                SendingOptions.defaults(), null, null, now, now);
        send(kafka, Topics.CONNECTORS, CONNECTOR, JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, connector));
    }

    private static void send(BenchmarkKafka kafka, String topic, String key, byte[] value) {
        try (var producer = new KafkaProducer<>(kafka.settings().producer("bench-" + topic), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long peakHeapMegabytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }
}
