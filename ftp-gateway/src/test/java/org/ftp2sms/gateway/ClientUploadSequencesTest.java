package org.ftp2sms.gateway;

import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.gateway.GatewayFixture.Account;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.ftp2sms.testkit.UploadClients;
import org.ftp2sms.testkit.UploadClients.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What real clients do around an upload, against the gateway alone: stats and time changes after the close,
 * WinSCP's temporary name then rename, rclone's SetModTime, truncation through open handles, resumes, and the
 * sweep of temporary files never renamed. Each client runs as the real process with its defaults.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ClientUploadSequencesTest {
    private static final String CSV = "phone;first_name\n0476123456;Ann\n0476654321;Bob\n";

    private final TestKafka kafka;
    @TempDir
    Path tmp;
    private GatewayFixture gateway;
    private Path client;

    ClientUploadSequencesTest(TestKafka kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void setUp() throws Exception {
        gateway = new GatewayFixture(kafka, tmp.resolve("data"));
        client = Files.createDirectories(tmp.resolve("client"));
        Files.writeString(client.resolve("orders.csv"), CSV);
    }

    @AfterEach
    void tearDown() {
        gateway.close();
    }

    @Test
    void paramikoPutAndPutfoConfirmTheSizeOfWhatWasTaken() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        UploadClients.Account login = sftp(gateway.start(), account);

        Result put = UploadClients.paramiko(login, client, "put", client.resolve("orders.csv"), "put.csv");
        Result putfo = UploadClients.paramiko(login, client, "putfo", client.resolve("orders.csv"), "putfo.csv");

        assertThat(put.ok()).as(put.output()).isTrue();
        assertThat(put.output()).contains("put confirmed size " + CSV.length());
        assertThat(putfo.ok()).as(putfo.output()).isTrue();
        assertThat(gateway.awaitArrivals(account, 2)).extracting(FileArrived::fileName).containsExactly("put.csv", "putfo.csv");
        assertThat(homeFiles(account)).isEmpty();
    }

    @Test
    void winscpsFilepartIsTakenWhenRenamedUnderTheFinalName() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        UploadClients.Account login = sftp(gateway.start(), account);

        Result winscp = UploadClients.paramiko(login, client, "winscp", client.resolve("orders.csv"), "orders.csv");

        assertThat(winscp.ok()).as(winscp.output()).isTrue();
        assertThat(winscp.output()).contains("size " + CSV.length());
        List<FileArrived> arrivals = gateway.awaitArrivals(account, 1);
        assertThat(arrivals).extracting(FileArrived::fileName).containsExactly("orders.csv");
        assertThat(Path.of(arrivals.get(0).storedPath())).hasContent(CSV);
        assertThat(homeFiles(account)).isEmpty();
    }

    @Test
    void rcloneCopySetsTheTimeOfWhatWasTakenAndUploadsOnce() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        UploadClients.Account login = sftp(gateway.start(), account);

        Result copy = UploadClients.rclone(login, client, "copy", "orders.csv", "gw:");
        Result copyto = UploadClients.rclone(login, client, "copyto", "orders.csv", "gw:renamed.csv");

        assertThat(copy.ok()).as(copy.output()).isTrue();
        assertThat(copyto.ok()).as(copyto.output()).isTrue();
        assertThat(gateway.awaitArrivals(account, 2)).extracting(FileArrived::fileName)
                .containsExactly("orders.csv", "renamed.csv");
        assertThat(homeFiles(account)).isEmpty();
    }

    @Test
    void ftpsAnswersSizeAndTimesAfterStorAndTakesATemporaryNameAtTheRename() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();
        UploadClients.Account login = new UploadClients.Account(stage.ftpsPort(), account.username(), account.password());

        Result result = UploadClients.lftpFtps(login, client, "put orders.csv", "quote SIZE orders.csv",
                "quote MDTM orders.csv", "quote MFMT 20250101000000 orders.csv",
                "put orders.csv -o later.csv.filepart", "quote MFMT 20250101000000 later.csv.filepart",
                "mv later.csv.filepart later.csv", "cls -1");

        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(result.output()).contains("213 " + CSV.length(), "213 20260301101530", "213 Modify=20250101000000; /orders.csv");
        assertThat(gateway.awaitArrivals(account, 2)).extracting(FileArrived::fileName).containsExactly("orders.csv", "later.csv");
        assertThat(homeFiles(account)).isEmpty();
    }

    @Test
    void aResumeAfterATakenUploadFailsAndSendsNothingTwice() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start();

        SftpCli.Result sameSession = SftpCli.run(stage.sftpPort(), account.username(), account.password(), client,
                "put orders.csv", "ls -l", "-put -a orders.csv", "-reput orders.csv");
        SftpCli.Result newSession = SftpCli.run(stage.sftpPort(), account.username(), account.password(), client,
                "put -a orders.csv");

        assertThat(sameSession.ok()).as(sameSession.output()).isTrue();
        assertThat(sameSession.output()).contains("destination file same size or larger");
        assertThat(newSession.ok()).as(newSession.output()).isFalse();
        assertThat(gateway.awaitArrivals(account, 1)).extracting(FileArrived::fileName).containsExactly("orders.csv");
        Thread.sleep(500); // a second arrival would be published before the client's close returned; none did
        assertThat(gateway.arrivals(account)).hasSize(1);
        assertThat(gateway.incomingFiles()).isEmpty();
    }

    @Test
    void ftpsResumesAreRefusedWithAClearMessage() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();

        try (RawFtpsClient raw = new RawFtpsClient(stage.ftpsPort(), account.username(), account.password())) {
            raw.command("PASV");
            assertThat(raw.command("REST 10")).startsWith("350");
            assertThat(raw.command("STOR orders.csv")).startsWith("504")
                    .contains("resuming an upload (REST) is not supported: upload the whole file again");
            assertThat(raw.command("APPE orders.csv")).startsWith("502").contains("upload the whole file with STOR");
        }
        assertThat(gateway.arrivals(account)).isEmpty();
        assertThat(gateway.incomingFiles()).isEmpty();
    }

    @Test
    void twoThousandSetstatAndTruncateRequestsOnOpenHandlesLeaveNoDescriptorAndNoStrayFile() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        UploadClients.Account login = sftp(gateway.start(), account);
        long descriptorsBefore = openDescriptors();

        // 500 handles x (fsetstat size, setstat size, chmod, utime) = 2 000 requests; half the handles abandoned
        Result storm = UploadClients.paramiko(login, client, "truncate", client.resolve("orders.csv"), "t.csv", "500");

        assertThat(storm.ok()).as(storm.output()).isTrue();
        assertThat(gateway.awaitArrivals(account, 250)).hasSize(250).allSatisfy(a -> assertThat(a.sizeBytes()).isZero());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(gateway.incomingFiles()).isEmpty();
            assertThat(homeFiles(account)).isEmpty();
            assertThat(openDescriptors()).isLessThan(descriptorsBefore + 20);
        });
    }

    @Test
    void aTemporaryFileNeverRenamedIsNeverProcessedAndIsDeletedAfterTheMaximumAge() throws Exception {
        Account account = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start();

        SftpCli.Result put = SftpCli.run(stage.sftpPort(), account.username(), account.password(), client,
                "put orders.csv orders.csv.part", "put orders.csv .hidden.csv", "put orders.csv preview/orders.csv.part",
                "ls -la");

        assertThat(put.ok()).as(put.output()).isTrue();
        assertThat(put.output()).contains("orders.csv.part");
        Path left = gateway.home(account).resolve("orders.csv.part");
        assertThat(left).hasContent(CSV);
        Instant written = Files.getLastModifiedTime(left).toInstant();
        TemporaryFileSweeper sweeper = new TemporaryFileSweeper(gateway.dataDir.resolve("homes"),
                TemporaryNames.of(TemporaryNames.DEFAULT_PATTERNS), Duration.ofHours(1), gateway.clock);

        gateway.clock.set(written.plus(Duration.ofMinutes(59)));
        assertThat(sweeper.sweep()).isZero();
        assertThat(left).exists();
        gateway.clock.set(written.plus(Duration.ofMinutes(61)));
        assertThat(sweeper.sweep()).isEqualTo(3);
        assertThat(homeFiles(account)).isEmpty();
        assertThat(gateway.home(account).resolve("preview/orders.csv.part")).doesNotExist();
        assertThat(gateway.arrivals(account)).isEmpty();
    }

    private static UploadClients.Account sftp(FtpGatewayStage stage, Account account) {
        return new UploadClients.Account(stage.sftpPort(), account.username(), account.password());
    }

    /** What is in the customer's home besides exports/ and preview/. */
    private List<String> homeFiles(Account account) throws IOException {
        try (Stream<Path> files = Files.list(gateway.home(account))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("exports") && !n.equals("preview")).toList();
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
