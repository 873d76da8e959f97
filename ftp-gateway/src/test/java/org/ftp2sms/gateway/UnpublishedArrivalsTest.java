package org.ftp2sms.gateway;

import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** An accepted upload whose event could not be published is announced later, once, and never lost. */
@ExtendWith(KafkaBrokerExtension.class)
class UnpublishedArrivalsTest {

    @Test
    void keptEventsAreSentOnceKafkaTakesThemAndOtherInstancesClaimsAreLeftAlone(TestKafka kafka, @TempDir Path dir)
            throws Exception {
        String connector = TestKafka.unique("conn");
        UploadStore store = new UploadStore(dir.resolve("store"), "gw-1", Duration.ofMinutes(20), Clock.systemUTC());
        FileArrived first = arrival(connector, "a.csv");
        FileArrived second = arrival(connector, "b.csv");
        store.keepUnpublished(first);
        store.keepUnpublished(second);
        Path othersClaim = Files.writeString(dir.resolve("store/unpublished/other.json.gw-2"), "{}");

        try (ArrivalPublisher publisher = new ArrivalPublisher(kafka.settings(), "test-resend")) {
            new UnpublishedArrivals(store, publisher, "gw-1").run();
            new UnpublishedArrivals(store, publisher, "gw-1").run(); // nothing left to send twice
        }

        List<FileArrived> sent = kafka.awaitValues(Topics.FILE_ARRIVALS, FileArrived.class,
                a -> a.connectorId().equals(connector), 2, Duration.ofSeconds(10));
        assertThat(sent).containsExactlyInAnyOrder(first, second);
        assertThat(kafka.valuesNow(Topics.FILE_ARRIVALS, FileArrived.class, a -> a.connectorId().equals(connector)))
                .hasSize(2);
        try (Stream<Path> left = Files.list(dir.resolve("store/unpublished"))) {
            assertThat(left).containsExactly(othersClaim);
        }
    }

    private static FileArrived arrival(String connector, String name) {
        return new FileArrived(TestKafka.unique("file"), connector, name, "/data/store/x", 10, "00",
                Protocol.SFTP, Instant.parse("2026-11-25T10:00:00Z"));
    }
}
