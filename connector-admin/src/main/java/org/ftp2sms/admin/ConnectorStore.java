package org.ftp2sms.admin;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Access;
import org.ftp2sms.contract.connector.AuthMethod;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.connector.Webhook;
import org.ftp2sms.rules.webhook.WebhookSignature;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.ConnectorDirectory;
import org.ftp2sms.service.PasswordHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Connectors as records of the compacted connectors topic. A write returns once the service's own view has
 * applied it, so a GET straight after a POST sees the connector (read-your-writes).
 */
final class ConnectorStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectorStore.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KafkaProducer<String, byte[]> producer;
    private final ConnectorDirectory directory;
    private final Clock clock;
    private final Serializer<Connector> serializer = JsonSerde.of(Connector.class).serializer();

    ConnectorStore(KafkaProducer<String, byte[]> producer, ConnectorDirectory directory, Clock clock) {
        this.producer = producer;
        this.directory = directory;
        this.clock = clock;
    }

    static KafkaProducer<String, byte[]> producer(org.ftp2sms.service.KafkaSettings kafka) {
        return new KafkaProducer<>(kafka.producer("connector-admin"), new StringSerializer(), new ByteArraySerializer());
    }

    /** A new connector and its password (null for public-key login), which exists nowhere else after this call. */
    synchronized Created create(ConnectorRequest request) {
        Instant now = clock.instant();
        String id = newId();
        String password = request.access().auth() == AuthMethod.PASSWORD ? PasswordHash.generatePassword() : null;
        Access access = new Access(request.access().protocol(), username(request.name(), id), request.access().auth(),
                password == null ? null : PasswordHash.hash(password),
                request.access().publicKeys() == null ? List.of()
                        : request.access().publicKeys().stream().map(String::strip).toList());
        SendingOptions options = request.options() == null ? SendingOptions.defaults() : request.options();
        Webhook webhook = withSecret(request.webhook());
        Connector connector = new Connector(id, request.name(), request.sender(), request.mapping(), request.template(),
                options, access, webhook, now, now);
        write(id, connector);
        log.info("connector created connectorId={} username={} protocol={} auth={}", id, access.username(),
                access.protocol(), access.auth());
        return new Created(connector, password, generatedSecret(request.webhook(), webhook));
    }

    /**
     * Replaces what the customer describes (name, sender, mapping, template, options, webhook, and the protocol or
     * public keys when {@code access} is given); keeps the id, username, password hash, login method and creation
     * time, and the webhook secret when the webhook's URL comes back unchanged without one. Empty when there is no
     * such connector.
     */
    synchronized Optional<Created> update(String id, ConnectorRequest request) {
        Optional<Connector> existing = directory.find(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Connector old = existing.get();
        Access access = old.access();
        ConnectorRequest.AccessRequest asked = request.access();
        if (asked != null) {
            List<String> keys = access.auth() == AuthMethod.PUBLIC_KEY && asked.publicKeys() != null
                    ? asked.publicKeys().stream().map(String::strip).toList() : access.publicKeys();
            access = new Access(asked.protocol() == null ? access.protocol() : asked.protocol(), access.username(),
                    access.auth(), access.passwordHash(), keys);
        }
        SendingOptions options = request.options() == null ? SendingOptions.defaults() : request.options();
        Webhook webhook = request.webhook();
        if (webhook != null && webhook.secret() == null && old.webhook() != null && old.webhook().secret() != null
                && old.webhook().url().equals(webhook.url())) {
            // GET never shows the secret: an update sent back from a GET keeps it.
            webhook = old.webhook();
        }
        webhook = withSecret(webhook);
        Connector updated = new Connector(old.id(), request.name(), request.sender(), request.mapping(), request.template(),
                options, access, webhook, old.createdAt(), clock.instant());
        write(id, updated);
        log.info("connector updated connectorId={}", id);
        boolean generated = webhook != null && (request.webhook().secret() == null || request.webhook().secret().isEmpty())
                && (old.webhook() == null || !webhook.secret().equals(old.webhook().secret()));
        return Optional.of(new Created(updated, null, generated ? webhook.secret() : null));
    }

    /** A new password for a password-login connector; the old one stops working once the gateways see the change. */
    synchronized Optional<Created> rotatePassword(String id) {
        Optional<Connector> existing = directory.find(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Connector old = existing.get();
        String password = PasswordHash.generatePassword();
        Access access = new Access(old.access().protocol(), old.access().username(), AuthMethod.PASSWORD,
                PasswordHash.hash(password), List.of());
        Connector rotated = old.withAccess(access, clock.instant());
        write(id, rotated);
        log.info("connector password rotated connectorId={}", id);
        return Optional.of(new Created(rotated, password));
    }

    /** Replaces the public keys of a key-login connector. */
    synchronized Optional<Connector> replacePublicKeys(String id, List<String> publicKeys) {
        Optional<Connector> existing = directory.find(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Connector old = existing.get();
        Access access = new Access(old.access().protocol(), old.access().username(), AuthMethod.PUBLIC_KEY, null,
                publicKeys.stream().map(String::strip).toList());
        Connector rotated = old.withAccess(access, clock.instant());
        write(id, rotated);
        log.info("connector public keys replaced connectorId={} keys={}", id, publicKeys.size());
        return Optional.of(rotated);
    }

    /** Writes the tombstone; false when there is no such connector. */
    synchronized boolean delete(String id) {
        if (directory.find(id).isEmpty()) {
            return false;
        }
        write(id, null);
        log.info("connector deleted connectorId={}", id);
        return true;
    }

    Optional<Connector> find(String id) {
        return directory.find(id);
    }

    Collection<Connector> all() {
        return directory.all();
    }

    /** Every webhook call is signed: a webhook given without a secret gets a generated one. */
    private static Webhook withSecret(Webhook webhook) {
        if (webhook == null || webhook.secret() != null && !webhook.secret().isEmpty()) {
            return webhook;
        }
        return new Webhook(webhook.url(), WebhookSignature.newSecret());
    }

    /** The secret this call generated (to show once), or null. */
    private static String generatedSecret(Webhook asked, Webhook stored) {
        return asked != null && (asked.secret() == null || asked.secret().isEmpty()) ? stored.secret() : null;
    }

    /** {@code webhookSecret}: a secret generated by this call, shown in its answer only. */
    record Created(Connector connector, String password, String webhookSecret) {
        Created(Connector connector, String password) {
            this(connector, password, null);
        }
    }

    private void write(String id, Connector connector) {
        try {
            byte[] value = connector == null ? null : serializer.serialize(Topics.CONNECTORS, connector);
            RecordMetadata written = producer.send(new ProducerRecord<>(Topics.CONNECTORS, id, value)).get();
            directory.awaitPosition(written.partition(), written.offset() + 1, WRITE_TIMEOUT);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not store connector " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing connector " + id, e);
        }
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "c" + HexFormat.of().formatHex(bytes);
    }

    /** Readable and unique: the connector's name as a slug, then part of its id. */
    static String username(String name, String id) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 20) {
            slug = slug.substring(0, 20).replaceAll("-+$", "");
        }
        return (slug.isEmpty() ? "connector" : slug) + "-" + id.substring(1, 7);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
