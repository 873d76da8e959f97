package org.ftp2sms.bench.dispatch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ftp2sms.bench.BenchmarkKafka;
import org.ftp2sms.bench.ProducerBaseline;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.dispatcher.DispatcherSettings;
import org.ftp2sms.dispatcher.DispatcherStage;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.smsc.ReceivedSubmit;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long connector B's one-row message takes to reach the SMSC while connector A's backlog is being sent over one
 * bind limited to {@code rate} submits a second (window 50): from the moment B's message is written to
 * {@code ftp2sms.messages} (the calendar hold and the dispatcher, not the stages before) to the simulator's
 * receipt of it, and how many of A's messages went before it meanwhile. B's row is written once A's whole file is
 * past the calendar hold (in the ready topic) and {@code warmup} of A's messages are sent. Broker, simulator and dispatcher in this JVM.
 *
 * <p>Run: {@code mvn -B -q -o -pl benchmarks -am package -DskipTests}, then
 * {@code java -cp <benchmarks classpath> org.ftp2sms.bench.dispatch.OneRowBehindBacklog} with {@code -Dbacklog=50000
 * -Drate=500 -Dwarmup=5000} (A's messages submitted before B's row is written).
 */
public final class OneRowBehindBacklog {
    private static final String A = "bench-backlog";
    private static final String B = "bench-one-row";
    private static final String CALENDAR_APPLICATION_ID = "ftp2sms-dispatcher-calendar";

    private OneRowBehindBacklog() {
    }

    public static void main(String[] args) throws Exception {
        int backlog = Integer.parseInt(System.getProperty("backlog", "50000"));
        int rate = Integer.parseInt(System.getProperty("rate", "500"));
        int warmup = Integer.parseInt(System.getProperty("warmup", "5000"));
        try (BenchmarkKafka kafka = new BenchmarkKafka();
             SmscSimulator smsc = new SmscSimulator(SmscSimulatorSettings.forTests().withReceiptDelay(Duration.ofMillis(100)))) {
            smsc.start();
            writeConnector(kafka.settings(), A);
            writeConnector(kafka.settings(), B);
            try (DispatcherStage dispatcher = new DispatcherStage(new DispatcherSettings(kafka.settings(), "localhost", smsc.port(),
                    "ftp2sms", "ftp2sms", 50, "bench-latency", rate, Files.createTempDirectory("ftp2sms-bench-latency")),
                    new SimpleMeterRegistry())) {
                dispatcher.start();
                // Idle: B's row alone.
                Duration idle = sendOneAndWait(kafka.settings(), smsc, "idle");
                List<Message> file = new ArrayList<>(backlog);
                String fileId = "a-" + System.nanoTime();
                for (int i = 0; i < backlog; i++) {
                    file.add(new Message(MessageIds.of(fileId, i + 1), fileId, A, "3245" + String.format("%07d", i), "BENCH",
                            "Your appointment is tomorrow at 10:00", Encoding.GSM7, 1));
                }
                produce(kafka.settings(), file);
                smsc.awaitReceived(r -> r.destination().startsWith("3245"), warmup, Duration.ofMinutes(10));
                // A's whole file is past the calendar hold, waiting in the ready topic (as when a renderer feeds
                // the hold at its own pace): B's row then meets A's backlog in the sender only.
                Duration holdCaughtUp = awaitCaughtUp(kafka.settings(), CALENDAR_APPLICATION_ID, Topics.MESSAGES);
                int aBefore = countA(smsc);
                Duration behind = sendOneAndWait(kafka.settings(), smsc, "behind");
                List<ReceivedSubmit> received = smsc.received();
                int bAt = -1;
                for (int i = 0; i < received.size(); i++) {
                    if (received.get(i).destination().equals(phoneOf("behind"))) {
                        bAt = i;
                    }
                }
                int aBeforeB = (int) received.subList(0, Math.max(0, bAt)).stream().filter(r -> r.destination().startsWith("3245")).count();
                System.out.printf("one row behind a backlog: %d-row backlog of connector A at %d submits/s (window 50); "
                                + "B's row idle %.2f s; behind the backlog %.2f s, after %d of A's submits since it was written "
                                + "(%d of A's sent before it was written; the calendar hold had passed A's file %.1f s after the warm-up)%n",
                        backlog, rate, idle.toMillis() / 1000.0, behind.toMillis() / 1000.0, aBeforeB - aBefore, aBefore,
                        holdCaughtUp.toMillis() / 1000.0);
            }
            double baseline = ProducerBaseline.recordsPerSecond(kafka.settings(), "bench-baseline", backlog, 200);
            System.out.printf("baseline: Kafka plain producer, %d records of 200 bytes, acks=all: %.0f records/s%n", backlog, baseline);
        }
    }

    /** Waits until {@code groupId} has committed the end of every partition of {@code topic}; returns how long it took. */
    private static Duration awaitCaughtUp(KafkaSettings kafka, String groupId, String topic) throws Exception {
        Instant start = Instant.now();
        try (Admin admin = Admin.create(kafka.common())) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
                // Exactly-once leaves a transaction marker after the last record: within 1 of the end is caught up.
                boolean caughtUp = ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue().offset() - 1);
                if (caughtUp) {
                    return Duration.between(start, Instant.now());
                }
                Thread.sleep(100);
            }
        }
    }

    private static int countA(SmscSimulator smsc) {
        return (int) smsc.received().stream().filter(r -> r.destination().startsWith("3245")).count();
    }

    private static String phoneOf(String label) {
        return label.equals("idle") ? "32460000001" : "32460000002";
    }

    private static Duration sendOneAndWait(KafkaSettings kafka, SmscSimulator smsc, String label) {
        String fileId = "b-" + label + "-" + System.nanoTime();
        String phone = phoneOf(label);
        Instant written = Instant.now();
        produce(kafka, List.of(new Message(MessageIds.of(fileId, 1), fileId, B, phone, "BENCH", "Your code is 123456",
                Encoding.GSM7, 1)));
        smsc.awaitReceived(r -> r.destination().equals(phone), 1, Duration.ofMinutes(10));
        return Duration.between(written, Instant.now());
    }

    private static void produce(KafkaSettings kafka, List<Message> messages) {
        var serializer = JsonSerde.of(Message.class).serializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("bench-latency-messages"))) {
            for (Message m : messages) {
                producer.send(new ProducerRecord<>(Topics.MESSAGES, RecipientKey.of(m.connectorId(), m.phone()),
                        serializer.serialize(Topics.MESSAGES, m)));
            }
        }
    }

    private static void writeConnector(KafkaSettings kafka, String id) {
        Connector connector = new Connector(id, id, "BENCH", new Mapping("phone", "BE"), "{{ text }}",
                new SendingOptions(3, false, 0, null), null, null, Instant.EPOCH, Instant.EPOCH);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("bench-connector-" + id))) {
            producer.send(new ProducerRecord<>(Topics.CONNECTORS, id, JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, connector)));
        }
    }
}
