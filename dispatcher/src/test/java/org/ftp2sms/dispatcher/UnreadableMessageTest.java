package org.ftp2sms.dispatcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.service.DeadLetters;
import org.ftp2sms.service.Env;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;
import org.ftp2sms.testkit.TopicReader;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13: garbage on {@code ftp2sms.messages} (a real producer) costs one dead letter, a message with an id but
 * no phone gets 890, and the dispatcher stays up and sends what follows.
 */
@ExtendWith(KafkaBrokerExtension.class)
class UnreadableMessageTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @AutoClose
    private final RunningStages stages = new RunningStages();
    @TempDir
    Path dataDir;

    @Test
    void garbageIsSetAsideAndTheNextMessageIsSent(TestKafka kafka) throws Exception {
        SmscSimulator smsc = stages.start(new SmscSimulator(SmscSimulatorSettings.forTests()));
        DispatcherStage dispatcher = stages.start(new DispatcherStage(DispatcherSettings.fromEnv(new Env(Map.of(
                "FTP2SMS_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                "FTP2SMS_SMSC_PORT", String.valueOf(smsc.port()),
                "FTP2SMS_INSTANCE_ID", TestKafka.unique("dispatcher"),
                "FTP2SMS_DATA_DIR", dataDir.toString()))), new SimpleMeterRegistry()));
        String connectorId = DispatcherFixture.connector(kafka, null);
        String fileId = TestKafka.unique("file");
        String halfId = TestKafka.unique("half") + "-1";
        // Unique bytes: the calendar hold passes them on to ftp2sms.messages-ready, where the sender meets them.
        byte[] garbage = ("\u00ff{" + TestKafka.unique("garbage")).getBytes(StandardCharsets.ISO_8859_1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("attacker")))) {
            producer.send(new ProducerRecord<>(Topics.MESSAGES, connectorId + ":x", garbage)).get();
            producer.send(new ProducerRecord<>(Topics.MESSAGES, connectorId + ":y", ("{\"messageId\":\"" + halfId
                    + "\",\"connectorId\":\"" + connectorId + "\"}").getBytes(StandardCharsets.UTF_8))).get();
        }
        Message valid = DispatcherFixture.message(fileId, connectorId, 1, DispatcherFixture.phone(), "after garbage", Encoding.GSM7);
        DispatcherFixture.produce(kafka, List.of(valid), null);

        assertThat(smsc.awaitReceived(r -> valid.phone().equals(r.destination()), 1, WAIT)).hasSize(1);
        assertThat(kafka.awaitValues(Topics.STATUSES, Status.class, s -> halfId.equals(s.messageId()), 1, WAIT))
                .singleElement().satisfies(s -> assertThat(s.statusCode()).isEqualTo(StatusCode.INTERNAL_ERROR.code()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(kafka.reader().recordsNow(Topics.DEAD_LETTERS))
                .filteredOn(d -> Arrays.equals(d.value(), garbage)).singleElement().satisfies(d -> {
                    assertThat(TopicReader.header(d, DeadLetters.READER)).isEqualTo("dispatcher");
                    assertThat(TopicReader.header(d, DeadLetters.ORIGIN_TOPIC)).isEqualTo(Topics.MESSAGES_READY);
                }));
        assertThat(dispatcher.isHealthy()).isTrue();
    }
}
