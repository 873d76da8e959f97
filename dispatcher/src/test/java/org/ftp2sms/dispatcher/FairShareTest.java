package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.connector.SendingOptions;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fair share between connectors, on the test broker through the calendar hold, judged by the order of submits at
 * a simulator: a small file does not queue behind another connector's backlog, and priorities weigh.
 */
@ExtendWith(KafkaBrokerExtension.class)
class FairShareTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int WINDOW = 10;
    private final TestKafka kafka;
    private final DispatcherFixture.Groups groups;
    @AutoClose
    private final RunningStages stages = new RunningStages();
    @TempDir
    Path dataDir;

    FairShareTest(TestKafka kafka) {
        this.kafka = kafka;
        this.groups = DispatcherFixture.isolatedGroups(kafka);
    }

    @Test
    void aOneRowFileIsSubmittedWithinTwoWindowsOfAnotherConnectorsBacklog() throws Exception {
        // An operator's bind: the simulator refuses (ESME_RTHROTTLED) beyond 250 submits a second, the bind sends 200.
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withReceiptDelay(Duration.ofMillis(20))
                .withMaxSubmitsPerSecond(250)));
        String a = DispatcherFixture.connector(kafka, null);
        String b = DispatcherFixture.connector(kafka, null);
        List<Message> backlog = DispatcherFixture.file(a, 20_000, "3245");
        DispatcherFixture.produce(kafka, backlog, null);
        // The moment B's message reaches the dispatcher: the poll thread reads it and starts counting B's waiting
        // messages. A's submits are counted at the simulator from then.
        CompletableFuture<Integer> aSubmitsWhenBArrived = new CompletableFuture<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().onMeterAdded(meter -> {
            if (isWaitingGauge(meter, b)) {
                aSubmitsWhenBArrived.complete(submitsTo(smsc, "3245"));
            }
        });
        stages.start(new DispatcherStage(settings(smsc.port(), 200), registry));
        smsc.awaitReceived(r -> r.destination().startsWith("3245"), 300, WAIT);

        Message small = DispatcherFixture.file(b, 1, "3246").get(0);
        DispatcherFixture.produce(kafka, List.of(small), null);

        List<ReceivedSubmit> received = smsc.awaitReceived(r -> r.destination().equals(small.phone()), 1, WAIT);
        assertThat(received).as("B's message submitted").hasSize(1);
        int arrived = aSubmitsWhenBArrived.get(30, TimeUnit.SECONDS);
        List<ReceivedSubmit> order = smsc.received();
        int before = (int) order.subList(0, order.indexOf(received.get(0))).stream()
                .filter(r -> r.destination().startsWith("3245")).count();
        System.out.printf("fair share: B's message reached the dispatcher after %d of A's submits and was submitted after %d%n",
                arrived, before);
        assertThat(before).as("A's submits before B's").isLessThan(backlog.size());
        assertThat(before - arrived).as("A's submits between B's arrival and its submit").isLessThanOrEqualTo(2 * WINDOW);
    }

    @Test
    void priorityTenGetsAboutTwiceTheShareOfPriorityFive() {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withReceiptDelay(Duration.ofMillis(20))));
        String high = DispatcherFixture.connectorWith(kafka, new SendingOptions(3, false, 0, null, 10, null));
        String normal = DispatcherFixture.connectorWith(kafka, new SendingOptions(3, false, 0, null, 5, null));
        List<Message> highs = DispatcherFixture.file(high, 2_500, "3245");
        List<Message> normals = DispatcherFixture.file(normal, 2_500, "3246");
        DispatcherFixture.produce(kafka, highs, null);
        DispatcherFixture.produce(kafka, normals, null);
        // Both backlogs are in the ready topic before the sender starts, so both wait from the first submit on.
        stages.start(new DispatcherStage(settings(smsc.port(), 1_000), new SimpleMeterRegistry()));

        List<ReceivedSubmit> first = smsc.awaitReceived(r -> r.destination().startsWith("324"), 2_000, WAIT).subList(0, 2_000);

        long h = first.stream().filter(r -> r.destination().startsWith("3245")).count();
        long n = first.stream().filter(r -> r.destination().startsWith("3246")).count();
        System.out.printf("weights: priority 10 got %d, priority 5 got %d of the first 2000 submits%n", h, n);
        assertThat((double) h / n).isBetween(2 * 0.8, 2 * 1.2);
    }

    private DispatcherSettings settings(int port, int maxRate) {
        return groups.apply(new DispatcherSettings(kafka.settings(), "localhost", port, "ftp2sms", "ftp2sms", WINDOW,
                TestKafka.unique("fair"), maxRate, dataDir.resolve(TestKafka.unique("data"))));
    }

    private static boolean isWaitingGauge(Meter meter, String connectorId) {
        return meter.getId().getName().equals("ftp2sms.dispatcher.messages.waiting")
                && connectorId.equals(meter.getId().getTag("connector"));
    }

    private static int submitsTo(SmscSimulator smsc, String prefix) {
        return (int) smsc.received().stream().filter(r -> r.destination().startsWith(prefix)).count();
    }

}
