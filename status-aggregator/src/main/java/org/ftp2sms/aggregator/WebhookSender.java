package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Suppression;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.WebhookDeadLetter;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.Unreadable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Real-time webhooks: every status change ({@code ftp2sms.statuses}, 1xx included) and reply
 * ({@code ftp2sms.replies}) of a connector with a webhook URL is POSTed as JSON, signed with {@link WebhookSignature},
 * by that connector's {@link ConnectorWebhookQueue}. Delivery is at-least-once: a consumer group reads the topics
 * and commits an offset only once every event before it is delivered or dead-lettered ({@link PendingOffsets}), so
 * a restart or a rebalance sends again what was in flight, never loses it (receivers drop repeats by
 * {@code X-Ftp2sms-Event-Id}). Events given up after the retry budget go to {@code ftp2sms.webhook-dead-letters}.
 * Reading pauses while more than {@value #MAX_UNFINISHED} events are unfinished, so memory stays bounded (one
 * connector holds at most {@link ConnectorWebhookQueue#MAX_QUEUED} of them). Calls go only where
 * {@link WebhookCall} allows. The poller survives any exception: it logs it, waits a second and goes on from the
 * last committed offsets (what was read but not finished is read again, at-least-once).
 */
final class WebhookSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    static final int MAX_UNFINISHED = 20_000;
    private static final Duration POLL = Duration.ofMillis(200);

    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final StatusAggregatorSettings settings;
    private final Function<String, Optional<Connector>> connectors;
    private final Clock clock;
    private final WebhookCall call;
    private final PendingOffsets pending = new PendingOffsets();
    private final Map<String, ConnectorWebhookQueue> queues = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> deadLetterProducer;
    private final MeterRegistry registry;
    private final Thread poller;
    private volatile boolean running = true;
    private volatile boolean closed;

    WebhookSender(StatusAggregatorSettings settings, ConnectorDirectory directory, Clock clock, MeterRegistry registry) {
        this(settings, directory::find, clock, registry, WebhookCall.system(settings.webhookAddresses()));
    }

    WebhookSender(StatusAggregatorSettings settings, Function<String, Optional<Connector>> connectors, Clock clock,
                  MeterRegistry registry, WebhookCall call) {
        this.settings = settings;
        this.connectors = connectors;
        this.clock = clock;
        this.call = call;
        String clientId = KafkaSettings.clientId("webhooks", settings.instanceId());
        Map<String, Object> consumerProps = settings.kafka().consumer(settings.webhookGroupId());
        consumerProps.put("client.id", clientId);
        this.consumer = new KafkaConsumer<>(consumerProps);
        this.deadLetterProducer = new KafkaProducer<>(settings.kafka().producer(clientId + "-dead-letters"));
        this.registry = registry;
        this.poller = new Thread(this::run, "webhook-poller");
    }

    void start() {
        consumer.subscribe(List.of(Topics.STATUSES, Topics.REPLIES, Topics.SUPPRESSIONS), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commit(partitions);
                pending.forget(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }
        });
        poller.start();
    }

    boolean isHealthy() {
        return running && poller.isAlive();
    }

    /** False once the poller ended (an interrupt, an Error) without {@link #close()}: nothing restarts it. */
    boolean isAlive() {
        return closed || poller.getState() == Thread.State.NEW || poller.isAlive();
    }

    private void run() {
        try {
            while (running) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    if (running) {
                        log.warn("webhook poller woken up while running; going on");
                    }
                } catch (RuntimeException e) {
                    failedPoll(e);
                }
            }
        } finally {
            try {
                commit(pending.partitions());
            } catch (RuntimeException e) {
                log.warn("last webhook offsets not committed (their events will be sent again): {}", e.toString());
            }
            consumer.close(Duration.ofSeconds(10));
        }
    }

    private void pollOnce() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
            accept(record);
        }
        commit(pending.partitions());
        if (pending.unfinished() > MAX_UNFINISHED) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    /** Any failure of a poll: what was read and not yet handed to a queue is read again from the committed offsets. */
    private void failedPoll(RuntimeException e) {
        Counter.builder("ftp2sms.aggregator.webhook.poller.failures")
                .description("webhook poller failures survived")
                .register(registry)
                .increment();
        log.error("webhook poller failed, going on from the committed offsets: {}", e.toString(), e);
        try {
            Thread.sleep(AFTER_FAILURE.toMillis());
            Set<TopicPartition> assigned = consumer.assignment();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
            pending.forget(assigned);
            for (TopicPartition partition : assigned) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset != null) {
                    consumer.seek(partition, offset);
                } else {
                    consumer.seekToBeginning(List.of(partition));
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        } catch (RuntimeException again) {
            log.warn("webhook poller could not rewind yet: {}", again.toString());
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        pending.read(partition, record.offset());
        Object parsed = parse(record);
        WebhookEvent event = parsed == null ? null : event(parsed, partition, record.offset());
        if (event == null) {
            pending.finished(partition, record.offset());
            return;
        }
        queues.computeIfAbsent(event.connectorId(), id -> new ConnectorWebhookQueue(id, connectors, call, settings, clock,
                this::deadLetter, this::finished)).submit(event);
    }

    private boolean hasWebhook(String connectorId) {
        return connectorId != null && connectors.apply(connectorId).map(Connector::webhook)
                .map(w -> w.url() != null && !w.url().isBlank()).orElse(false);
    }

    /** The record's status, reply or suppression change, or null when it cannot be read (logged and counted). */
    private Object parse(ConsumerRecord<String, byte[]> record) {
        try {
            if (Topics.STATUSES.equals(record.topic())) {
                return JsonSerde.of(Status.class).deserializer().deserialize(record.topic(), record.value());
            }
            if (Topics.SUPPRESSIONS.equals(record.topic())) {
                return JsonSerde.of(Suppression.class).deserializer().deserialize(record.topic(), record.value());
            }
            return JsonSerde.of(Reply.class).deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            // The aggregator's stream reads statuses and replies and keeps them on the dead-letter topic: one copy is
            // enough. An unreadable suppression is only logged and counted here (dedupe's global table reads it too).
            new Unreadable(record.topic(), record.partition(), record.offset(), "webhooks", Unreadable.reasonOf(e))
                    .report(registry);
            return null;
        }
    }

    /**
     * The event to send, or null when its connector has no webhook (most have none: no body is built for them) or
     * it is a dry run's status (its preview export's, never the customer's events). Outside {@link #parse}: a
     * failing connector look-up fails the poll, which reads the record again, instead of skipping it as unreadable.
     */
    private WebhookEvent event(Object parsed, TopicPartition partition, long offset) {
        if (parsed instanceof Status status) {
            return status.dryRun() || !hasWebhook(status.connectorId()) ? null : WebhookEvent.of(status, partition, offset);
        }
        if (parsed instanceof Suppression change) {
            return hasWebhook(change.connectorId()) ? WebhookEvent.of(change, partition, offset) : null;
        }
        Reply reply = (Reply) parsed;
        return hasWebhook(reply.connectorId()) ? WebhookEvent.of(reply, partition, offset) : null;
    }

    private void finished(WebhookEvent event, String outcome) {
        Counter.builder("ftp2sms.aggregator.webhooks")
                .description("webhook events by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        pending.finished(event.partition(), event.offset());
    }

    private void deadLetter(WebhookEvent event, String url, int attempts, String lastError) throws InterruptedException {
        WebhookDeadLetter letter = new WebhookDeadLetter(event.connectorId(), url, event.type(), event.id(),
                new String(event.body(), java.nio.charset.StandardCharsets.UTF_8), attempts, lastError, clock.instant());
        byte[] value;
        try {
            value = Json.mapper().writeValueAsBytes(letter);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        while (true) {
            try {
                deadLetterProducer.send(new ProducerRecord<>(Topics.WEBHOOK_DEAD_LETTERS, event.connectorId(), value)).get();
                return;
            } catch (ExecutionException e) {
                log.warn("connectorId={} dead letter of {} not written yet: {}", event.connectorId(), event.id(), e.getCause().toString());
                Thread.sleep(1000);
            }
        }
    }

    private void commit(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = pending.committable(partitions);
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    @Override
    public void close() {
        closed = true;
        running = false;
        consumer.wakeup();
        try {
            poller.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queues.values().forEach(ConnectorWebhookQueue::close);
        deadLetterProducer.close(Duration.ofSeconds(10));
    }
}
