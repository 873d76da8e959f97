package org.ftp2sms.bench.dispatch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.bench.BenchmarkKafka;
import org.ftp2sms.bench.ProducerBaseline;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.dispatcher.DispatcherSettings;
import org.ftp2sms.dispatcher.DispatcherStage;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Submits per second from the dispatcher to the SMSC simulator (both in this JVM, receipts at once): {@code rows}
 * messages already in {@code ftp2sms.messages}, timed from the dispatcher's start to the last submit the simulator
 * accepted and to the last {@code 200-delivered} status. Single-part GSM messages, then as many two-part ones.
 * Baseline: Kafka's plain producer on the same broker.
 *
 * <p>Run: {@code mvn -B -q -o install -pl benchmarks -DskipTests && mvn -B -q -o -pl benchmarks exec:exec
 * -Dbench=dispatch.SubmitsPerSecond -Drows=N} (window {@code -Dwindow}, default 50).
 */
public final class SubmitsPerSecond {
    private SubmitsPerSecond() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(System.getProperty("rows", "20000"));
        int window = Integer.parseInt(System.getProperty("window", "50"));
        try (BenchmarkKafka kafka = new BenchmarkKafka()) {
            String connectorId = "bench-dispatch";
            writeConnector(kafka.settings(), connectorId);
            run(kafka.settings(), connectorId, "single-part", rows, window, "Hello, your code is 1234. See you soon!");
            run(kafka.settings(), connectorId, "two-part", rows, window, "Long message ".repeat(20));
            double baseline = ProducerBaseline.recordsPerSecond(kafka.settings(), "bench-baseline", rows, 200);
            System.out.printf("baseline: Kafka plain producer, %d records of 200 bytes, acks=all: %.0f records/s%n", rows, baseline);
        }
    }

    private static void run(KafkaSettings kafka, String connectorId, String label, int rows, int window, String text) throws Exception {
        String fileId = "bench-" + label + "-" + System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("bench-messages"))) {
            var serializer = JsonSerde.of(Message.class).serializer();
            for (int i = 0; i < rows; i++) {
                String phone = "3247" + String.format("%07d", i);
                Message m = new Message(MessageIds.of(fileId, i + 1), fileId, connectorId, phone, "BENCH", text, Encoding.GSM7, 1);
                producer.send(new ProducerRecord<>(Topics.MESSAGES, RecipientKey.of(connectorId, phone), serializer.serialize(Topics.MESSAGES, m)));
            }
        }
        Path data = Files.createTempDirectory("ftp2sms-bench-dispatch");
        try (SmscSimulator smsc = new SmscSimulator(SmscSimulatorSettings.forTests().withReceiptDelay(Duration.ZERO))) {
            smsc.start();
            Instant start = Instant.now();
            try (DispatcherStage dispatcher = new DispatcherStage(new DispatcherSettings(kafka, "localhost", smsc.port(),
                    "ftp2sms", "ftp2sms", window, "bench-" + label, 0, data), new SimpleMeterRegistry())) {
                dispatcher.start();
                Instant started = Instant.now();
                smsc.awaitReceived(r -> true, rows, Duration.ofMinutes(10));
                Instant submitted = Instant.now();
                long delivered = awaitDelivered(kafka, fileId, rows, Duration.ofMinutes(10));
                Instant done = Instant.now();
                List<Instant> times = smsc.acceptedSubmitTimes();
                Instant first = times.stream().min(Instant::compareTo).orElse(started);
                Instant last = times.stream().max(Instant::compareTo).orElse(submitted);
                double submitSeconds = Duration.between(first, last).toMillis() / 1000.0;
                System.out.printf("dispatch %s: %d messages, %d submit_sm, window %d: stage start %.2f s; first to last submit %.2f s "
                                + "= %.0f submit_sm/s (%.0f messages/s); all %d delivered statuses %.2f s after start%n",
                        label, rows, times.size(), window, Duration.between(start, started).toMillis() / 1000.0, submitSeconds,
                        times.size() / submitSeconds, rows / submitSeconds, delivered,
                        Duration.between(started, done).toMillis() / 1000.0);
            }
        }
    }

    private static void writeConnector(KafkaSettings kafka, String id) {
        Connector connector = new Connector(id, id, "BENCH", new Mapping("phone", "BE"), "{{ text }}",
                new SendingOptions(3, false, 0, null), null, null, Instant.EPOCH, Instant.EPOCH);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("bench-connector"))) {
            producer.send(new ProducerRecord<>(Topics.CONNECTORS, id, JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, connector)));
        }
    }

    private static long awaitDelivered(KafkaSettings kafka, String fileId, int rows, Duration timeout) {
        var statuses = JsonSerde.of(Status.class).deserializer();
        Set<String> delivered = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.viewer("bench-statuses-" + fileId))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.STATUSES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (delivered.size() < rows && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Status s = statuses.deserialize(record.topic(), record.value());
                    if (s != null && fileId.equals(s.fileIngestionId()) && s.statusCode() == 200) {
                        delivered.add(s.messageId());
                    }
                }
            }
        }
        return delivered.size();
    }
}
