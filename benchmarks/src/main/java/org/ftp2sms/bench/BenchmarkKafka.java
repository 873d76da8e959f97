package org.ftp2sms.bench;

import org.ftp2sms.embedded.EmbeddedKafkaBroker;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.TopicProvisioner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A fresh embedded broker with the topics of DESIGN.md, for one benchmark run; deleted on close. */
public final class BenchmarkKafka implements AutoCloseable {
    public static final int PARTITIONS = 6;

    private final Path dir;
    private final EmbeddedKafkaBroker broker;

    public BenchmarkKafka() throws IOException {
        dir = Files.createTempDirectory("ftp2sms-bench-kafka");
        broker = new EmbeddedKafkaBroker(dir, 0, Map.of("num.partitions", String.valueOf(PARTITIONS))).start();
        TopicProvisioner.ensureTopics(settings(), PARTITIONS, (short) 1, Duration.ofSeconds(60));
    }

    public KafkaSettings settings() {
        return KafkaSettings.of(broker.bootstrapServers());
    }

    @Override
    public void close() throws IOException {
        broker.close();
        deleteTree(dir);
    }

    /** A benchmark's working directory, removed when it ends: a 200 000-row run leaves half a gigabyte. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
