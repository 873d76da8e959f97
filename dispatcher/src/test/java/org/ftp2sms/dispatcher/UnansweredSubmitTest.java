package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
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
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An SMSC that answers every submit_sm with generic_nack: bounded retries, then a final status, and the window moves
 * on. An idle bind is kept alive (and checked) with enquire_link.
 */
@ExtendWith(KafkaBrokerExtension.class)
class UnansweredSubmitTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final TestKafka kafka;
    private final DispatcherFixture.Groups groups;
    @AutoClose
    private final RunningStages stages = new RunningStages();
    @AutoClose
    private final NackingSmsc smsc = new NackingSmsc();
    @TempDir
    Path dataDir;

    UnansweredSubmitTest(TestKafka kafka) throws Exception {
        this.kafka = kafka;
        this.groups = DispatcherFixture.isolatedGroups(kafka);
    }

    @Test
    void aSubmitAnsweredByGenericNackIsTriedThreeTimesThenRefusedAndTheNextMessageStillGoes() {
        // Window 1: if the first message held its slot, the second would never be tried.
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        stages.start(new DispatcherStage(groups.apply(new DispatcherSettings(kafka.settings(), "localhost", smsc.port(), "ftp2sms",
                "ftp2sms", 1, TestKafka.unique("nack"), 0, dataDir.resolve("data"))), registry));
        String connector = DispatcherFixture.connector(kafka, null);
        List<Message> messages = DispatcherFixture.file(connector, 2, "3245");

        DispatcherFixture.produce(kafka, messages, null);

        Set<String> ids = messages.stream().map(Message::messageId).collect(Collectors.toSet());
        List<Status> statuses = kafka.awaitValues(Topics.STATUSES, Status.class, s -> ids.contains(s.messageId()), 2, WAIT);
        assertThat(statuses).extracting(Status::statusCode).containsOnly(StatusCode.SUBMIT_REFUSED.code());
        assertThat(statuses).allMatch(Status::isFinal);
        assertThat(smsc.submits()).isEqualTo(2 * MessageSubmitter.MAX_UNANSWERED);
        assertThat(registry.get("ftp2sms.dispatcher.smpp.responses").tags("route", "smsc", "bind", "smsc-1", "status", "generic_nack")
                .counter().count()).isEqualTo(2 * MessageSubmitter.MAX_UNANSWERED);
    }

    @Test
    void anIdleBindSendsEnquireLink() {
        DispatcherStage dispatcher = stages.start(new DispatcherStage(groups.apply(new DispatcherSettings(kafka.settings(), "localhost",
                smsc.port(), "ftp2sms", "ftp2sms", 1, TestKafka.unique("idle"), 0, dataDir.resolve("idle"))), new SimpleMeterRegistry()));
        assertThat(dispatcher.isHealthy()).isTrue();

        org.awaitility.Awaitility.await().atMost(Duration.ofMillis(SmscBind.ENQUIRE_LINK_MS).plusSeconds(30))
                .until(() -> smsc.enquireLinks() > 0);
        assertThat(smsc.submits()).isZero();
    }
}
