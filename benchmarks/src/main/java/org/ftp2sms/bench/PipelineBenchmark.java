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
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.KafkaSettings;
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
        int rows = Integer.parseInt(System.getProperty("rows", args.length > 0 ? args[0] : "50000"));
        Path dir = Files.createTempDirectory("ftp2sms-bench");
        try (StandaloneApp app = new StandaloneApp(Map.of(
                "FTP2SMS_DATA_DIR", dir.resolve("data").toString(),
                "FTP2SMS_KAFKA_PORT", "0", "FTP2SMS_SFTP_PORT", "0", "FTP2SMS_FTPS_PORT", "0", "FTP2SMS_HTTP_PORT", "0", "FTP2SMS_HEALTH_PORT", "0",
                "FTP2SMS_PARTITIONS", "6",
                "FTP2SMS_SMSC_SIM_RECEIPT_DELAY", "0")).start()) {
            KafkaSettings kafka = KafkaSettings.of(app.bootstrapServers());
            appendTimeStamps(kafka, MILESTONES);
            JsonNode created = Json.mapper().readTree(post(app, CONNECTOR));
            JsonNode credentials = created.get("credentials");
            Path csv = writeCsv(dir.resolve("bench.csv"), rows);

            Instant uploadStart = Instant.now();
            OpenSshSftp.Result upload = OpenSshSftp.withPassword("127.0.0.1", app.sftpPort(),
                    credentials.get("username").asText(), credentials.get("password").asText())
                    .run("put " + csv + " bench.csv");
            if (!upload.ok()) {
                throw new IllegalStateException("upload failed: " + upload.output());
            }
            Instant uploaded = Instant.now();
            Result result = awaitDelivered(kafka, created.get("id").asText(), rows, uploaded, Duration.ofMinutes(10));
            Instant done = Instant.now();

            double total = Duration.between(uploadStart, done).toMillis() / 1000.0;
            System.out.printf("pipeline: %d rows, upload %.2f s, upload start to last 200-delivered %.2f s = %.0f rows/s%n",
                    rows, Duration.between(uploadStart, uploaded).toMillis() / 1000.0, total, rows / total);
            System.out.printf("pipeline: submitted (100) statuses seen %d, delivered (200) %d%n", result.submitted, result.delivered);
            System.out.printf("pipeline: latency file arrival -> delivery receipt p50 %d ms, p99 %d ms, max %d ms%n",
                    result.percentile(50), result.percentile(99), result.percentile(100));
            for (String topic : MILESTONES) {
                Span span = span(kafka, topic, created.get("id").asText());
                System.out.printf("pipeline: %-20s %6d records, first %6d ms, last %6d ms after upload start%n", topic,
                        span.count, span.first - uploadStart.toEpochMilli(), span.last - uploadStart.toEpochMilli());
            }
            double baseline = ProducerBaseline.recordsPerSecond(kafka, "bench-baseline", rows, 200);
            System.out.printf("baseline: Kafka plain producer, %d records of 200 bytes, acks=all: %.0f records/s%n", rows, baseline);
        }
    }

    private static Path writeCsv(Path file, int rows) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("phone;first_name;code\n");
            for (int i = 0; i < rows; i++) {
                out.write("+3247" + String.format("%07d", i) + ";name" + i + ";" + (1000 + i % 9000) + "\n");
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
