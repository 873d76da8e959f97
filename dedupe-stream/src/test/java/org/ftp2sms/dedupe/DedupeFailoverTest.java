package org.ftp2sms.dedupe;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.testkit.FreePorts;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the dedupe stream in one consumer group on the real broker: one in this JVM, the other a
 * separate JVM ({@link DedupeMain}) killed with SIGKILL mid-stream, so it neither commits nor leaves the group.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DedupeFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A second JVM starting on a busy shared machine can be slow. */
    private static final Duration JVM_START = Duration.ofSeconds(120);
    private static final Instant DAY0 = Instant.parse("2026-03-02T10:15:00Z");
    /** Detect the dead member and abort its open transaction quickly (broker minimum session timeout: 6 s). */
    private static final Map<String, String> FAST_FAILOVER = Map.of(
            "session.timeout.ms", "6000",
            "heartbeat.interval.ms", "1000",
            "transaction.timeout.ms", "5000");
    private static final int RECIPIENTS = 60;
    private static final int NEW_RECIPIENTS = 40;

    @Test
    void theSurvivorTakesOverACrashedInstancesPartitionsWithoutLettingADuplicateThroughOrLosingARow(
            TestKafka kafka, @TempDir Path dir) throws Exception {
        String connectorId = TestKafka.unique("failover");
        String applicationId = TestKafka.unique("dedupe-failover");
        publish(kafka, Topics.CONNECTORS, connectorId, JsonSerde.of(Connector.class).serializer()
                .serialize(Topics.CONNECTORS, DedupeTopologyTest.connector(connectorId, true, 7)));

        OtherInstance other = startOtherInstance(kafka, dir, applicationId);
        try (DedupeStage survivor = new DedupeStage(new DedupeSettings(
                new KafkaSettings(kafka.bootstrapServers(), FAST_FAILOVER), dir.resolve("survivor"), applicationId),
                new SimpleMeterRegistry())) {
            survivor.start();
            other.awaitHealthy();
            await("the two instances share the partitions").atMost(WAIT)
                    .until(() -> survivor.activeTaskCount() > 0 && survivor.activeTaskCount() < TestKafka.PARTITIONS);

            // File 1: every recipient once, then 20 of them again (810).
            String f1 = TestKafka.unique("f1");
            List<Row> file1 = new ArrayList<>();
            IntStream.range(0, RECIPIENTS).forEach(i -> file1.add(row(f1, connectorId, file1.size() + 1, i, DAY0)));
            IntStream.range(0, 20).forEach(i -> file1.add(row(f1, connectorId, file1.size() + 1, i, DAY0)));
            produce(kafka, file1);
            kafka.awaitValues(Topics.ROWS_UNIQUE, Row.class, r -> f1.equals(r.fileIngestionId()), RECIPIENTS, WAIT);
            kafka.awaitValues(Topics.STATUSES, Status.class, s -> f1.equals(s.fileIngestionId()), 20, WAIT);

            // File 2, a day later: 40 new recipients; then the 60 of file 1 again (811) and 10 of the new ones again
            // (810): every row after the new ones is decided on state, half of it in the other instance's store.
            String f2 = TestKafka.unique("f2");
            Instant day1 = DAY0.plus(Duration.ofDays(1));
            List<Row> file2 = new ArrayList<>();
            IntStream.range(RECIPIENTS, RECIPIENTS + NEW_RECIPIENTS).forEach(i -> file2.add(row(f2, connectorId, file2.size() + 1, i, day1)));
            IntStream.range(0, RECIPIENTS).forEach(i -> file2.add(row(f2, connectorId, file2.size() + 1, i, day1)));
            IntStream.range(RECIPIENTS, RECIPIENTS + 10).forEach(i -> file2.add(row(f2, connectorId, file2.size() + 1, i, day1)));
            produce(kafka, file2.subList(0, NEW_RECIPIENTS));
            kafka.awaitValues(Topics.ROWS_UNIQUE, Row.class, r -> f2.equals(r.fileIngestionId()), NEW_RECIPIENTS, WAIT);

            assertThat(survivor.activeTaskCount()).as("the other instance owns partitions").isLessThan(TestKafka.PARTITIONS);
            int crashAt = NEW_RECIPIENTS + RECIPIENTS / 2;
            produce(kafka, file2.subList(NEW_RECIPIENTS, crashAt));
            other.crash(); // most likely mid-transaction, with part of these rows processed and not committed
            produce(kafka, file2.subList(crashAt, file2.size()));

            await("the survivor takes over every partition").atMost(WAIT)
                    .until(() -> survivor.activeTaskCount() == TestKafka.PARTITIONS);
            CommittedRows.waitFor(kafka, applicationId, WAIT);

            // The crashed instance's open transaction holds read_committed readers of its output partitions until
            // the broker aborts it (transaction timeout, then the broker's next sweep): what the survivor committed
            // behind it becomes visible only then.
            List<Row> unique = new ArrayList<>();
            await("the crashed instance's transaction is aborted and every row is visible").atMost(WAIT).untilAsserted(() -> {
                unique.clear();
                unique.addAll(kafka.valuesNow(Topics.ROWS_UNIQUE, Row.class, r -> connectorId.equals(r.connectorId())));
                assertThat(unique.stream().map(Row::phone).distinct().count()).isEqualTo(RECIPIENTS + NEW_RECIPIENTS);
            });
            Map<String, Long> passesPerPhone = unique.stream().collect(Collectors.groupingBy(Row::phone, Collectors.counting()));
            assertThat(passesPerPhone).as("every recipient passed exactly once")
                    .hasSize(RECIPIENTS + NEW_RECIPIENTS)
                    .allSatisfy((phone, passes) -> assertThat(passes).as(phone).isEqualTo(1L));
            assertThat(unique).filteredOn(r -> f1.equals(r.fileIngestionId())).extracting(Row::rowNumber)
                    .containsExactlyInAnyOrderElementsOf(rowNumbers(1, RECIPIENTS));
            assertThat(unique).filteredOn(r -> f2.equals(r.fileIngestionId())).extracting(Row::rowNumber)
                    .containsExactlyInAnyOrderElementsOf(rowNumbers(1, NEW_RECIPIENTS));

            List<Status> refused = kafka.valuesNow(Topics.STATUSES, Status.class, s -> connectorId.equals(s.connectorId()));
            Map<String, Integer> codeByMessage = refused.stream().collect(Collectors.toMap(Status::messageId, Status::statusCode, (first, again) -> first));
            assertThat(refused).as("one status per refused row").hasSize(codeByMessage.size());
            Map<String, Integer> expected = new HashMap<>();
            rowNumbers(RECIPIENTS + 1, RECIPIENTS + 20).forEach(n -> expected.put(f1 + "-" + n, 810));
            rowNumbers(NEW_RECIPIENTS + 1, NEW_RECIPIENTS + RECIPIENTS).forEach(n -> expected.put(f2 + "-" + n, 811));
            rowNumbers(RECIPIENTS + NEW_RECIPIENTS + 1, RECIPIENTS + NEW_RECIPIENTS + 10).forEach(n -> expected.put(f2 + "-" + n, 810));
            assertThat(codeByMessage).isEqualTo(expected);
        } finally {
            other.crash();
        }
    }

    /** {@link DedupeMain} in its own JVM, as a deployment runs it. */
    private static OtherInstance startOtherInstance(TestKafka kafka, Path dir, String applicationId) throws IOException {
        Path config = dir.resolve("other-kafka.properties");
        Files.writeString(config, FAST_FAILOVER.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
        Path log = Path.of("target", "dedupe-failover-other-" + applicationId + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), DedupeMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        int healthPort = FreePorts.next();
        builder.environment().putAll(Map.of(
                "FTP2SMS_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "FTP2SMS_KAFKA_CONFIG_FILE", config.toString(),
                "FTP2SMS_DATA_DIR", dir.resolve("other").toString(),
                "FTP2SMS_DEDUPE_APPLICATION_ID", applicationId,
                "FTP2SMS_HEALTH_PORT", String.valueOf(healthPort)));
        return new OtherInstance(builder.start(), healthPort);
    }

    private static void produce(TestKafka kafka, List<Row> rows) {
        var serializer = JsonSerde.of(Row.class).serializer();
        try (var producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("rows")),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Row row : rows) {
                producer.send(new ProducerRecord<>(Topics.ROWS, RecipientKey.of(row.connectorId(), row.phone()),
                        serializer.serialize(Topics.ROWS, row)));
            }
        }
    }

    private static void publish(TestKafka kafka, String topic, String key, byte[] value) throws Exception {
        try (var producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("publish")),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static Row row(String file, String connectorId, long rowNumber, int recipient, Instant receivedAt) {
        String phone = String.format("324710%05d", recipient);
        return new Row(file, connectorId, rowNumber, phone, Map.of("phone", phone), receivedAt);
    }

    private static List<Long> rowNumbers(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Long::valueOf).toList();
    }

    /** The other instance's JVM and its /health port. */
    private record OtherInstance(Process process, int healthPort) {

        void awaitHealthy() {
            HttpClient http = HttpClient.newHttpClient();
            URI health = URI.create("http://localhost:" + healthPort + "/health");
            await("the other instance is running").atMost(JVM_START).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertThat(process.isAlive()).as("the other instance died; see target/dedupe-failover-other-*.log").isTrue();
                try {
                    return http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYetListening) {
                    return false;
                }
            });
        }

        /** SIGKILL: no commit, no leave-group, an open transaction left to time out. */
        void crash() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }
    }
}
