package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
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
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The SMPP side against the simulator and the real broker: parts, receipts, throttling, restarts. */
@ExtendWith(KafkaBrokerExtension.class)
class SmppDeliveryTest {
    private final DispatcherFixture.Groups groups;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private final TestKafka kafka;
    @AutoClose
    private final RunningStages stages = new RunningStages();
    @TempDir
    Path dataDir;

    SmppDeliveryTest(TestKafka kafka) {
        this.kafka = kafka;
        this.groups = DispatcherFixture.isolatedGroups(kafka);
    }

    @Test
    void multipartMessagesArriveWholeOnceAndTheirPartReceiptsGiveOneFinalStatus() {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()
                .withFailPattern("32499\\d+").withFailError("027")));
        stages.start(new DispatcherStage(settings(smsc.port()), new SimpleMeterRegistry()));
        String connectorId = DispatcherFixture.connector(kafka, null);
        String fileId = TestKafka.unique("file");
        String gsmText = "Part one of three. ".repeat(20) + "{end}";          // 385 septets: 3 parts
        String ucsText = "Привет 😀 ".repeat(10);                              // 100 units: 2 parts
        Message gsm = DispatcherFixture.message(fileId, connectorId, 1, DispatcherFixture.phone(), gsmText, Encoding.GSM7);
        Message ucs = DispatcherFixture.message(fileId, connectorId, 2, DispatcherFixture.phone(), ucsText, Encoding.UCS2);
        Message failing = DispatcherFixture.message(fileId, connectorId, 3, "32499" + (1_000_000 + (int) (Math.random() * 8_000_000)),
                "x".repeat(200), Encoding.GSM7);

        DispatcherFixture.produce(kafka, List.of(gsm, ucs, failing), null);

        Set<String> phones = Set.of(gsm.phone(), ucs.phone(), failing.phone());
        Map<String, ReceivedSubmit> received = smsc.awaitReceived(r -> phones.contains(r.destination()), 3, WAIT).stream()
                .collect(Collectors.toMap(ReceivedSubmit::destination, Function.identity()));
        assertThat(received.get(gsm.phone()).text()).isEqualTo(gsmText);
        assertThat(received.get(gsm.phone()).parts()).isEqualTo(3);
        assertThat(received.get(ucs.phone()).text()).isEqualTo(ucsText);
        assertThat(received.get(ucs.phone()).parts()).isEqualTo(2);
        assertThat(received.get(failing.phone()).parts()).isEqualTo(2);

        Map<String, List<Status>> statuses = kafka.awaitValues(Topics.STATUSES, Status.class,
                        s -> connectorId.equals(s.connectorId()) && s.isFinal(), 3, WAIT).stream()
                .collect(Collectors.groupingBy(Status::messageId));
        assertThat(statuses.get(gsm.messageId())).singleElement().satisfies(s -> assertThat(s.statusCode()).isEqualTo(200));
        assertThat(statuses.get(ucs.messageId())).singleElement().satisfies(s -> assertThat(s.statusCode()).isEqualTo(200));
        // err 027 (absent subscriber) on every part: one final 344, not one per part.
        assertThat(statuses.get(failing.messageId())).singleElement()
                .satisfies(s -> assertThat(s.statusReason()).isEqualTo(StatusCode.ABSENT.reason()));
        assertThat(kafka.valuesNow(Topics.STATUSES, Status.class, s -> connectorId.equals(s.connectorId())))
                .extracting(Status::statusCode).containsExactlyInAnyOrder(100, 100, 100, 200, 200, 344);
    }

    @Test
    void theRateLimitIsNeverExceededInAnySecond() {
        int rate = 20;
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        stages.start(new DispatcherStage(settings(smsc.port()).withMaxRate(rate), new SimpleMeterRegistry()));
        String connectorId = DispatcherFixture.connector(kafka, null);
        List<Message> messages = messages(connectorId, 50);
        // Some of two parts: the limit counts submit_sm, not messages.
        messages.set(0, withText(messages.get(0), "y".repeat(300)));
        messages.set(1, withText(messages.get(1), "y".repeat(300)));

        DispatcherFixture.produce(kafka, messages, null);

        assertThat(smsc.awaitReceived(r -> true, messages.size(), WAIT)).hasSize(messages.size());
        List<Instant> times = smsc.acceptedSubmitTimes();
        assertThat(times).hasSize(52);
        // Sent 1/rate apart, any second holds at most rate + 1 submits (SubmitRateTest, on a fake clock). Here the
        // times are the SMSC's arrivals, which a loaded machine bunches a little: without the limit all 52 would
        // arrive within a second.
        assertThat(maxInAnySecond(times)).isLessThanOrEqualTo(rate + 1 + rate / 4);
    }

    @Test
    void throttledAnswersAreBackedOffAndEveryMessageStillGoesOnce() {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withMaxSubmitsPerSecond(10)));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        stages.start(new DispatcherStage(settings(smsc.port()), registry));
        String connectorId = DispatcherFixture.connector(kafka, null);
        List<Message> messages = messages(connectorId, 40);

        DispatcherFixture.produce(kafka, messages, null);

        List<Status> delivered = kafka.awaitValues(Topics.STATUSES, Status.class,
                s -> connectorId.equals(s.connectorId()) && s.statusCode() == 200, messages.size(), WAIT);
        assertThat(delivered).extracting(Status::messageId).doesNotHaveDuplicates().hasSize(messages.size());
        assertThat(smsc.received()).extracting(ReceivedSubmit::destination).doesNotHaveDuplicates().hasSize(messages.size());
        assertThat(smsc.throttledSubmits()).isPositive();
        assertThat(registry.counter("ftp2sms.dispatcher.submits.throttled").count()).isEqualTo(smsc.throttledSubmits());
        assertThat(kafka.valuesNow(Topics.STATUSES, Status.class, s -> connectorId.equals(s.connectorId())))
                .noneMatch(s -> s.statusCode() == StatusCode.SUBMIT_REFUSED.code());
    }

    @Test
    void anSmscRestartMidRunLosesNoMessage() {
        int port = FreePorts.next();
        SmscSimulator first = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withPort(port)
                .withReceiptDelay(Duration.ZERO)));
        stages.start(new DispatcherStage(settings(port).withMaxRate(200), new SimpleMeterRegistry()));
        String connectorId = DispatcherFixture.connector(kafka, null);
        List<Message> messages = messages(connectorId, 300);
        Set<String> phones = messages.stream().map(Message::phone).collect(Collectors.toSet());

        DispatcherFixture.produce(kafka, messages, null);
        first.awaitReceived(r -> phones.contains(r.destination()), 60, WAIT);
        first.close();
        List<ReceivedSubmit> beforeRestart = first.received();
        SmscSimulator second = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withPort(port)));

        // Every message reaches an SMSC; those the second one took end delivered.
        Set<String> firstPhones = beforeRestart.stream().map(ReceivedSubmit::destination).collect(Collectors.toSet());
        List<ReceivedSubmit> afterRestart = second.awaitReceived(r -> phones.contains(r.destination()) && !firstPhones.contains(r.destination()),
                (int) phones.stream().filter(p -> !firstPhones.contains(p)).count(), WAIT);
        Set<String> reached = new java.util.HashSet<>(firstPhones);
        afterRestart.forEach(r -> reached.add(r.destination()));
        assertThat(reached).containsAll(phones);
        assertThat(firstPhones).hasSizeLessThan(phones.size());
        Set<String> takenBySecond = second.received().stream().map(ReceivedSubmit::destination).collect(Collectors.toSet());
        Set<String> expectDelivered = messages.stream().filter(m -> takenBySecond.contains(m.phone()))
                .map(Message::messageId).collect(Collectors.toSet());
        assertThat(kafka.awaitValues(Topics.STATUSES, Status.class,
                s -> expectDelivered.contains(s.messageId()) && s.statusCode() == 200, expectDelivered.size(), WAIT))
                .extracting(Status::messageId).containsAll(expectDelivered);
        Set<String> ids = messages.stream().map(Message::messageId).collect(Collectors.toSet());
        assertThat(kafka.awaitValues(Topics.STATUSES, Status.class, s -> ids.contains(s.messageId()) && s.statusCode() == 100,
                ids.size(), WAIT)).extracting(Status::messageId).containsAll(ids);
    }

    @Test
    void aReceiptAndAReplyArrivingAfterADispatcherRestartAreStillMatched() {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withReceiptDelay(Duration.ofSeconds(4))));
        DispatcherStage first = stages.start(new DispatcherStage(settings(smsc.port()), new SimpleMeterRegistry()));
        String connectorId = DispatcherFixture.connector(kafka, null);
        Message message = DispatcherFixture.message(TestKafka.unique("file"), connectorId, 1, DispatcherFixture.phone(),
                "y".repeat(170), Encoding.GSM7);
        DispatcherFixture.produce(kafka, List.of(message), null);
        kafka.awaitValues(Topics.STATUSES, Status.class, s -> message.messageId().equals(s.messageId()), 1, WAIT);

        first.close(); // its memory of the SMSC ids goes with it; the receipts are not sent yet
        stages.start(new DispatcherStage(settings(smsc.port()), new SimpleMeterRegistry()));

        assertThat(kafka.awaitValues(Topics.STATUSES, Status.class,
                s -> message.messageId().equals(s.messageId()) && s.isFinal(), 1, WAIT))
                .singleElement().satisfies(s -> assertThat(s.statusCode()).isEqualTo(200));
        assertThat(smsc.received()).filteredOn(r -> r.destination().equals(message.phone())).hasSize(1);

        // The last message per phone is restored too: a reply after the restart is linked to it.
        smsc.injectReply(message.phone(), "ACME", "YES");
        assertThat(kafka.awaitValues(Topics.REPLIES, org.ftp2sms.contract.Reply.class,
                r -> message.phone().equals(r.phone()), 1, WAIT)).singleElement().satisfies(r -> {
            assertThat(r.outgoingMessageId()).isEqualTo(message.messageId());
            assertThat(r.connectorId()).isEqualTo(connectorId);
        });
    }

    static int maxInAnySecond(List<Instant> times) {
        List<Instant> sorted = times.stream().sorted().toList();
        int max = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (!sorted.get(from).plusSeconds(1).isAfter(sorted.get(to))) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

    private static Message withText(Message m, String text) {
        return new Message(m.messageId(), m.fileIngestionId(), m.connectorId(), m.phone(), m.sender(), text, m.encoding(), 2);
    }

    private static List<Message> messages(String connectorId, int count) {
        String fileId = TestKafka.unique("file");
        return new ArrayList<>(IntStream.rangeClosed(1, count).mapToObj(i -> DispatcherFixture.message(fileId, connectorId, i,
                "3246" + (1_000_000 + i) + String.format("%03d", (int) (Math.random() * 1000)), "message " + i, Encoding.GSM7)).toList());
    }

    private DispatcherSettings settings(int smscPort) {
        return groups.apply(new DispatcherSettings(kafka.settings(), "localhost", smscPort, "ftp2sms", "ftp2sms", 8,
                TestKafka.unique("test"), 0, dataDir.resolve(TestKafka.unique("data"))));
    }

}
