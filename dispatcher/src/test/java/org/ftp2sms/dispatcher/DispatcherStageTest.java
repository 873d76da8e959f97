package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.smsc.ReceivedSubmit;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.ftp2sms.testkit.FreePorts;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaBrokerExtension.class)
class DispatcherStageTest {
    private final DispatcherFixture.Groups groups;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final TestKafka kafka;
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dataDir;
    @AutoClose
    private final RunningStages stages = new RunningStages();

    DispatcherStageTest(TestKafka kafka) {
        this.kafka = kafka;
        this.groups = DispatcherFixture.isolatedGroups(kafka);
    }

    @Test
    void submitsMessagesAndPublishesSubmittedThenFinalStatusesAndLinkedReplies() {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withFailPattern("\\d+99")));
        stages.start(new DispatcherStage(settings(smsc.port()), new SimpleMeterRegistry()));
        String connectorId = DispatcherFixture.connector(kafka, null);
        String fileId = TestKafka.unique("file");
        String longText = "Dear customer, ".repeat(12) + "your [order] is ready: €12";
        Message gsm = message(fileId, connectorId, 1, phone(), "Hello Ana, your code is {1234} @ €5", Encoding.GSM7);
        Message ucs = message(fileId, connectorId, 2, phone(), "Привет, Аня 😀", Encoding.UCS2);
        Message lng = message(fileId, connectorId, 3, phone(), longText, Encoding.GSM7);
        Message failing = message(fileId, connectorId, 4, "32470000099", "This one fails", Encoding.GSM7);
        List<Message> sent = List.of(gsm, ucs, lng, failing);

        produce(sent);

        Set<String> phones = sent.stream().map(Message::phone).collect(Collectors.toSet());
        List<ReceivedSubmit> received = smsc.awaitReceived(r -> phones.contains(r.destination()), 4, WAIT);
        assertThat(received).hasSize(4);
        Map<String, ReceivedSubmit> byPhone = received.stream().collect(Collectors.toMap(ReceivedSubmit::destination, r -> r));
        for (Message m : sent) {
            assertThat(byPhone.get(m.phone()).text()).isEqualTo(m.text());
            assertThat(byPhone.get(m.phone()).source()).isEqualTo("ACME");
        }
        assertThat(byPhone.get(gsm.phone()).dataCoding()).isZero();
        assertThat(byPhone.get(ucs.phone()).dataCoding()).isEqualTo(8);
        assertThat(byPhone.get(lng.phone()).dataCoding()).isZero();

        List<Status> statuses = kafka.awaitValues(Topics.STATUSES, Status.class,
                s -> connectorId.equals(s.connectorId()), 8, WAIT);
        Map<String, List<Status>> byMessage = statuses.stream().collect(Collectors.groupingBy(Status::messageId));
        for (Message m : List.of(gsm, ucs, lng)) {
            assertThat(byMessage.get(m.messageId())).as(m.messageId())
                    .extracting(Status::statusCode).containsExactly(100, 200);
            Status delivered = byMessage.get(m.messageId()).get(1);
            assertThat(delivered.isFinal()).isTrue();
            assertThat(delivered.deliveredAt()).isNotNull();
            assertThat(delivered.sentAt()).isEqualTo(byMessage.get(m.messageId()).get(0).sentAt()).isNotNull();
            assertThat(delivered.fileIngestionId()).isEqualTo(fileId);
            assertThat(delivered.phone()).isEqualTo(m.phone());
        }
        // The simulator's failures carry err 001 (unknown subscriber).
        assertThat(byMessage.get(failing.messageId())).extracting(Status::statusReason)
                .containsExactly(StatusCode.SUBMITTED.reason(), StatusCode.WRONG_NUMBER.reason());
        assertThat(byPhone.get(lng.phone()).parts()).isEqualTo(2);
        assertThat(byPhone.get(lng.phone()).partMessageIds()).hasSize(2);

        smsc.injectReply(ucs.phone(), "ACME", "STOP");

        List<Reply> replies = kafka.awaitValues(Topics.REPLIES, Reply.class, r -> ucs.phone().equals(r.phone()), 1, WAIT);
        assertThat(replies).singleElement().satisfies(r -> {
            assertThat(r.message()).isEqualTo("STOP");
            assertThat(r.outgoingMessageId()).isEqualTo(ucs.messageId());
            assertThat(r.connectorId()).isEqualTo(connectorId);
            assertThat(r.fileIngestionId()).isEqualTo(fileId);
            assertThat(r.messageId()).isNotBlank();
            assertThat(r.receivedAt()).isNotNull();
        });
    }

    @Test
    void messagesWaitForTheSmscAndSurviveItsRestart() {
        int port = FreePorts.next();
        stages.start(new DispatcherStage(settings(port), new SimpleMeterRegistry()));
        String connectorId = DispatcherFixture.connector(kafka, null);
        String fileId = TestKafka.unique("file");
        Message early = message(fileId, connectorId, 1, phone(), "sent before the SMSC is up", Encoding.GSM7);

        produce(List.of(early));
        SmscSimulator first = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withPort(port)));

        assertThat(first.awaitReceived(r -> r.destination().equals(early.phone()), 1, WAIT)).hasSize(1);
        assertThat(kafka.awaitValues(Topics.STATUSES, Status.class,
                s -> early.messageId().equals(s.messageId()) && s.statusCode() == 200, 1, WAIT)).hasSize(1);

        first.close();
        Message late = message(fileId, connectorId, 2, phone(), "sent while the SMSC restarts", Encoding.GSM7);
        produce(List.of(late));
        SmscSimulator second = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withPort(port)));

        assertThat(second.awaitReceived(r -> r.destination().equals(late.phone()), 1, WAIT))
                .extracting(ReceivedSubmit::text).containsExactly(late.text());
        assertThat(kafka.awaitValues(Topics.STATUSES, Status.class,
                s -> late.messageId().equals(s.messageId()) && s.statusCode() == 200, 1, WAIT)).hasSize(1);
    }

    @Test
    void aMessageNotYetSubmittedWhenTheDispatcherStopsIsSubmittedByTheNextOne() {
        int port = FreePorts.next();
        DispatcherStage stopped = stages.start(new DispatcherStage(settings(port), new SimpleMeterRegistry()));
        String connectorId = DispatcherFixture.connector(kafka, null);
        String fileId = TestKafka.unique("file");
        Message pending = message(fileId, connectorId, 1, phone(), "pending across a restart", Encoding.GSM7);
        produce(List.of(pending));
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> tookIntoItsWindow(stopped));

        stopped.close();
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withPort(port)));
        stages.start(new DispatcherStage(settings(port), new SimpleMeterRegistry()));

        assertThat(smsc.awaitReceived(r -> r.destination().equals(pending.phone()), 1, WAIT)).hasSize(1);
        assertThat(kafka.awaitValues(Topics.STATUSES, Status.class,
                s -> pending.messageId().equals(s.messageId()) && s.statusCode() == 200, 1, WAIT)).hasSize(1);
    }

    /** The first stage has taken the message into its window (it cannot submit it: no SMSC). */
    private static boolean tookIntoItsWindow(DispatcherStage stage) {
        return stage.inFlight() > 0;
    }

    private DispatcherSettings settings(int smscPort) {
        return groups.apply(new DispatcherSettings(kafka.settings(), "localhost", smscPort, "ftp2sms", "ftp2sms", 8,
                TestKafka.unique("test"), 0, dataDir.resolve(TestKafka.unique("data"))));
    }


    private static Message message(String fileId, String connectorId, int row, String phone, String text, Encoding encoding) {
        return new Message(MessageIds.of(fileId, row), fileId, connectorId, phone, "ACME", text, encoding, 1);
    }

    private static String phone() {
        return "3247" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
    }

    private void produce(List<Message> messages) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("test-producer")))) {
            for (Message m : messages) {
                producer.send(new ProducerRecord<>(Topics.MESSAGES, RecipientKey.of(m.connectorId(), m.phone()),
                        JsonSerde.of(Message.class).serializer().serialize(Topics.MESSAGES, m)));
            }
        }
    }
}
