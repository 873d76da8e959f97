package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.smsc.ReceivedSubmit;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a dispatcher JVM mid-run, two connectors flowing over two binds: every message reaches the SMSC,
 * repeats stay within the window per bind. Connector B's messages are sent ahead of A's backlog, out of offset
 * order: what settled above a partition's commit must be skipped after the kill, not submitted again.
 */
@ExtendWith(KafkaBrokerExtension.class)
class HardCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int WINDOW = 8;
    private static final int BINDS = 2;
    private final TestKafka kafka;
    private final DispatcherFixture.Groups groups;
    @AutoClose
    private final RunningStages stages = new RunningStages();
    private Process child;
    @TempDir
    Path dataDir;

    HardCrashTest(TestKafka kafka) {
        this.kafka = kafka;
        this.groups = DispatcherFixture.isolatedGroups(kafka);
    }

    @AfterEach
    void killChild() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void afterAKill9EveryMessageOfBothConnectorsEndsDeliveredAndRepeatsStayWithinTheWindowPerBind() throws Exception {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withReceiptDelay(Duration.ofMillis(50))));
        String a = DispatcherFixture.connector(kafka, null);
        String b = DispatcherFixture.connector(kafka, null);
        List<Message> messages = new ArrayList<>(messages(a, 600, "3245"));
        List<Message> bMessages = messages(b, 200, "3246");
        Map<String, Message> byPhone = new java.util.HashMap<>();
        messages.forEach(m -> byPhone.put(m.phone(), m));
        bMessages.forEach(m -> byPhone.put(m.phone(), m));
        // A's backlog first, then B's file behind it on the same partitions: B is sent alongside A, ahead of offsets.
        DispatcherFixture.produce(kafka, messages, null);
        DispatcherFixture.produce(kafka, bMessages, null);
        messages.addAll(bMessages);

        Path log = dataDir.resolve("child.log");
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), DispatcherChild.class.getName(),
                kafka.settings().bootstrapServers(), String.valueOf(smsc.port()), dataDir.resolve("child").toString(),
                String.valueOf(WINDOW), "100", String.valueOf(BINDS), groups.groupId(), groups.applicationId())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        smsc.awaitReceived(r -> r.destination().startsWith("3246") && byPhone.containsKey(r.destination()), 30, WAIT);
        List<ReceivedSubmit> beforeKill = smsc.received();
        assertThat(beforeKill).as("the child was killed mid-run").hasSizeLessThan(messages.size());
        assertThat(beforeKill).as("both connectors flowing").anyMatch(r -> r.destination().startsWith("3245"));

        child.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no unbind
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        stages.start(new DispatcherStage(groups.apply(new DispatcherSettings(kafka.settings(),
                DispatcherSettings.single("localhost", smsc.port(), "ftp2sms", "ftp2sms", BINDS, WINDOW, 0, false, null, null),
                TestKafka.unique("after"), dataDir.resolve("after"), "unused", "unused", DispatcherSettings.DEFAULT_BUFFER)),
                new SimpleMeterRegistry()));

        Set<String> ids = messages.stream().map(Message::messageId).collect(Collectors.toSet());
        await().atMost(WAIT).until(() -> kafka.valuesNow(Topics.STATUSES, Status.class,
                s -> ids.contains(s.messageId()) && s.statusCode() == 200).stream().map(Status::messageId).distinct().count() == ids.size());
        Map<String, Long> submitsPerPhone = smsc.received().stream().filter(r -> byPhone.containsKey(r.destination()))
                .collect(Collectors.groupingBy(ReceivedSubmit::destination, Collectors.counting()));
        assertThat(submitsPerPhone.keySet()).containsExactlyInAnyOrderElementsOf(byPhone.keySet());
        long repeats = submitsPerPhone.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("kill -9 run: %d submits before the kill, %d repeated after it, window %d x %d binds%n",
                beforeKill.size(), repeats, WINDOW, BINDS);
        assertThat(repeats).as("messages submitted twice (%d were submitted before the kill)", beforeKill.size())
                .isLessThanOrEqualTo((long) WINDOW * BINDS);
    }

    private static List<Message> messages(String connectorId, int n, String phonePrefix) {
        String fileId = TestKafka.unique("file");
        return IntStream.rangeClosed(1, n).mapToObj(i -> DispatcherFixture.message(fileId, connectorId, i,
                phonePrefix + (1_000_000 + i) + String.format("%03d", (int) (Math.random() * 1000)), "crash test " + i,
                Encoding.GSM7)).toList();
    }
}
