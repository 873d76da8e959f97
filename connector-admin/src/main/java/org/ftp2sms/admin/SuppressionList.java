package org.ftp2sms.admin;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.Suppression;
import org.ftp2sms.contract.SuppressionSource;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.LiveTopicView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * The suppression list as the compacted {@code ftp2sms.suppressions} topic: a live view of it, and writes that
 * return once the view has them (read-your-writes, as {@link ConnectorStore}). The dedupe stream reads the same
 * topic as a global table; the status-aggregator posts each change to the connector's webhook.
 */
final class SuppressionList implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SuppressionList.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final LiveTopicView<Suppression> view;
    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock;
    private final Serializer<Suppression> serializer = JsonSerde.of(Suppression.class).serializer();

    private SuppressionList(LiveTopicView<Suppression> view, KafkaProducer<String, byte[]> producer, Clock clock) {
        this.view = view;
        this.producer = producer;
        this.clock = clock;
    }

    static SuppressionList start(KafkaSettings kafka, Clock clock) {
        LiveTopicView<Suppression> view = new LiveTopicView<>(kafka, Topics.SUPPRESSIONS, Suppression.class,
                "connector-admin-suppressions");
        try {
            view.start(Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not read " + Topics.SUPPRESSIONS + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + Topics.SUPPRESSIONS, e);
        }
        try {
            return new SuppressionList(view, new KafkaProducer<>(kafka.producer("connector-admin-suppressions"),
                    new StringSerializer(), new ByteArraySerializer()), clock);
        } catch (RuntimeException e) {
            view.close();
            throw e;
        }
    }

    /** The phones on the list of {@code scope} (every scope when null), by scope then phone. */
    List<Suppression> list(String scope, String phone, int limit) {
        return view.values().stream()
                .filter(Suppression::suppressed)
                .filter(s -> scope == null || scope.equals(s.scope()))
                .filter(s -> phone == null || phone.equals(s.phone()))
                .sorted(Comparator.comparing(Suppression::scope).thenComparing(Suppression::phone))
                .limit(limit)
                .toList();
    }

    Optional<Suppression> find(String scope, String phone) {
        return view.get(Suppression.key(scope, phone)).filter(Suppression::suppressed);
    }

    /** Whether rows of {@code connectorId} to {@code phone} are refused, by its own list or the installation's. */
    boolean isSuppressed(String connectorId, String phone) {
        return (connectorId != null && find(connectorId, phone).isPresent())
                || find(Suppression.INSTALLATION, phone).isPresent();
    }

    /** Adds the phones not on the list yet; returns those it added. */
    List<Suppression> add(String scope, List<String> phones) {
        List<Suppression> added = new ArrayList<>();
        for (String phone : phones) {
            if (find(scope, phone).isEmpty()) {
                added.add(change(scope, phone, true));
            }
        }
        write(added);
        log.info("suppression list of {}: {} phones added", scope, added.size());
        return added;
    }

    /** Takes a phone off the list; empty when it was not on it. */
    Optional<Suppression> remove(String scope, String phone) {
        if (find(scope, phone).isEmpty()) {
            return Optional.empty();
        }
        Suppression removed = change(scope, phone, false);
        write(List.of(removed));
        log.info("suppression list of {}: a phone removed", scope);
        return Optional.of(removed);
    }

    private Suppression change(String scope, String phone, boolean suppressed) {
        return new Suppression(scope, phone, suppressed, Suppression.INSTALLATION.equals(scope) ? null : scope,
                SuppressionSource.ADMIN, null, clock.instant());
    }

    /** Sends every change, then waits until the view has the last one (one partition: it has them all then). */
    private void write(List<Suppression> changes) {
        if (changes.isEmpty()) {
            return;
        }
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>(changes.size());
            for (Suppression change : changes) {
                sent.add(producer.send(new ProducerRecord<>(Topics.SUPPRESSIONS, change.key(),
                        serializer.serialize(Topics.SUPPRESSIONS, change))));
            }
            for (Future<RecordMetadata> ack : sent) {
                RecordMetadata written = ack.get();
                view.awaitPosition(written.partition(), written.offset() + 1, WRITE_TIMEOUT);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write to the suppression list: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to the suppression list", e);
        }
    }

    boolean isHealthy() {
        return view.isHealthy();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        view.close();
    }
}
