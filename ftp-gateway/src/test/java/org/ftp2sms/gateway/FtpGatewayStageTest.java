package org.ftp2sms.gateway;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.awaitility.Awaitility;
import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.FileIngestionIds;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.gateway.GatewayFixture.Account;
import org.ftp2sms.gateway.GatewaySettings.LoginLimits;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.OpenSshSftp;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The SFTP side, with the real OpenSSH client. */
@ExtendWith(KafkaBrokerExtension.class)
class FtpGatewayStageTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final TestKafka kafka;
    @TempDir
    Path tmp;
    private GatewayFixture gateway;
    private Path client;

    FtpGatewayStageTest(TestKafka kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void setUp() throws Exception {
        gateway = new GatewayFixture(kafka, tmp.resolve("data"));
        client = Files.createDirectories(tmp.resolve("client"));
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    @Test
    void aCompletedUploadIsTakenOutOfTheHomeAndPublished() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start();
        byte[] content = "phone;first_name\n0476123456;Ann\n0476654321;Bob\n".getBytes();
        Files.write(client.resolve("file.csv"), content);

        SftpCli.Result result = SftpCli.run(stage.sftpPort(), account.username(), account.password(), client,
                "put file.csv", "ls -1");

        assertThat(result.ok()).as(result.output()).isTrue();
        List<FileArrived> arrivals = gateway.arrivals(account);
        assertThat(arrivals).hasSize(1);
        FileArrived arrived = arrivals.get(0);
        assertThat(arrived.fileName()).isEqualTo("file.csv");
        assertThat(arrived.sizeBytes()).isEqualTo(content.length);
        assertThat(arrived.sha256()).isEqualTo(sha256(content));
        assertThat(arrived.protocol()).isEqualTo(Protocol.SFTP);
        assertThat(arrived.receivedAt()).isEqualTo(GatewayFixture.NOW);
        Path stored = Path.of(arrived.storedPath());
        assertThat(stored).isAbsolute().startsWith(gateway.dataDir.resolve("store")).hasBinaryContent(content);
        assertThat(stored.getFileName().toString()).isEqualTo(arrived.fileIngestionId());
        // the listing after the upload no longer shows it
        assertThat(result.output().lines().map(String::strip)).doesNotContain("file.csv").contains("exports");
        assertThat(gateway.home(account).resolve("file.csv")).doesNotExist();
        assertThat(gateway.incomingFiles()).isEmpty();
    }

    @Test
    void anEd25519KeyMadeBySshKeygenLogsIn() throws Exception {
        Path key = client.resolve("id_ed25519");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).isZero();
        Path otherKey = client.resolve("id_other");
        assertThat(new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString())
                .start().waitFor()).isZero();
        Account account = gateway.keyAccount(Files.readString(client.resolve("id_ed25519.pub")).strip());
        FtpGatewayStage stage = gateway.start();
        Path file = Files.writeString(client.resolve("keyed.csv"), "phone\n0476123456\n");

        OpenSshSftp.Result withKey = OpenSshSftp.withKey("127.0.0.1", stage.sftpPort(), account.username(), key)
                .run("put " + file);
        OpenSshSftp.Result withOtherKey = OpenSshSftp.withKey("127.0.0.1", stage.sftpPort(), account.username(), otherKey)
                .run("put " + file);
        OpenSshSftp.Result withPassword = OpenSshSftp.withPassword("127.0.0.1", stage.sftpPort(), account.username(), "x")
                .run("put " + file);

        assertThat(withKey.ok()).as(withKey.output()).isTrue();
        assertThat(withOtherKey.ok()).as(withOtherKey.output()).isFalse();
        assertThat(withPassword.ok()).as(withPassword.output()).isFalse();
        assertThat(gateway.arrivals(account)).extracting(FileArrived::fileName).containsExactly("keyed.csv");
    }

    @Test
    void ecdsaAndRsaKeysLogInButLegacyAlgorithmsAreRefused() throws Exception {
        Path ecdsa = keygen("ecdsa", "-b", "256");
        Path rsa = keygen("rsa", "-b", "3072");
        Account account = gateway.keyAccount(Files.readString(Path.of(ecdsa + ".pub")).strip(),
                Files.readString(Path.of(rsa + ".pub")).strip());
        FtpGatewayStage stage = gateway.start();
        int port = stage.sftpPort();

        OpenSshSftp.Result withEcdsa = OpenSshSftp.withKey("127.0.0.1", port, account.username(), ecdsa).run("pwd");
        OpenSshSftp.Result withRsa = OpenSshSftp.withKey("127.0.0.1", port, account.username(), rsa).run("pwd");
        FtpsClient.Result rsaSha1 = keyLogin(port, account, rsa, "-oPubkeyAcceptedAlgorithms=ssh-rsa");
        FtpsClient.Result cbc = keyLogin(port, account, ecdsa, "-oCiphers=aes128-cbc,aes256-cbc");
        FtpsClient.Result sha1Mac = keyLogin(port, account, ecdsa, "-oMACs=hmac-sha1",
                "-oCiphers=aes128-ctr,aes256-ctr");

        assertThat(withEcdsa.ok()).as(withEcdsa.output()).isTrue();
        assertThat(withRsa.ok()).as(withRsa.output()).isTrue();
        assertThat(rsaSha1.ok()).as(rsaSha1.output()).isFalse();
        assertThat(cbc.ok()).as(cbc.output()).isFalse();
        assertThat(sha1Mac.ok()).as(sha1Mac.output()).isFalse();
    }

    @Test
    void sessionsPastTheConnectorsLimitAreRefusedUntilOneEnds() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start(GatewaySettings.DEFAULT_MAX_UPLOAD_BYTES, 1, LoginLimits.DEFAULT);
        SftpCli.Result whileHeld;
        try (SshClient ssh = SshClient.setUpDefaultClient()) {
            ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            ssh.start();
            try (ClientSession held = ssh.connect(account.username(), "127.0.0.1", stage.sftpPort()).verify(WAIT).getSession()) {
                held.addPasswordIdentity(account.password());
                held.auth().verify(WAIT);
                whileHeld = SftpCli.run(stage.sftpPort(), account.username(), account.password(), client, "pwd");
            }
        }

        assertThat(whileHeld.ok()).as(whileHeld.output()).isFalse();
        Awaitility.await().atMost(WAIT).untilAsserted(() ->
                assertThat(SftpCli.run(stage.sftpPort(), account.username(), account.password(), client, "pwd").ok()).isTrue());
    }

    private Path keygen(String type, String... options) throws Exception {
        Path key = client.resolve("id_" + type);
        List<String> command = new java.util.ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-f", key.toString()));
        command.addAll(List.of(options));
        assertThat(new ProcessBuilder(command).redirectErrorStream(true).start().waitFor()).isZero();
        return key;
    }

    private FtpsClient.Result keyLogin(int port, Account account, Path key, String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("sftp", "-P", String.valueOf(port),
                "-oStrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-oBatchMode=yes",
                "-oPreferredAuthentications=publickey", "-oIdentitiesOnly=yes", "-oConnectTimeout=20", "-i", key.toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("-b", "-", account.username() + "@127.0.0.1"));
        return FtpsClient.exec(command, client);
    }

    @Test
    void aWrongPasswordOrAnFtpsAccountIsRefusedAndNothingIsPublished() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        Account ftpsAccount = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();
        Files.write(client.resolve("file.csv"), "phone\n0476123456\n".getBytes());

        SftpCli.Result wrong = SftpCli.run(stage.sftpPort(), account.username(), account.password() + "x", client, "put file.csv");
        SftpCli.Result unknown = SftpCli.run(stage.sftpPort(), account.username() + "x", account.password(), client, "put file.csv");
        SftpCli.Result ftps = SftpCli.run(stage.sftpPort(), ftpsAccount.username(), ftpsAccount.password(), client, "put file.csv");

        assertThat(wrong.ok()).as(wrong.output()).isFalse();
        assertThat(unknown.ok()).as(unknown.output()).isFalse();
        assertThat(ftps.ok()).as(ftps.output()).isFalse();
        assertThat(gateway.arrivals(account)).isEmpty();
        assertThat(gateway.arrivals(ftpsAccount)).isEmpty();
        assertThat(gateway.home(account)).doesNotExist();
    }

    @Test
    void aGuesserWaitsADoublingDelayWhileTheOwnerLogsInAtOnceFromAnotherAddress() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start(GatewaySettings.DEFAULT_MAX_UPLOAD_BYTES, 10,
                new LoginLimits(3, Duration.ofMinutes(5), Duration.ofMinutes(15)));
        for (int i = 0; i < 3; i++) {
            assertThat(SftpCli.run(stage.sftpPort(), account.username(), "wrong" + i, client, "pwd").ok()).isFalse();
        }

        SftpCli.Result guesserWithTheRightPassword = SftpCli.run(stage.sftpPort(), account.username(), account.password(), client, "pwd");
        SftpCli.Result ownerElsewhere = SftpCli.runFrom("127.0.0.2", stage.sftpPort(), account.username(), account.password(), client, "pwd");
        gateway.clock.advance(LoginGuard.FIRST_DELAY.plusMillis(1));
        SftpCli.Result afterTheDelay = SftpCli.run(stage.sftpPort(), account.username(), account.password(), client, "pwd");

        assertThat(guesserWithTheRightPassword.ok()).as(guesserWithTheRightPassword.output()).isFalse();
        assertThat(ownerElsewhere.ok()).as(ownerElsewhere.output()).isTrue();
        assertThat(afterTheDelay.ok()).as(afterTheDelay.output()).isTrue();
        assertThat(stage.isHealthy()).isTrue();
    }

    @Test
    void pathsCannotLeaveTheHomeAndTheHomeIsFlat() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start();
        Files.write(client.resolve("x.csv"), "phone\n0476123456\n".getBytes());
        Files.createDirectories(gateway.home(account).resolve("exports"));
        Files.writeString(gateway.home(account).resolve("exports/status_2026-03-01.csv"), "templateId\n");

        SftpCli.Result result = SftpCli.run(stage.sftpPort(), account.username(), account.password(), client,
                "-put x.csv ../../escape1.csv",
                "-put x.csv /../../../escape2.csv",
                "-symlink / rootlink",
                "-symlink ../.. uplink",
                "-put x.csv exports/into-exports.csv",
                "-mkdir sub",
                "-rename exports/status_2026-03-01.csv stolen.csv",
                "-rm exports/status_2026-03-01.csv",
                "cd ..", "cd ..", "-cd ../../..",
                "pwd",
                "-put x.csv escape3.csv",
                "ls -1a");

        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(result.output()).contains("Remote working directory: /");
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("escape") || name.endsWith("link") || name.equals("sub")
                            || name.equals("into-exports.csv") || name.equals("stolen.csv"));
        }
        assertThat(gateway.home(account).resolve("exports/status_2026-03-01.csv")).exists();
        // what was "escaping" landed in the home and was taken like any upload
        assertThat(gateway.arrivals(account)).extracting(FileArrived::fileName)
                .containsExactlyInAnyOrder("escape1.csv", "escape2.csv", "escape3.csv");
    }

    @Test
    void aFileInPreviewIsADryRunAndPreviewIsFlatToo() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start();
        Files.write(client.resolve("x.csv"), "phone\n0476123456\n".getBytes());

        SftpCli.Result result = SftpCli.run(stage.sftpPort(), account.username(), account.password(), client,
                "put x.csv preview/orders.csv",
                "put x.csv preview/later.csv.part",
                "rename preview/later.csv.part preview/later.csv",
                "put x.csv sent.csv",
                "-mkdir preview/sub",
                "-put x.csv preview/sub/deep.csv",
                "ls -1 preview");

        assertThat(result.ok()).as(result.output()).isTrue();
        List<FileArrived> arrivals = gateway.awaitArrivals(account, 3);
        assertThat(arrivals).extracting(FileArrived::fileName, FileArrived::dryRun).containsExactlyInAnyOrder(
                tuple("orders.csv", true), tuple("later.csv", true), tuple("sent.csv", false));
        assertThat(arrivals).filteredOn(FileArrived::dryRun)
                .allSatisfy(a -> assertThat(a.fileIngestionId()).startsWith(FileIngestionIds.DRY_RUN_PREFIX));
        try (Stream<Path> left = Files.list(gateway.home(account).resolve("preview"))) {
            assertThat(left).as("taken like any upload; no directory made").isEmpty();
        }
    }

    @Test
    void anotherConnectorsFilesAreUnreachable() throws Exception {
        Account mine = gateway.passwordAccount(Protocol.SFTP);
        Account other = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start();
        Files.createDirectories(gateway.home(other).resolve("exports"));
        Files.writeString(gateway.home(other).resolve("exports/status_2026-03-01.csv"), "secret\n");

        SftpCli.Result result = SftpCli.run(stage.sftpPort(), mine.username(), mine.password(), client,
                "-get ../" + other.connectorId() + "/exports/status_2026-03-01.csv a.csv",
                "-get /../../homes/" + other.connectorId() + "/exports/status_2026-03-01.csv b.csv",
                "-ls ../" + other.connectorId());

        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(client.resolve("a.csv")).doesNotExist();
        assertThat(client.resolve("b.csv")).doesNotExist();
        assertThat(result.output()).doesNotContain("status_2026-03-01.csv\n");
    }

    @Test
    void exportsCanBeListedAndDownloaded() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start();
        Files.createDirectories(gateway.home(account).resolve("exports"));
        Files.writeString(gateway.home(account).resolve("exports/status_2026-03-01.csv"), "templateId,messageId\n");

        OpenSshSftp sftp = OpenSshSftp.withPassword("127.0.0.1", stage.sftpPort(), account.username(), account.password());
        List<String> listing = sftp.list("exports");
        OpenSshSftp.Result get = sftp.run("get exports/status_2026-03-01.csv " + client.resolve("got.csv"));

        assertThat(listing).containsExactly("status_2026-03-01.csv");
        assertThat(get.ok()).as(get.output()).isTrue();
        assertThat(client.resolve("got.csv")).hasContent("templateId,messageId\n");
        assertThat(gateway.arrivals(account)).isEmpty();
    }

    @Test
    void aRestartOnTheSameDataDirPresentsTheSameHostKey() throws Exception {
        FtpGatewayStage first = gateway.start();
        List<String> before = SftpCli.hostKeys(first.sftpPort(), client);
        first.close();

        FtpGatewayStage second = gateway.start();
        List<String> after = SftpCli.hostKeys(second.sftpPort(), client);

        assertThat(before).isNotEmpty().allMatch(line -> line.contains("ecdsa-sha2-nistp256"));
        assertThat(keysOnly(after)).isEqualTo(keysOnly(before));
    }

    @Test
    void anUploadOverTheLimitIsCutOffAndNothingIsPublished() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start(); // the default limit, 20 MB
        Path big = client.resolve("big.csv");
        writeRandom(big, 21 * 1024 * 1024);

        SftpCli.Result result = SftpCli.run(stage.sftpPort(), account.username(), account.password(), client, "put big.csv");

        assertThat(result.ok()).as(result.output()).isFalse();
        assertThat(gateway.arrivals(account)).isEmpty();
        assertThat(gateway.storedFiles()).isEmpty();
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(gateway.incomingFiles()).isEmpty());
    }

    @Test
    void anUploadLeftOpenWhenTheSessionDropsIsDeletedAndNotPublished() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start();
        try (SshClient ssh = SshClient.setUpDefaultClient()) {
            ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            ssh.start();
            try (ClientSession session = ssh.connect(account.username(), "127.0.0.1", stage.sftpPort()).verify(WAIT).getSession()) {
                session.addPasswordIdentity(account.password());
                session.auth().verify(WAIT);
                SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
                SftpClient.Handle handle = sftp.open("/partial.csv", SftpClient.OpenMode.Write, SftpClient.OpenMode.Create);
                sftp.write(handle, 0, "phone\n0476123456\n".getBytes());
                assertThat(gateway.incomingFiles()).hasSize(1);
                assertThat(gateway.home(account).resolve("partial.csv")).doesNotExist();
                // the session ends without the handle being closed
            }
        }

        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(gateway.incomingFiles()).isEmpty());
        assertThat(gateway.arrivals(account)).isEmpty();
        assertThat(gateway.storedFiles()).isEmpty();
    }

    static void writeRandom(Path file, int size) throws Exception {
        byte[] chunk = new byte[1024 * 1024];
        new Random(42).nextBytes(chunk);
        try (var out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; written += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, size - written));
            }
        }
    }

    private static List<String> keysOnly(List<String> keyscanLines) {
        // "127.0.0.1:PORT type key" or "[127.0.0.1]:PORT type key": the port differs between starts
        return keyscanLines.stream().map(l -> l.substring(l.indexOf(' ') + 1)).sorted().toList();
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
