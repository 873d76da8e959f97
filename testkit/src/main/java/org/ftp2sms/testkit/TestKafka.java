package org.ftp2sms.testkit;

import org.ftp2sms.embedded.EmbeddedKafkaBroker;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.TopicProvisioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A running test broker and the reads tests make of it. Closed by JUnit when the test JVM's tests end. */
public final class TestKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
    /** Several partitions, so that tests see keyed partitioning as production does. */
    public static final int PARTITIONS = 3;

    private final String bootstrapServers;
    private final AutoCloseable broker;
    private final Path dataDir;

    private TestKafka(String bootstrapServers, AutoCloseable broker, Path dataDir) {
        this.bootstrapServers = bootstrapServers;
        this.broker = broker;
        this.dataDir = dataDir;
    }

    static TestKafka startBroker() {
        if (DockerProbe.dockerEngineAnswers()) {
            KafkaContainer container = new KafkaContainer("apache/kafka-native:4.1.0");
            container.start();
            log.info("test Kafka: Testcontainers at {}", container.getBootstrapServers());
            return provisioned(new TestKafka(container.getBootstrapServers(), container::stop, null));
        }
        try {
            Path dir = Files.createTempDirectory("ftp2sms-test-kafka");
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, 0, Map.of("num.partitions", String.valueOf(PARTITIONS)));
            broker.start();
            return provisioned(new TestKafka(broker.bootstrapServers(), broker, dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestKafka provisioned(TestKafka kafka) {
        TopicProvisioner.ensureTopics(kafka.settings(), PARTITIONS, (short) 1, Duration.ofSeconds(60));
        return kafka;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public KafkaSettings settings() {
        return KafkaSettings.of(bootstrapServers);
    }

    /** A unique name for a consumer group, application id or transactional id, so tests never share one. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Reads of this broker's topics; see {@link TopicReader}. */
    public TopicReader reader() {
        return new TopicReader(settings());
    }

    /** See {@link TopicReader#awaitValues}. */
    public <T> List<T> awaitValues(String topic, Class<T> type, Predicate<T> filter, int count, Duration timeout) {
        return reader().awaitValues(topic, type, filter, count, timeout);
    }

    /** See {@link TopicReader#valuesNow}. */
    public <T> List<T> valuesNow(String topic, Class<T> type, Predicate<T> filter) {
        return reader().valuesNow(topic, type, filter);
    }

    @Override
    public void close() throws Exception {
        broker.close();
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
