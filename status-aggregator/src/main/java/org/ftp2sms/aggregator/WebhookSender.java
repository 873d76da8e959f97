package org.ftp2sms.aggregator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Suppression;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.WebhookDeadLetter;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.DeadLetters;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.service.Unreadable;
import org.ftp2sms.service.worker.AtLeastOnceHandler;
import org.ftp2sms.service.worker.AtLeastOnceWorker;
import org.ftp2sms.service.worker.ClientSpec;
import org.ftp2sms.service.worker.KafkaClients;
import org.ftp2sms.service.worker.Resources;
import org.ftp2sms.service.worker.Supervision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Real-time webhooks: every status change ({@code ftp2sms.statuses}, 1xx included) and reply
 * ({@code ftp2sms.replies}) of a connector with a webhook URL is POSTed as JSON, signed with {@link WebhookSignature},
 * by that connector's {@link ConnectorWebhookQueue}. Topics in: statuses, replies, suppressions; out: the receivers
 * and {@code ftp2sms.webhook-dead-letters}. Delivery is at-least-once on the {@link AtLeastOnceWorker}: an offset is
 * committed only once every event before it is delivered or dead-lettered, so a restart or a rebalance sends again
 * what was in flight, never loses it (receivers drop repeats by {@code X-Ftp2sms-Event-Id}). Events given up after
 * the retry budget go to {@code ftp2sms.webhook-dead-letters}. Reading pauses while more than
 * {@value #MAX_UNFINISHED} events are unfinished, so memory stays bounded (one connector holds at most
 * {@link ConnectorWebhookQueue#MAX_QUEUED} of them). Calls go only where {@link WebhookCall} allows. Failures follow
 * the worker model: the poller restarts from the committed offsets after a backoff, and a record it fails on
 * {@link Supervision#ATTEMPTS_BEFORE_REFUSING} times is kept on the dead-letter topic and skipped.
 */
final class WebhookSender implements AutoCloseable, AtLeastOnceHandler {
    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    static final int MAX_UNFINISHED = 20_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final StatusAggregatorSettings settings;
    private final Function<String, Optional<Connector>> connectors;
    private final Clock clock;
    private final WebhookCall call;
    private final Map<String, ConnectorWebhookQueue> queues = new ConcurrentHashMap<>();
    private final Resources resources = new Resources("webhook-sender");
    private final Producer<String, byte[]> deadLetterProducer;
    private final MeterRegistry registry;
    private final AtLeastOnceWorker worker;
    /** False while no connector has a webhook: then nothing is parsed (a status costs nothing here). */
    private volatile BooleanSupplier anyWebhook = () -> true;

    WebhookSender(StatusAggregatorSettings settings, ConnectorDirectory directory, Clock clock, MeterRegistry registry) {
        this(settings, directory::find, clock, registry, WebhookCall.system(settings.webhookAddresses()));
        ConnectorsWithWebhook withWebhook = new ConnectorsWithWebhook(directory);
        this.anyWebhook = withWebhook::any;
    }

    WebhookSender(StatusAggregatorSettings settings, Function<String, Optional<Connector>> connectors, Clock clock,
                  MeterRegistry registry, WebhookCall call) {
        this(settings, connectors, clock, registry, call, KafkaClients.REAL, Supervision.DEFAULT);
    }

    WebhookSender(
            StatusAggregatorSettings settings,
            Function<String, Optional<Connector>> connectors,
            Clock clock,
            MeterRegistry registry,
            WebhookCall call,
            KafkaClients clients,
            Supervision supervision) {
        this.settings = settings;
        this.connectors = connectors;
        this.clock = clock;
        this.call = call;
        this.registry = registry;
        String clientId = KafkaSettings.clientId("webhooks", settings.instanceId());
        this.deadLetterProducer = resources.add(
                "dead-letter producer", clients.producer(settings.kafka().producer(clientId + "-dead-letters")));
        ClientSpec spec = new ClientSpec(
                settings.kafka(),
                List.of(Topics.STATUSES, Topics.REPLIES, Topics.SUPPRESSIONS),
                settings.webhookGroupId(),
                clientId,
                null,
                // Statuses come a few at a time: waiting up to 100 ms for 64 KiB makes one fetch of what was
                // otherwise ten (a webhook is no later than its queue's next batch).
                Map.of(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
                Map.of());
        this.worker = new AtLeastOnceWorker(
                "webhook-poller", "aggregator", spec, clients, MAX_UNFINISHED, this, supervision, registry);
        // Closed in reverse: the poller first (no new event reaches a queue), then the queues (their dead letters
        // still need the producer), then the producer.
        resources.onClose("connector queues", () -> queues.values().forEach(ConnectorWebhookQueue::close));
        resources.add("poller", worker);
    }

    void start() {
        worker.start(START_TIMEOUT);
    }

    boolean isHealthy() {
        return worker.isHealthy();
    }

    /** False once the poller ended (an interrupt, an Error) without {@link #close()}: nothing restarts it. */
    boolean isAlive() {
        return worker.isAlive();
    }

    /** Hands the event to its connector's queue, which settles it once delivered or dead-lettered. */
    @Override
    public boolean handle(ConsumerRecord<String, byte[]> record) {
        if (!anyWebhook.getAsBoolean()) {
            return true;
        }
        Object parsed = parse(record);
        WebhookEvent event = parsed == null
                ? null
                : event(parsed, new TopicPartition(record.topic(), record.partition()), record.offset());
        if (event == null) {
            return true;
        }
        queues.computeIfAbsent(event.connectorId(), id -> new ConnectorWebhookQueue(id, connectors, call, settings, clock,
                this::deadLetter, this::finished)).submit(event);
        return false;
    }

    /** Kept whole on the dead-letter topic, logged and counted: the poller could not handle it. */
    @Override
    public void refuse(ConsumerRecord<String, byte[]> record, Throwable cause) {
        Unreadable refused = new Unreadable(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        "webhooks",
                        "the webhook poller failed on it: "
                                + (cause == null ? "?" : cause.getClass().getSimpleName()))
                .report(registry);
        deadLetterProducer.send(DeadLetters.of(refused, record.key(), record.value()), (metadata, e) -> {
            if (e != null) {
                log.warn(
                        "dead letter of {}-{}@{} not written: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getClass().getSimpleName());
            }
        });
    }

    private boolean hasWebhook(String connectorId) {
        return connectorId != null && connectors.apply(connectorId).map(ConnectorsWithWebhook::hasWebhook).orElse(false);
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
        worker.offsets().settled(event.partition(), event.offset());
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

    @Override
    public void close() {
        resources.close();
    }
}
