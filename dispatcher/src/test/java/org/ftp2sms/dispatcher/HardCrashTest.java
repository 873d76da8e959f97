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

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** kill -9 of a dispatcher JVM mid-run: every message reaches the SMSC, repeats stay within the window. */
@ExtendWith(KafkaBrokerExtension.class)
class HardCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int WINDOW = 8;
    private final TestKafka kafka;
    @AutoClose
    private final RunningStages stages = new RunningStages();
    private Process child;
    @TempDir
    Path dataDir;

    HardCrashTest(TestKafka kafka) {
        this.kafka = kafka;
    }

    @AfterEach
    void killChild() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void afterAKill9EveryMessageEndsDeliveredAndRepeatsStayWithinTheWindow() throws Exception {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests().withReceiptDelay(Duration.ofMillis(50))));
        String connectorId = DispatcherFixture.connector(kafka, null);
        String fileId = TestKafka.unique("file");
        List<Message> messages = IntStream.rangeClosed(1, 400).mapToObj(i -> DispatcherFixture.message(fileId, connectorId, i,
                "3245" + (1_000_000 + i) + String.format("%03d", (int) (Math.random() * 1000)), "crash test " + i, Encoding.GSM7)).toList();
        Map<String, Message> byPhone = messages.stream().collect(Collectors.toMap(Message::phone, Function.identity()));
        DispatcherFixture.produce(kafka, messages, null);

        Path log = dataDir.resolve("child.log");
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), DispatcherChild.class.getName(),
                kafka.settings().bootstrapServers(), String.valueOf(smsc.port()), dataDir.resolve("child").toString(),
                String.valueOf(WINDOW), "100")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        smsc.awaitReceived(r -> byPhone.containsKey(r.destination()), 100, WAIT);
        assertThat(smsc.received()).as("the child was killed mid-run").hasSizeLessThan(messages.size());

        child.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no unbind
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int beforeKill = smsc.received().size();
        stages.start(new DispatcherStage(new DispatcherSettings(kafka.settings(), "localhost", smsc.port(), "ftp2sms", "ftp2sms",
                WINDOW, TestKafka.unique("after"), 0, dataDir.resolve("after")), new SimpleMeterRegistry()));

        Set<String> ids = messages.stream().map(Message::messageId).collect(Collectors.toSet());
        await().atMost(WAIT).until(() -> kafka.valuesNow(Topics.STATUSES, Status.class,
                s -> ids.contains(s.messageId()) && s.statusCode() == 200).stream().map(Status::messageId).distinct().count() == ids.size());
        Map<String, Long> submitsPerPhone = smsc.received().stream().filter(r -> byPhone.containsKey(r.destination()))
                .collect(Collectors.groupingBy(ReceivedSubmit::destination, Collectors.counting()));
        assertThat(submitsPerPhone.keySet()).containsExactlyInAnyOrderElementsOf(byPhone.keySet());
        long repeats = submitsPerPhone.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("kill -9 run: %d submits before the kill, %d repeated after it, window %d%n", beforeKill, repeats, WINDOW);
        assertThat(repeats).as("messages submitted twice (%d were submitted before the kill)", beforeKill)
                .isLessThanOrEqualTo(WINDOW);
    }

}
