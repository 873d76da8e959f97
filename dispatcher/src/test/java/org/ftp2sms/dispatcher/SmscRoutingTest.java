package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.smsc.ReceivedSubmit;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two SMSCs, destinations split by prefix; one of them stopped mid-file. */
@ExtendWith(KafkaBrokerExtension.class)
class SmscRoutingTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int WINDOW = 8;
    private final TestKafka kafka;
    private final DispatcherFixture.Groups groups;
    @AutoClose
    private final RunningStages stages = new RunningStages();
    @TempDir
    Path dataDir;

    SmscRoutingTest(TestKafka kafka) {
        this.kafka = kafka;
        this.groups = DispatcherFixture.isolatedGroups(kafka);
    }

    @Test
    void eachMessageReachesTheSmscOfItsPrefixAndReceiptsComeBackFromBoth() {
        SmscSimulator belgium = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        SmscSimulator rest = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        stages.start(new DispatcherStage(settings(belgium.port(), rest.port(), null), registry));
        String connector = DispatcherFixture.connector(kafka, null);
        List<Message> messages = Stream.concat(DispatcherFixture.file(connector, 40, "3245").stream(),
                DispatcherFixture.file(connector, 40, "3361").stream()).toList();

        DispatcherFixture.produce(kafka, messages, null);

        assertThat(belgium.awaitReceived(r -> true, 40, WAIT)).hasSize(40).allMatch(r -> r.destination().startsWith("32"));
        assertThat(rest.awaitReceived(r -> true, 40, WAIT)).hasSize(40).allMatch(r -> r.destination().startsWith("33"));
        awaitStatuses(messages, 200);
        assertThat(belgium.received()).hasSize(40);
        assertThat(rest.received()).hasSize(40);
        // Metrics per route and bind.
        for (String route : List.of("belgium", "rest")) {
            assertThat(registry.get("ftp2sms.dispatcher.smpp.submits").tags("route", route, "bind", route + "-1").counter().count())
                    .isEqualTo(40);
            assertThat(registry.get("ftp2sms.dispatcher.smpp.responses").tags("route", route, "bind", route + "-1", "status", "ESME_ROK")
                    .counter().count()).isEqualTo(40);
            assertThat(registry.get("ftp2sms.dispatcher.smpp.binds.up").tag("route", route).gauge().value()).isEqualTo(1);
            assertThat(registry.get("ftp2sms.dispatcher.smpp.window.in.use").tags("route", route, "bind", route + "-1").gauge().value())
                    .isZero();
        }
        assertThat(registry.get("ftp2sms.dispatcher.messages.waiting").tag("connector", connector).gauge().value()).isZero();
    }

    @Test
    void aStoppedSmscsMessagesWaitWhileTheOtherRouteGoesOnAndGoWhenItIsBack() {
        SmscSimulator belgium = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        int belgiumPort = belgium.port();
        SmscSimulator rest = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        stages.start(new DispatcherStage(settings(belgiumPort, rest.port(), null).withMaxRate(100), new SimpleMeterRegistry()));
        String connector = DispatcherFixture.connector(kafka, null);
        List<Message> be = DispatcherFixture.file(connector, 400, "3245");
        List<Message> fr = DispatcherFixture.file(connector, 400, "3361");
        DispatcherFixture.produce(kafka, interleave(be, fr), null);
        belgium.awaitReceived(r -> true, 50, WAIT);

        belgium.close();
        int beforeStop = belgium.received().size();
        // The other route goes on while Belgium is down.
        int restAtStop = rest.received().size();
        rest.awaitReceived(r -> true, Math.min(400, restAtStop + 100), WAIT);
        assertThat(rest.received()).hasSizeGreaterThan(restAtStop).allMatch(r -> r.destination().startsWith("33"));
        SmscSimulator back = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withPort(belgiumPort)));

        awaitStatuses(interleave(be, fr), 100);
        List<ReceivedSubmit> belgian = new ArrayList<>(belgium.received());
        belgian.addAll(back.received());
        assertThat(belgian).allMatch(r -> r.destination().startsWith("32"));
        assertRepeatsWithinTheWindow(be, belgian, beforeStop);
        assertRepeatsWithinTheWindow(fr, rest.received(), 0);
    }

    @Test
    void aStoppedSmscsMessagesTakeTheFallbackRoute() {
        SmscSimulator belgium = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        SmscSimulator rest = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        stages.start(new DispatcherStage(settings(belgium.port(), rest.port(), "rest").withMaxRate(100), new SimpleMeterRegistry()));
        String connector = DispatcherFixture.connector(kafka, null);
        List<Message> be = DispatcherFixture.file(connector, 300, "3245");
        DispatcherFixture.produce(kafka, be, null);
        belgium.awaitReceived(r -> true, 30, WAIT);

        belgium.close();
        int beforeStop = belgium.received().size();

        awaitStatuses(be, 100);
        assertThat(rest.received()).as("Belgian messages sent by the fallback").isNotEmpty()
                .allMatch(r -> r.destination().startsWith("3245"));
        List<ReceivedSubmit> all = new ArrayList<>(belgium.received());
        all.addAll(rest.received());
        assertRepeatsWithinTheWindow(be, all, beforeStop);
    }

    /** Submits on a transmitter bind, receipts and replies on a receiver bind: they are matched all the same. */
    @Test
    void receiptsAndRepliesArrivingOnAnotherBindAreMatched() {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        SmscRoutes routes = new SmscRoutes(List.of(
                new SmscRoute("send", "localhost", smsc.port(), "ftp2sms", "ftp2sms", SmscBindType.TRANSMITTER, 1, WINDOW, 0,
                        false, null, null, List.of(), true, null),
                new SmscRoute("receive", "localhost", smsc.port(), "ftp2sms", "ftp2sms", SmscBindType.RECEIVER, 1, WINDOW, 0,
                        false, null, null, List.of(), false, null)));
        stages.start(new DispatcherStage(groups.apply(new DispatcherSettings(kafka.settings(), routes, TestKafka.unique("rx"),
                dataDir.resolve(TestKafka.unique("data")), "unused", "unused", DispatcherSettings.DEFAULT_BUFFER)),
                new SimpleMeterRegistry()));
        String connector = DispatcherFixture.connector(kafka, null);
        List<Message> messages = DispatcherFixture.file(connector, 20, "3245");

        DispatcherFixture.produce(kafka, messages, null);

        awaitStatuses(messages, 200);
        assertThat(smsc.received()).hasSize(20);
        smsc.injectReply(messages.get(0).phone(), "ACME", "STOP");
        assertThat(kafka.awaitValues(Topics.REPLIES, Reply.class,
                r -> messages.get(0).phone().equals(r.phone()), 1, WAIT))
                .singleElement().satisfies(r -> assertThat(r.outgoingMessageId()).isEqualTo(messages.get(0).messageId()));
    }

    private void assertRepeatsWithinTheWindow(List<Message> messages, List<ReceivedSubmit> received, int submittedBeforeStop) {
        Set<String> phones = messages.stream().map(Message::phone).collect(Collectors.toSet());
        Map<String, Long> perPhone = received.stream().filter(r -> phones.contains(r.destination()))
                .collect(Collectors.groupingBy(ReceivedSubmit::destination, Collectors.counting()));
        assertThat(perPhone.keySet()).as("every message reached an SMSC").containsExactlyInAnyOrderElementsOf(phones);
        long repeats = perPhone.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("routes: %d repeats (%d submitted before the stop), window %d%n", repeats, submittedBeforeStop, WINDOW);
        assertThat(repeats).isLessThanOrEqualTo(WINDOW);
    }

    private void awaitStatuses(List<Message> messages, int code) {
        Set<String> ids = messages.stream().map(Message::messageId).collect(Collectors.toSet());
        await().atMost(WAIT).until(() -> kafka.valuesNow(Topics.STATUSES, Status.class,
                s -> ids.contains(s.messageId()) && s.statusCode() == code).stream().map(Status::messageId).distinct().count() == ids.size());
    }

    /** Belgium (32) on one SMSC, everything else on the default one. */
    private DispatcherSettings settings(int belgiumPort, int restPort, String belgiumFallback) {
        SmscRoutes routes = new SmscRoutes(List.of(
                new SmscRoute("belgium", "localhost", belgiumPort, "ftp2sms", "ftp2sms", SmscBindType.TRANSCEIVER, 1, WINDOW, 0,
                        false, null, null, List.of("32"), false, belgiumFallback),
                new SmscRoute("rest", "localhost", restPort, "ftp2sms", "ftp2sms", SmscBindType.TRANSCEIVER, 1, WINDOW, 0,
                        false, null, null, List.of(), true, null)));
        return groups.apply(new DispatcherSettings(kafka.settings(), routes, TestKafka.unique("routes"),
                dataDir.resolve(TestKafka.unique("data")), "unused", "unused", DispatcherSettings.DEFAULT_BUFFER));
    }

    private static List<Message> interleave(List<Message> a, List<Message> b) {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                out.add(a.get(i));
            }
            if (i < b.size()) {
                out.add(b.get(i));
            }
        }
        return out;
    }

}
