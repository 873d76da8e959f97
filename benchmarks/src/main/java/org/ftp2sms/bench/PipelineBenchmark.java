package org.ftp2sms.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ftp2sms.bench.jmh.HotPathSamples;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.standalone.StandaloneApp;
import org.ftp2sms.testkit.OpenSshSftp;

import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The whole pipeline as a customer drives it: a CSV of {@code rows} distinct recipients uploaded with the real
 * OpenSSH sftp client to {@code standalone} (embedded broker, SMSC simulator), timed until every row has its
 * {@code 200-delivered} status. Prints rows per second per milestone, per-message latency (file arrival to
 * delivery receipt) and, as the baseline, Kafka's plain producer on the same broker with as many records.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am install -DskipTests && mvn -B -q -pl benchmarks exec:exec
 * -Dbench=PipelineBenchmark -Drows=N}.
 */
public final class PipelineBenchmark {
    private static final String CONNECTOR = """
            { "name": "bench", "sender": "BENCH",
              "mapping": { "phoneColumn": "phone", "defaultCountry": "BE" },
              "template": "Hello {{ first_name | capitalize }}, your code is {{ code }}",
              "options": { "maxParts": 3, "dedupeWithinFile": true, "dedupeAcrossFilesDays": 0 },
              "access": { "protocol": "SFTP", "auth": "PASSWORD" } }
            """;

    /** Topics whose last write marks a stage's end; stamped by the broker on append, so that every stage is timed alike. */
    private static final List<String> MILESTONES =
            List.of(Topics.ROWS, Topics.ROWS_UNIQUE, Topics.MESSAGES, Topics.MESSAGES_READY, Topics.STATUSES);

    private static final String SMSC_PASSWORD = "bench";

    private PipelineBenchmark() {
    }

    /** Kafka Streams gives its output the input's timestamp; the broker's append time says when it was really written. */
    private static void appendTimeStamps(KafkaSettings kafka, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(kafka.common())) {
            Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
            for (String topic : topics) {
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(new AlterConfigOp(
                        new ConfigEntry("message.timestamp.type", "LogAppendTime"), AlterConfigOp.OpType.SET)));
            }
            admin.incrementalAlterConfigs(changes).all().get();
        }
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(System.getProperty("rows", args.length > 0 ? args[0] : "200000"));
        String receiptDelay = System.getProperty("receipt.delay.ms", "50");
        Path dir = Files.createTempDirectory("ftp2sms-bench");
        try (StandaloneApp app = new StandaloneApp(Map.of(
                        "FTP2SMS_DATA_DIR",
                        dir.resolve("data").toString(),
                        "FTP2SMS_KAFKA_PORT",
                        "0",
                        "FTP2SMS_SFTP_PORT",
                        "0",
                        "FTP2SMS_FTPS_PORT",
                        "0",
                        "FTP2SMS_HTTP_PORT",
                        "0",
                        "FTP2SMS_HEALTH_PORT",
                        "0",
                        "FTP2SMS_PARTITIONS",
                        System.getProperty("partitions", Integer.toString(StandaloneApp.DEFAULT_PARTITIONS)),
                        "FTP2SMS_SMSC_PASSWORD",
                        SMSC_PASSWORD,
                        "FTP2SMS_SMSC_SIM_RECEIPT_DELAY",
                        receiptDelay,
                        "FTP2SMS_SMPP_WINDOW",
                        System.getProperty("window", "50")))
                .start()) {
            KafkaSettings kafka = KafkaSettings.of(app.bootstrapServers());
            appendTimeStamps(kafka, MILESTONES);
            SmscSimulator smsc = app.simulator();
            int warmup = Integer.parseInt(System.getProperty("warmup.rows", "20000"));
            if (warmup > 0) {
                // Another connector's file first, through every stage: the measured file then meets a JIT-compiled
                // JVM, as a server's hundredth file does, and the compiler's own CPU is not charged to it.
                JsonNode warm = Json.mapper().readTree(post(app, CONNECTOR.replace("\"bench\"", "\"bench-warmup\"")));
                JsonNode warmCredentials = warm.get("credentials");
                Path warmCsv = writeCsv(dir.resolve("warmup.csv"), warmup, 5_000_000);
                OpenSshSftp.withPassword("127.0.0.1", app.sftpPort(), warmCredentials.get("username").asText(),
                        warmCredentials.get("password").asText()).run("put " + warmCsv + " warmup.csv");
                awaitCount(smsc::receiptsSent, warmup, Duration.ofMinutes(20));
                System.out.printf("warm-up: %d rows of another connector delivered first%n", warmup);
            }
            long receiptsBefore = smsc.receiptsSent();
            long submitsBefore = smsc.acceptedSubmitCount();
            JsonNode created = Json.mapper().readTree(post(app, CONNECTOR));
            JsonNode credentials = created.get("credentials");
            String connectorId = created.get("id").asText();
            Path csv = writeCsv(dir.resolve("bench.csv"), rows, 0);

            RequestCounts requests = RequestCounts.brokerByType();
            RequestCounts clients = RequestCounts.byClient();
            try (JvmSampler jvm = JvmSampler.start()) {
                long uploadStart = System.currentTimeMillis();
                OpenSshSftp.Result upload = OpenSshSftp.withPassword("127.0.0.1", app.sftpPort(),
                        credentials.get("username").asText(), credentials.get("password").asText())
                        .run("put " + csv + " bench.csv");
                if (!upload.ok()) {
                    throw new IllegalStateException("upload failed: " + upload.output());
                }
                long uploaded = System.currentTimeMillis();
                // Cheap counters while the pipeline runs; the topics are read only once it is done.
                awaitCount(smsc::receiptsSent, receiptsBefore + rows, Duration.ofMinutes(20));
                Result result = awaitDelivered(kafka, connectorId, rows, Instant.ofEpochMilli(uploaded), Duration.ofMinutes(5));
                if (result.delivered < rows) {
                    throw new IllegalStateException("only " + result.delivered + " of " + rows + " rows delivered");
                }
                long submits = smsc.acceptedSubmitCount() - submitsBefore;
                long lastSubmit = smsc.lastAcceptedSubmitAt().toEpochMilli();
                Span statuses = span(kafka, Topics.STATUSES, connectorId);
                long lastDelivered = statuses.last;
                JvmSampler.Window window = jvm.window(uploadStart, lastDelivered);

                double toSubmit = (lastSubmit - uploadStart) / 1000.0;
                double toDelivered = (lastDelivered - uploadStart) / 1000.0;
                System.out.printf("pipeline: %d rows, %.1f MB over SFTP in %.2f s%n", rows, Files.size(csv) / 1e6, (uploaded - uploadStart) / 1000.0);
                System.out.printf("pipeline: upload start to last submit_sm_resp %.2f s = %.0f rows/s%n", toSubmit, rows / toSubmit);
                System.out.printf("pipeline: upload start to last 200-delivered %.2f s = %.0f rows/s%n", toDelivered, rows / toDelivered);
                System.out.printf("pipeline: JVM CPU %.1f s = %.0f CPU-ms per 1000 rows; peak heap %d MB in use, %d MB after a GC (of %d MB max)%n",
                        window.cpuSeconds(), window.cpuSeconds() * 1_000_000 / rows, window.peakHeapBytes() >> 20,
                        window.peakAfterGcBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
                double total = window.cpuSeconds();
                Map<String, Double> byThreads = jvm.cpuByThreadGroup();
                double simulatorCpu = JvmSampler.simulatorSeconds(byThreads);
                // In production the SMSC is another operator's machine: what the gateway alone costs.
                System.out.printf(
                        "pipeline: of which the SMSC simulator %.1f s; without it %.0f CPU-ms per 1000 rows%n",
                        simulatorCpu, (total - simulatorCpu) * 1_000_000 / rows);
                byThreads.entrySet().stream()
                        .limit(25)
                        .forEach(e -> System.out.printf(
                                "cpu: %5.1f s %4.1f %%  %s%n", e.getValue(), 100 * e.getValue() / total, e.getKey()));
                Map<String, Long> byType = requests.since();
                System.out.printf("broker: %d requests = %.1f per row; per 1000 rows: %s%n", byType.values().stream().mapToLong(Long::longValue).sum(),
                        byType.values().stream().mapToLong(Long::longValue).sum() / (double) rows,
                        byType.entrySet().stream().limit(10).map(e -> e.getKey() + " " + e.getValue() * 1000 / rows)
                                .collect(java.util.stream.Collectors.joining(", ")));
                clients.since().entrySet().stream()
                        .limit(15)
                        .forEach(e -> System.out.printf(
                                "client: %6d requests per 1000 rows  %s%n", e.getValue() * 1000 / rows, e.getKey()));
                System.out.printf(
                        "pipeline: latency file arrival -> delivery receipt p50 %d ms, p99 %d ms, max %d ms%n",
                        result.percentile(50), result.percentile(99), result.percentile(100));
                for (String topic : MILESTONES) {
                    Span span = topic.equals(Topics.STATUSES) ? statuses : span(kafka, topic, connectorId);
                    System.out.printf("milestone: %-22s %7d records, first %7d ms, last %7d ms after upload start%n", topic,
                            span.count, span.first - uploadStart, span.last - uploadStart);
                }
                System.out.printf("milestone: %-22s %7d PDUs,                   last %7d ms after upload start%n", "submit_sm at the SMSC",
                        submits, lastSubmit - uploadStart);

                double producer = ProducerBaseline.recordsPerSecond(kafka, "bench-baseline", rows, 200);
                System.out.printf("baseline: Kafka plain producer, %d records of 200 bytes, acks=all: %.0f records/s%n", rows, producer);
                int window50 = Integer.parseInt(System.getProperty("window", "50"));
                double[] ceilingCpu = new double[2]; // the JVM's, the simulator's
                SmppCeiling.Result ceiling;
                try (JvmSampler ceilingJvm = JvmSampler.start()) {
                    long ceilingStart = System.currentTimeMillis();
                    ceiling =
                            SmppCeiling.run("localhost", smsc.port(), "ftp2sms", SMSC_PASSWORD, window50, rows, () -> {
                                ceilingCpu[0] = ceilingJvm
                                        .window(ceilingStart, System.currentTimeMillis())
                                        .cpuSeconds();
                                ceilingCpu[1] = JvmSampler.simulatorSeconds(ceilingJvm.cpuByThreadGroup());
                            });
                }
                // The same JVM's CPU for the bare client and the simulator answering it: the part of the pipeline's
                // CPU per row that SMPP itself costs here, whatever the pipeline does around it.
                System.out.printf(
                        "baseline: SMPP ceiling, bare jSMPP client, window %d, %d messages: %.0f submits/s, %.0f receipts/s, "
                                + "JVM CPU %.0f ms per 1000 messages: the simulator %.0f, the rest (client, JIT, idle pipeline) %.0f%n",
                        window50,
                        rows,
                        ceiling.submitsPerSecond(),
                        ceiling.receiptsPerSecond(),
                        ceilingCpu[0] * 1_000_000 / rows,
                        ceilingCpu[1] * 1_000_000 / rows,
                        (ceilingCpu[0] - ceilingCpu[1]) * 1_000_000 / rows);
                System.out.printf(
                        "ratio: pipeline / SMPP ceiling (to the last submit_sm_resp) = %.2f%n",
                        rows / toSubmit / ceiling.submitsPerSecond());
            }
        } finally {
            BenchmarkKafka.deleteTree(dir);
        }
    }

    /** Waits until {@code counter} reaches {@code target}, reading it every 10 ms. */
    private static void awaitCount(LongSupplier counter, long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counter.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + counter.getAsLong() + " of " + target + " after " + timeout);
            }
            Thread.sleep(10);
        }
    }

    private static Path writeCsv(Path file, int rows, int firstPhone) throws Exception {
        // About 100 bytes a row: a customer's export with a few columns the template does not use.
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HotPathSamples.CSV_HEADER);
            for (int i = 0; i < rows; i++) {
                out.write(HotPathSamples.csvLine(i, firstPhone));
            }
        }
        return file;
    }

    private record Result(long submitted, long delivered, long[] latenciesMs) {
        long percentile(int p) {
            if (latenciesMs.length == 0) {
                return -1;
            }
            int index = Math.min(latenciesMs.length - 1, (int) Math.ceil(p / 100.0 * latenciesMs.length) - 1);
            return latenciesMs[Math.max(0, index)];
        }
    }

    private static Result awaitDelivered(KafkaSettings kafka, String connectorId, int rows, Instant arrival, Duration timeout) {
        Set<String> delivered = new HashSet<>();
        long submitted = 0;
        long[] latencies = new long[rows];
        int n = 0;
        try (KafkaConsumer<String, Status> consumer = new KafkaConsumer<>(kafka.viewer("bench-statuses"),
                new StringDeserializer(), JsonSerde.of(Status.class).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.STATUSES).stream()
                    .map(p -> new TopicPartition(Topics.STATUSES, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (delivered.size() < rows && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Status> record : consumer.poll(Duration.ofMillis(200))) {
                    Status s = record.value();
                    if (s == null || !connectorId.equals(s.connectorId())) {
                        continue;
                    }
                    if (s.statusCode() == StatusCode.SUBMITTED.code()) {
                        submitted++;
                    } else if (s.statusCode() == StatusCode.DELIVERED.code() && delivered.add(s.messageId()) && n < rows) {
                        latencies[n++] = Duration.between(arrival, s.deliveredAt()).toMillis();
                    }
                }
            }
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Result(submitted, delivered.size(), sorted);
    }

    private record Span(long count, long first, long last) {
    }

    /** How many records of the connector a topic holds and when the first and last were written. */
    private static Span span(KafkaSettings kafka, String topic, String connectorId) {
        long count = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        byte[] marker = ("\"connectorId\":\"" + connectorId + "\"").getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.viewer("bench-span"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && indexOf(record.value(), marker) >= 0) {
                        count++;
                        first = Math.min(first, record.timestamp());
                        last = Math.max(last, record.timestamp());
                    }
                }
            }
        }
        return new Span(count, first, last);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String post(StandaloneApp app, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + app.httpPort() + "/api/v1/connectors"))
                .header("Authorization", "Bearer " + app.adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("creating the connector failed: " + response.body());
        }
        return response.body();
    }
}
