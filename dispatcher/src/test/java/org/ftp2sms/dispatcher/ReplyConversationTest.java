package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Suppression;
import org.ftp2sms.contract.SuppressionSource;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.MutableClock;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replies reach the conversation they answer (phone and the sender it was sent to, within the window), against the
 * simulator and the real broker; keyword replies change the suppression list.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ReplyConversationTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private final TestKafka kafka;
    private final DispatcherFixture.Groups groups;
    @AutoClose
    private final RunningStages stages = new RunningStages();
    @TempDir
    Path dataDir;

    ReplyConversationTest(TestKafka kafka) {
        this.kafka = kafka;
        this.groups = DispatcherFixture.isolatedGroups(kafka);
    }

    @Test
    void aReplyGoesToTheConnectorWhoseSenderItAnsweredNotToTheLastOneThatWroteToThePhone() {
        MutableClock clock = new MutableClock(Instant.now());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        stages.start(new DispatcherStage(settings(smsc.port(), ReplyRules.defaults()), registry, clock));
        String first = DispatcherFixture.connector(kafka, null);
        String second = DispatcherFixture.connector(kafka, null);
        String phone = DispatcherFixture.phone();
        Message fromFirst = message(first, phone, "SHOPA");
        sendAndAwaitSubmitted(List.of(fromFirst));
        clock.advance(Duration.ofMinutes(1));
        Message fromSecond = message(second, phone, "SHOPB");
        sendAndAwaitSubmitted(List.of(fromSecond)); // the second connector wrote to the phone last

        smsc.injectReply(phone, "shopa", "Yes please"); // answers the first one's sender (case does not matter)
        Reply reply = awaitReply(phone, "Yes please");
        assertThat(reply.connectorId()).isEqualTo(first);
        assertThat(reply.outgoingMessageId()).isEqualTo(fromFirst.messageId());

        smsc.injectReply(phone, "OTHER", "who is this?"); // a sender nobody of ours used: no connector
        Reply stray = awaitReply(phone, "who is this?");
        assertThat(stray.connectorId()).isNull();
        assertThat(stray.outgoingMessageId()).isNull();

        clock.advance(Duration.ofDays(7).plusMinutes(1)); // the first message is now older than the window
        smsc.injectReply(phone, "SHOPA", "late");
        assertThat(awaitReply(phone, "late").connectorId()).isNull();
        // Counted once the SMSC's deliver_sm is answered, a moment after the reply is on Kafka.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(registry.counter("ftp2sms.dispatcher.replies.unmatched").count()).isEqualTo(2);
            assertThat(registry.counter("ftp2sms.dispatcher.replies").count()).isEqualTo(3);
        });
    }

    @Test
    void twoConnectorsSharingASenderTheMostRecentWins() {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        stages.start(new DispatcherStage(settings(smsc.port(), ReplyRules.defaults()), new SimpleMeterRegistry()));
        String first = DispatcherFixture.connector(kafka, null);
        String second = DispatcherFixture.connector(kafka, null);
        String phone = DispatcherFixture.phone();
        sendAndAwaitSubmitted(List.of(message(first, phone, "SHARED")));
        Message last = message(second, phone, "SHARED");
        sendAndAwaitSubmitted(List.of(last));

        smsc.injectReply(phone, "SHARED", "ok");
        assertThat(awaitReply(phone, "ok").outgoingMessageId()).isEqualTo(last.messageId());
    }

    @Test
    void stopAndStartRepliesChangeTheSuppressionListOfTheConnectorTheyAnswered() {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        stages.start(new DispatcherStage(settings(smsc.port(), ReplyRules.defaults()), new SimpleMeterRegistry()));
        String connector = DispatcherFixture.connector(kafka, null);
        String phone = DispatcherFixture.phone();
        sendAndAwaitSubmitted(List.of(message(connector, phone, "SHOPA")));

        smsc.injectReply(phone, "SHOPA", "  stop ");
        Reply stop = awaitReply(phone, "  stop ");
        Suppression added = awaitSuppression(phone, true);
        assertThat(added.scope()).isEqualTo(connector);
        assertThat(added.key()).isEqualTo(connector + ":" + phone);
        assertThat(added.connectorId()).isEqualTo(connector);
        assertThat(added.source()).isEqualTo(SuppressionSource.REPLY);
        assertThat(added.replyMessageId()).isEqualTo(stop.messageId());

        smsc.injectReply(phone, "SHOPA", "Start");
        assertThat(awaitSuppression(phone, false).scope()).isEqualTo(connector);

        smsc.injectReply(phone, "NOBODY", "STOP"); // answers nothing: no connector's list to change
        awaitReply(phone, "STOP");
        assertThat(kafka.valuesNow(Topics.SUPPRESSIONS, Suppression.class, s -> phone.equals(s.phone()))).hasSize(2);
    }

    @Test
    void withTheInstallationScopeAStopPutsThePhoneOnTheListOfEveryConnector() {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        stages.start(new DispatcherStage(settings(smsc.port(),
                ReplyRules.defaults().withScope(ReplyRules.SuppressionScope.INSTALLATION)), new SimpleMeterRegistry()));
        String connector = DispatcherFixture.connector(kafka, null);
        String phone = DispatcherFixture.phone();
        sendAndAwaitSubmitted(List.of(message(connector, phone, "SHOPA")));

        smsc.injectReply(phone, "SHOPA", "ARRET");
        Suppression added = awaitSuppression(phone, true);
        assertThat(added.scope()).isEqualTo(Suppression.INSTALLATION);
        assertThat(added.connectorId()).isEqualTo(connector);
    }

    private static Message message(String connectorId, String phone, String sender) {
        String fileId = TestKafka.unique("file");
        return new Message(MessageIds.of(fileId, 1), fileId, connectorId, phone, sender, "hello", Encoding.GSM7, 1);
    }

    private void sendAndAwaitSubmitted(List<Message> messages) {
        DispatcherFixture.produce(kafka, messages, null);
        for (Message m : messages) {
            kafka.awaitValues(Topics.STATUSES, Status.class, s -> m.messageId().equals(s.messageId()), 1, WAIT);
        }
    }

    private Reply awaitReply(String phone, String text) {
        return kafka.awaitValues(Topics.REPLIES, Reply.class, r -> phone.equals(r.phone()) && text.equals(r.message()), 1, WAIT)
                .get(0);
    }

    private Suppression awaitSuppression(String phone, boolean suppressed) {
        return kafka.awaitValues(Topics.SUPPRESSIONS, Suppression.class,
                s -> phone.equals(s.phone()) && s.suppressed() == suppressed, 1, WAIT).get(0);
    }

    private DispatcherSettings settings(int smscPort, ReplyRules rules) {
        return groups.apply(new DispatcherSettings(kafka.settings(), "localhost", smscPort, "ftp2sms", "ftp2sms", 8,
                TestKafka.unique("test"), 0, dataDir.resolve(TestKafka.unique("data")))).withReplies(rules);
    }
}
