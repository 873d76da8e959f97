package org.ftp2sms.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Access;
import org.ftp2sms.contract.connector.AuthMethod;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.gateway.GatewaySettings.Ftps;
import org.ftp2sms.gateway.GatewaySettings.LoginLimits;
import org.ftp2sms.gateway.GatewaySettings.TemporaryUploads;
import org.ftp2sms.service.PasswordHash;
import org.ftp2sms.testkit.FreePorts;
import org.ftp2sms.testkit.MutableClock;
import org.ftp2sms.testkit.TestKafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Starts gateways on a test's data dir and creates connectors for them on the shared test broker. */
final class GatewayFixture implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

    private final TestKafka kafka;
    final Path dataDir;
    final MutableClock clock = new MutableClock(NOW);
    private final List<FtpGatewayStage> stages = new ArrayList<>();
    private final String passivePorts = FreePorts.range(24);
    /** FTP2SMS_FTPS_MAX_DATA_CONNECTIONS_PER_CONNECTOR of the gateways started next. */
    int maxDataConnectionsPerConnector = GatewaySettings.Ftps.DEFAULT_MAX_DATA_CONNECTIONS_PER_CONNECTOR;
    boolean requireTlsReuse = true;
    private final String instanceId = TestKafka.unique("gw");

    GatewayFixture(TestKafka kafka, Path dataDir) {
        this.kafka = kafka;
        this.dataDir = dataDir;
    }

    /** A connector as connector-admin would publish it, with its clear password (null for key login). */
    record Account(String connectorId, String username, String password, Protocol protocol, AuthMethod auth) {
    }

    Account passwordAccount(Protocol protocol) {
        String password = PasswordHash.generatePassword();
        Account account = new Account(TestKafka.unique("conn"), TestKafka.unique("user"), password, protocol, AuthMethod.PASSWORD);
        publish(account, PasswordHash.hash(password), List.of());
        return account;
    }

    Account keyAccount(String... publicKeys) {
        Account account = new Account(TestKafka.unique("conn"), TestKafka.unique("user"), null, Protocol.SFTP, AuthMethod.PUBLIC_KEY);
        publish(account, null, List.of(publicKeys));
        return account;
    }

    /** As connector-admin's rotation: a new password for the same connector; the account with it. */
    Account rotatePassword(Account account) {
        String password = PasswordHash.generatePassword();
        publish(account, PasswordHash.hash(password), List.of());
        return new Account(account.connectorId(), account.username(), password, account.protocol(), account.auth());
    }

    /** As connector-admin's key replacement. */
    void replaceKeys(Account account, String... publicKeys) {
        publish(account, null, List.of(publicKeys));
    }

    /** As connector-admin's delete: a tombstone. */
    void delete(Account account) {
        send(account.connectorId(), null);
    }

    private void publish(Account account, String hash, List<String> keys) {
        Connector connector = new Connector(account.connectorId(), "test " + account.connectorId(), "ACME",
                new Mapping("phone", "BE"), "Hello", SendingOptions.defaults(),
                new Access(account.protocol(), account.username(), account.auth(), hash, keys), null, NOW, NOW);
        send(account.connectorId(), JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, connector));
    }

    private void send(String connectorId, byte[] value) {
        try (var producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("test-connectors")),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CONNECTORS, connectorId, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    FtpGatewayStage start() {
        return start(GatewaySettings.DEFAULT_MAX_UPLOAD_BYTES, 10, LoginLimits.DEFAULT);
    }

    FtpGatewayStage start(long maxUploadBytes, int maxSessions, LoginLimits limits) {
        GatewaySettings settings = new GatewaySettings(kafka.settings(), dataDir, "127.0.0.1", 0,
                new Ftps(0, passivePorts, null, null, null, maxDataConnectionsPerConnector, requireTlsReuse), maxUploadBytes, Duration.ofMinutes(1), maxSessions, limits, TemporaryUploads.DEFAULT,
                instanceId);
        FtpGatewayStage stage = new FtpGatewayStage(settings, new SimpleMeterRegistry(), clock);
        stages.add(stage);
        stage.start();
        return stage;
    }

    Path home(Account account) {
        return dataDir.resolve("homes").resolve(account.connectorId());
    }

    /** Events are published before the client hears that its upload is done. */
    List<FileArrived> arrivals(Account account) {
        return kafka.valuesNow(Topics.FILE_ARRIVALS, FileArrived.class, a -> a.connectorId().equals(account.connectorId()));
    }

    List<FileArrived> awaitArrivals(Account account, int count) {
        return kafka.awaitValues(Topics.FILE_ARRIVALS, FileArrived.class,
                a -> a.connectorId().equals(account.connectorId()), count, Duration.ofSeconds(60));
    }

    /** The files in the store (not counting the incoming and unpublished directories). */
    List<Path> storedFiles() throws IOException {
        Path store = dataDir.resolve("store");
        if (!Files.exists(store)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(store)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    List<Path> incomingFiles() throws IOException {
        Path incoming = dataDir.resolve("store/incoming");
        if (!Files.exists(incoming)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(incoming)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Override
    public void close() {
        stages.forEach(FtpGatewayStage::close);
    }
}
