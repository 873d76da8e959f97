package org.ftp2sms.splitter;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 6's crash test: the splitter PROCESS is killed (SIGKILL) in the middle of a 200 000-row file, restarted, and
 * a read_committed consumer then sees exactly 200 000 rows of that file, none twice, and one COMPLETED report. Both
 * splitter processes run with {@code -Xmx256m}, so the restarted one also shows the whole file going through a
 * 256 MB heap (a process that runs out of memory exits and fails the test).
 *
 * <p>To kill it mid-file every time, not by luck of timing, the first process reads the stored file through a named
 * pipe that this test fills with the first 50 000 rows only: the process publishes them inside its open transaction
 * (a read_uncommitted consumer sees its progress report for 40 000 rows) and waits for more; then it is killed, and
 * the pipe is replaced by the complete file, as the gateway would have stored it.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CrashRecoveryTest {
    private static final int ROWS = 200_000;
    private static final int ROWS_BEFORE_KILL = 50_000;
    private static final Instant RECEIVED = Instant.parse("2026-03-02T10:15:00Z");

    private final TestKafka kafka;
    private final Path store;

    CrashRecoveryTest(TestKafka kafka, @TempDir Path store) {
        this.kafka = kafka;
        this.store = store;
    }

    @Test
    void killedMidFileThenRestartedPublishesEveryRowExactlyOnce() throws Exception {
        String connectorId = TestKafka.unique("crash");
        String fileId = TestKafka.unique("file");
        String instanceId = TestKafka.unique("crash-splitter");
        String groupId = TestKafka.unique("crash-group");
        Path stored = store.resolve(fileId);
        assertThat(new ProcessBuilder("mkfifo", stored.toString()).start().waitFor()).isZero();
        publish(Topics.CONNECTORS, connectorId, JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS,
                new Connector(connectorId, "crash", "ACME", new Mapping("phone", "BE"), "Hi", SendingOptions.defaults(),
                        null, null, RECEIVED, RECEIVED)));

        CountDownLatch killed = new CountDownLatch(1);
        Thread pipeWriter = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(stored)) { // returns once the splitter opens the file
                writeRows(out, ROWS_BEFORE_KILL);
                out.flush();
                killed.await(2, TimeUnit.MINUTES); // keep the pipe open: the splitter waits for the rest
            } catch (IOException | InterruptedException e) {
                // The reader died: the pipe is broken, as intended.
            }
        }, "pipe-writer");
        pipeWriter.start();

        Process first = SplitterProcess.start("256m", Path.of("target", "crash-first-splitter.log"), kafka.bootstrapServers(),
                instanceId, groupId);
        Process second = null;
        try {
            FileArrived file = new FileArrived(fileId, connectorId, "big.csv", stored.toAbsolutePath().toString(), 0, "sha",
                    Protocol.SFTP, RECEIVED);
            publish(Topics.FILE_ARRIVALS, connectorId, JsonSerde.of(FileArrived.class).serializer().serialize(Topics.FILE_ARRIVALS, file));

            awaitUncommittedProgress(fileId, 40_000, first);
            first.destroyForcibly().waitFor();
            killed.countDown();
            pipeWriter.join();

            // The dead process's transaction is still open: nothing of the file is visible to read_committed readers.
            assertThat(CommittedKeys.now(kafka.settings(), Topics.ROWS, k -> k.startsWith(connectorId + ":"))).isEmpty();
            assertThat(CommittedKeys.now(kafka.settings(), Topics.INGESTIONS, fileId::equals)).isEmpty();

            assertThat(stored).as("deleted only after a commit").exists();
            Files.delete(stored);
            try (OutputStream out = Files.newOutputStream(stored)) {
                writeRows(out, ROWS);
            }
            assertThat(Files.size(stored)).isBetween(15_000_000L, RowSplitterSettings.DEFAULT_MAX_BYTES);

            second = SplitterProcess.start("256m", Path.of("target", "crash-second-splitter.log"), kafka.bootstrapServers(),
                    instanceId, groupId);
            IngestionReport completed = awaitCommittedReport(fileId, r -> r.state() == IngestionState.COMPLETED, second);
            assertThat(completed.rows()).isEqualTo(ROWS);
            assertThat(completed.invalidRows()).isZero();

            List<String> keys = CommittedKeys.now(kafka.settings(), Topics.ROWS, k -> k.startsWith(connectorId + ":"));
            assertThat(keys).hasSize(ROWS);
            assertThat(new HashSet<>(keys)).as("one row per phone, none twice").hasSize(ROWS);
            List<IngestionReport> reports = kafka.valuesNow(Topics.INGESTIONS, IngestionReport.class, r -> fileId.equals(r.fileIngestionId()));
            assertThat(reports).as("ACCEPTED, 20 progress reports, COMPLETED: of the second attempt only")
                    .hasSize(2 + ROWS / FileSplitter.PROGRESS_EVERY);
            assertThat(reports.stream().filter(r -> r.state() == IngestionState.COMPLETED)).hasSize(1);
            awaitDeleted(stored);
        } finally {
            killed.countDown();
            first.destroyForcibly();
            if (second != null) {
                stop(second);
            }
        }
    }

    /** A read_uncommitted consumer sees the open transaction's progress. */
    private void awaitUncommittedProgress(String fileId, long rows, Process splitter) {
        Map<String, Object> props = kafka.settings().viewer(TestKafka.unique("uncommitted"));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<String, IngestionReport> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                JsonSerde.of(IngestionReport.class).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INGESTIONS).stream()
                    .map(p -> new TopicPartition(Topics.INGESTIONS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, IngestionReport> record : consumer.poll(Duration.ofMillis(200))) {
                    IngestionReport report = record.value();
                    if (report != null && fileId.equals(report.fileIngestionId())) {
                        assertThat(report.state()).isEqualTo(IngestionState.ACCEPTED);
                        if (report.rows() >= rows) {
                            return;
                        }
                    }
                }
                assertAlive(splitter);
            }
        }
        fail("no progress report for " + rows + " rows within 2 minutes");
    }

    private IngestionReport awaitCommittedReport(String fileId, Predicate<IngestionReport> filter, Process splitter) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            List<IngestionReport> found = kafka.awaitValues(Topics.INGESTIONS, IngestionReport.class,
                    r -> fileId.equals(r.fileIngestionId()) && filter.test(r), 1, Duration.ofSeconds(3));
            if (!found.isEmpty()) {
                return found.get(0);
            }
            assertAlive(splitter);
        }
        return fail("no committed final report within 3 minutes");
    }

    private static void assertAlive(Process splitter) {
        if (!splitter.isAlive()) {
            fail("the splitter process exited with " + splitter.exitValue() + " (out of memory?), see target/crash-*-splitter.log");
        }
    }

    private static void awaitDeleted(Path stored) throws InterruptedException {
        for (int i = 0; i < 100 && Files.exists(stored); i++) {
            Thread.sleep(100);
        }
        assertThat(stored).doesNotExist();
    }

    private static void stop(Process splitter) throws IOException, InterruptedException {
        splitter.getOutputStream().close();
        if (!splitter.waitFor(30, TimeUnit.SECONDS)) {
            splitter.destroyForcibly().waitFor();
        }
    }

    /** Header and {@code rows} rows of ~95 bytes, each with its own valid Belgian mobile number. */
    private static void writeRows(OutputStream stream, int rows) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
        out.write("phone;first_name;last_name;code;note\r\n");
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < rows; i++) {
            line.setLength(0);
            String digits = Integer.toString(1_000_000 + i).substring(1);
            line.append("0476 ").append(digits, 0, 2).append(' ').append(digits, 2, 4).append(' ').append(digits, 4, 6)
                    .append(";Firstname").append(i).append(";Lastname;CODE-").append(Integer.toHexString(i * 7919))
                    .append(";a note making the row ninety-five bytes\r\n");
            out.write(line.toString());
        }
        out.flush();
    }

    private void publish(String topic, String key, byte[] value) {
        try (var producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("crash-test")),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }
}
