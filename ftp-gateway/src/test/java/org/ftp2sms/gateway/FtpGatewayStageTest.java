package org.ftp2sms.gateway;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.awaitility.Awaitility;
import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Access;
import org.ftp2sms.contract.connector.AuthMethod;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.service.PasswordHash;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaBrokerExtension.class)
class FtpGatewayStageTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final TestKafka kafka;
    private final List<FtpGatewayStage> stages = new ArrayList<>();
    @TempDir
    Path tmp;
    private Path dataDir;
    private Path client;
    private String connectorId;
    private String username;
    private String password;

    FtpGatewayStageTest(TestKafka kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void connector() throws Exception {
        dataDir = tmp.resolve("data");
        client = Files.createDirectories(tmp.resolve("client"));
        connectorId = TestKafka.unique("conn");
        username = TestKafka.unique("user");
        password = PasswordHash.generatePassword();
        Connector connector = new Connector(connectorId, "test " + connectorId, "ACME", new Mapping("phone", "BE"),
                "Hello", SendingOptions.defaults(),
                new Access(Protocol.SFTP, username, AuthMethod.PASSWORD, PasswordHash.hash(password), List.of()),
                null, NOW, NOW);
        try (var producer = new KafkaProducer<>(kafka.settings().producer(TestKafka.unique("test-connectors")),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CONNECTORS, connectorId,
                    JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, connector))).get();
        }
    }

    @AfterEach
    void stopStages() {
        stages.forEach(FtpGatewayStage::close);
    }

    @Test
    void aCompletedUploadIsTakenOutOfTheHomeAndPublished() throws Exception {
        FtpGatewayStage stage = start(GatewaySettings.DEFAULT_MAX_UPLOAD_BYTES);
        byte[] content = "phone;first_name\n0476123456;Ann\n0476654321;Bob\n".getBytes();
        Files.write(client.resolve("file.csv"), content);

        SftpCli.Result result = SftpCli.run(stage.sftpPort(), username, password, client,
                "put file.csv", "put file.csv exports/kept.csv", "ls -1");

        assertThat(result.ok()).as(result.output()).isTrue();
        List<FileArrived> arrivals = arrivals();
        assertThat(arrivals).hasSize(1);
        FileArrived arrived = arrivals.get(0);
        assertThat(arrived.fileName()).isEqualTo("file.csv");
        assertThat(arrived.sizeBytes()).isEqualTo(content.length);
        assertThat(arrived.sha256()).isEqualTo(sha256(content));
        assertThat(arrived.protocol()).isEqualTo(Protocol.SFTP);
        assertThat(arrived.receivedAt()).isEqualTo(NOW);
        Path stored = Path.of(arrived.storedPath());
        assertThat(stored).isAbsolute().startsWith(dataDir.resolve("store")).hasBinaryContent(content);
        assertThat(stored.getFileName().toString()).isEqualTo(arrived.fileIngestionId());
        // the listing after the upload no longer shows it; exports are never taken
        assertThat(result.output().lines().map(String::strip)).doesNotContain("file.csv").contains("exports");
        assertThat(home().resolve("file.csv")).doesNotExist();
        assertThat(home().resolve("exports/kept.csv")).hasBinaryContent(content);
    }

    @Test
    void aWrongPasswordIsRefusedAndNothingIsPublished() throws Exception {
        FtpGatewayStage stage = start(GatewaySettings.DEFAULT_MAX_UPLOAD_BYTES);
        Files.write(client.resolve("file.csv"), "phone\n0476123456\n".getBytes());

        SftpCli.Result wrong = SftpCli.run(stage.sftpPort(), username, password + "x", client, "put file.csv");
        SftpCli.Result unknown = SftpCli.run(stage.sftpPort(), username + "x", password, client, "put file.csv");

        assertThat(wrong.ok()).as(wrong.output()).isFalse();
        assertThat(unknown.ok()).as(unknown.output()).isFalse();
        assertThat(arrivals()).isEmpty();
        assertThat(home()).doesNotExist();
    }

    @Test
    void pathsCannotLeaveTheHome() throws Exception {
        FtpGatewayStage stage = start(GatewaySettings.DEFAULT_MAX_UPLOAD_BYTES);
        Files.write(client.resolve("x.csv"), "phone\n0476123456\n".getBytes());

        SftpCli.Result result = SftpCli.run(stage.sftpPort(), username, password, client,
                "-put x.csv ../../escape1.csv",
                "-put x.csv /../../../escape2.csv",
                "-symlink / rootlink",
                "-symlink ../.. uplink",
                "cd ..", "cd ..", "-cd ../../..",
                "pwd",
                "-put x.csv escape3.csv",
                "ls -1a");

        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(result.output()).contains("Remote working directory: /");
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("escape") || name.endsWith("link"));
        }
        // what was "escaping" landed in the home and was taken like any upload
        assertThat(arrivals()).extracting(FileArrived::fileName)
                .containsExactlyInAnyOrder("escape1.csv", "escape2.csv", "escape3.csv");
        assertThat(arrivals()).allSatisfy(a -> assertThat(Path.of(a.storedPath())).startsWith(dataDir.resolve("store")));
    }

    @Test
    void aRestartOnTheSameDataDirPresentsTheSameHostKey() throws Exception {
        FtpGatewayStage first = start(GatewaySettings.DEFAULT_MAX_UPLOAD_BYTES);
        List<String> before = SftpCli.hostKeys(first.sftpPort(), client);
        first.close();

        FtpGatewayStage second = start(GatewaySettings.DEFAULT_MAX_UPLOAD_BYTES);
        List<String> after = SftpCli.hostKeys(second.sftpPort(), client);

        assertThat(before).isNotEmpty().allMatch(line -> line.contains("ecdsa-sha2-nistp256"));
        assertThat(keysOnly(after)).isEqualTo(keysOnly(before));
    }

    @Test
    void anUploadOverTheLimitIsCutOffAndNothingIsPublished() throws Exception {
        FtpGatewayStage stage = start(64 * 1024);
        byte[] big = new byte[200 * 1024];
        new Random(42).nextBytes(big);
        Files.write(client.resolve("big.csv"), big);

        SftpCli.Result result = SftpCli.run(stage.sftpPort(), username, password, client, "put big.csv");

        assertThat(result.ok()).as(result.output()).isFalse();
        assertThat(arrivals()).isEmpty();
        assertThat(home().resolve("big.csv")).doesNotExist();
        try (Stream<Path> stored = Files.list(dataDir.resolve("store"))) {
            assertThat(stored).isEmpty();
        }
    }

    @Test
    void anUploadLeftOpenWhenTheSessionDropsIsDeletedAndNotPublished() throws Exception {
        FtpGatewayStage stage = start(GatewaySettings.DEFAULT_MAX_UPLOAD_BYTES);
        try (SshClient ssh = SshClient.setUpDefaultClient()) {
            ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            ssh.start();
            try (ClientSession session = ssh.connect(username, "127.0.0.1", stage.sftpPort()).verify(WAIT).getSession()) {
                session.addPasswordIdentity(password);
                session.auth().verify(WAIT);
                SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
                SftpClient.Handle handle = sftp.open("/partial.csv", SftpClient.OpenMode.Write, SftpClient.OpenMode.Create);
                sftp.write(handle, 0, "phone\n0476123456\n".getBytes());
                assertThat(home().resolve("partial.csv")).exists();
                // the session ends without the handle being closed
            }
        }

        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(home().resolve("partial.csv")).doesNotExist());
        assertThat(arrivals()).isEmpty();
    }

    private FtpGatewayStage start(long maxUploadBytes) {
        GatewaySettings settings = new GatewaySettings(kafka.settings(), dataDir, "127.0.0.1", 0, maxUploadBytes,
                Duration.ofMinutes(1), TestKafka.unique("gw"));
        FtpGatewayStage stage = new FtpGatewayStage(settings, new SimpleMeterRegistry(), Clock.fixed(NOW, ZoneOffset.UTC));
        stages.add(stage);
        stage.start();
        return stage;
    }

    private Path home() {
        return dataDir.resolve("homes").resolve(connectorId);
    }

    /** Events are published before the client's close is answered, so they are there once sftp has exited. */
    private List<FileArrived> arrivals() {
        return kafka.valuesNow(Topics.FILE_ARRIVALS, FileArrived.class, a -> a.connectorId().equals(connectorId));
    }

    private static List<String> keysOnly(List<String> keyscanLines) {
        // "127.0.0.1:PORT type key" or "[127.0.0.1]:PORT type key": the port differs between starts
        return keyscanLines.stream().map(l -> l.substring(l.indexOf(' ') + 1)).sorted().toList();
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
