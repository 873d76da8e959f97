package org.ftp2sms.gateway;

import org.ftp2sms.contract.FileArrived;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.gateway.GatewayFixture.Account;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.awaitility.Awaitility;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaBrokerExtension.class)
class FtpsGatewayTest {
    private final TestKafka kafka;
    @TempDir
    Path tmp;
    private GatewayFixture gateway;
    private Path client;

    FtpsGatewayTest(TestKafka kafka) {
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
    void curlUploadsOverExplicitTlsAndTheFileIsTakenAndPublished() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();
        byte[] content = "phone;first_name\n0476123456;Ann\n".getBytes();
        Files.write(client.resolve("file.csv"), content);

        FtpsClient.Result upload = FtpsClient.curl(client, "-T", "file.csv",
                FtpsClient.url(stage.ftpsPort(), account.username(), account.password(), "/"));
        FtpsClient.Result listing = FtpsClient.curl(client, "--list-only",
                FtpsClient.url(stage.ftpsPort(), account.username(), account.password(), "/"));

        assertThat(upload.ok()).as(upload.output()).isTrue();
        List<FileArrived> arrivals = gateway.arrivals(account);
        assertThat(arrivals).hasSize(1);
        FileArrived arrived = arrivals.get(0);
        assertThat(arrived.fileName()).isEqualTo("file.csv");
        assertThat(arrived.protocol()).isEqualTo(Protocol.FTPS);
        assertThat(arrived.sizeBytes()).isEqualTo(content.length);
        assertThat(arrived.sha256()).isEqualTo(sha256(content));
        assertThat(arrived.receivedAt()).isEqualTo(GatewayFixture.NOW);
        assertThat(Path.of(arrived.storedPath())).startsWith(gateway.dataDir.resolve("store")).hasBinaryContent(content);
        assertThat(listing.ok()).as(listing.output()).isTrue();
        assertThat(listing.output().lines().map(String::strip)).contains("exports").doesNotContain("file.csv");
        assertThat(gateway.incomingFiles()).isEmpty();
    }

    @Test
    void anUploadIntoPreviewIsADryRun() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();
        Files.write(client.resolve("file.csv"), "phone;first_name\n0476123456;Ann\n".getBytes());

        FtpsClient.Result upload = FtpsClient.curl(client, "-T", "file.csv",
                FtpsClient.url(stage.ftpsPort(), account.username(), account.password(), "/preview/"));
        FtpsClient.Result listing = FtpsClient.curl(client, "--list-only",
                FtpsClient.url(stage.ftpsPort(), account.username(), account.password(), "/"));

        assertThat(upload.ok()).as(upload.output()).isTrue();
        assertThat(gateway.awaitArrivals(account, 1)).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("file.csv");
            assertThat(a.dryRun()).isTrue();
        });
        assertThat(listing.output().lines().map(String::strip)).contains("exports", "preview");
        assertThat(gateway.home(account).resolve("preview/file.csv")).doesNotExist();
    }

    @Test
    void plainFtpLoginIsRefusedBeforeAnyPasswordIsSent() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();

        String userReply;
        try (Socket socket = new Socket("127.0.0.1", stage.ftpsPort())) {
            socket.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
            assertThat(in.readLine()).startsWith("220");
            out.write("USER " + account.username() + "\r\n");
            out.flush();
            userReply = in.readLine();
        }
        // curl without --ssl-reqd: a plain FTP client
        FtpsClient.Result plain = FtpsClient.exec(List.of("curl", "--silent", "--show-error", "--max-time", "30",
                "-T", Files.writeString(client.resolve("p.csv"), "phone\n").toString(),
                FtpsClient.url(stage.ftpsPort(), account.username(), account.password(), "/")), client);

        assertThat(userReply).startsWith("530").contains("TLS required");
        assertThat(plain.ok()).as(plain.output()).isFalse();
        assertThat(gateway.arrivals(account)).isEmpty();
    }

    @Test
    void aWrongPasswordOrAnSftpAccountIsRefused() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        Account sftpAccount = gateway.passwordAccount(Protocol.SFTP);
        FtpGatewayStage stage = gateway.start();
        Files.writeString(client.resolve("file.csv"), "phone\n0476123456\n");

        FtpsClient.Result wrong = FtpsClient.curl(client, "-T", "file.csv",
                FtpsClient.url(stage.ftpsPort(), account.username(), account.password() + "x", "/"));
        FtpsClient.Result sftp = FtpsClient.curl(client, "-T", "file.csv",
                FtpsClient.url(stage.ftpsPort(), sftpAccount.username(), sftpAccount.password(), "/"));

        assertThat(wrong.ok()).as(wrong.output()).isFalse();
        assertThat(wrong.output()).contains("530");
        assertThat(sftp.ok()).as(sftp.output()).isFalse();
        assertThat(gateway.arrivals(account)).isEmpty();
        assertThat(gateway.arrivals(sftpAccount)).isEmpty();
    }

    @Test
    void exportsAreListedAndDownloadedButNotWritable() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();
        Files.createDirectories(gateway.home(account).resolve("exports"));
        Files.writeString(gateway.home(account).resolve("exports/status_2026-03-01.csv"), "templateId,messageId\n");
        Files.writeString(client.resolve("file.csv"), "phone\n0476123456\n");
        int port = stage.ftpsPort();

        FtpsClient.Result get = FtpsClient.curl(client, "-o", "got.csv",
                FtpsClient.url(port, account.username(), account.password(), "/exports/status_2026-03-01.csv"));
        FtpsClient.Result list = FtpsClient.curl(client, "--list-only",
                FtpsClient.url(port, account.username(), account.password(), "/exports/"));
        FtpsClient.Result intoExports = FtpsClient.curl(client, "-T", "file.csv",
                FtpsClient.url(port, account.username(), account.password(), "/exports/"));
        FtpsClient.Result mkdir = FtpsClient.curl(client, "-Q", "MKD sub",
                FtpsClient.url(port, account.username(), account.password(), "/"));
        FtpsClient.Result renameOut = FtpsClient.curl(client, "-Q", "RNFR exports/status_2026-03-01.csv", "-Q", "RNTO mine.csv",
                FtpsClient.url(port, account.username(), account.password(), "/"));
        FtpsClient.Result delete = FtpsClient.curl(client, "-Q", "DELE exports/status_2026-03-01.csv",
                FtpsClient.url(port, account.username(), account.password(), "/"));

        assertThat(get.ok()).as(get.output()).isTrue();
        assertThat(client.resolve("got.csv")).hasContent("templateId,messageId\n");
        assertThat(list.output().lines()).containsExactly("status_2026-03-01.csv");
        assertThat(intoExports.ok()).isFalse();
        assertThat(intoExports.output()).contains("553");
        assertThat(mkdir.ok()).isFalse();
        assertThat(mkdir.output()).contains("550");
        assertThat(renameOut.ok()).isFalse();
        assertThat(delete.ok()).isFalse();
        assertThat(gateway.home(account).resolve("exports/status_2026-03-01.csv")).hasContent("templateId,messageId\n");
        try (Stream<Path> files = Files.walk(gateway.home(account))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    account.connectorId(), "exports", "status_2026-03-01.csv", "preview");
        }
        assertThat(gateway.arrivals(account)).isEmpty();
    }

    @Test
    void lftpUploadsAndDownloadsTheExports() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();
        Files.createDirectories(gateway.home(account).resolve("exports"));
        Files.writeString(gateway.home(account).resolve("exports/received_2026-03-01.csv"), "templateId\n");
        Files.writeString(client.resolve("lftp.csv"), "phone\n0476123456\n");

        FtpsClient.Result result = FtpsClient.lftp(client, stage.ftpsPort(), account.username(), account.password(),
                "put lftp.csv", "get exports/received_2026-03-01.csv -o got.csv", "cls -1 exports/");

        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(gateway.arrivals(account)).extracting(FileArrived::fileName).containsExactly("lftp.csv");
        assertThat(client.resolve("got.csv")).hasContent("templateId\n");
    }

    @Test
    void pathsCannotLeaveTheHomeNorReachAnotherConnector() throws Exception {
        Account mine = gateway.passwordAccount(Protocol.FTPS);
        Account other = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();
        Files.createDirectories(gateway.home(other).resolve("exports"));
        Files.writeString(gateway.home(other).resolve("exports/status_2026-03-01.csv"), "secret\n");
        Files.writeString(client.resolve("x.csv"), "phone\n0476123456\n");
        int port = stage.ftpsPort();
        String otherFile = "/../" + other.connectorId() + "/exports/status_2026-03-01.csv";

        FtpsClient.Result steal = FtpsClient.curl(client, "--path-as-is", "-o", "stolen.csv",
                FtpsClient.url(port, mine.username(), mine.password(), otherFile));
        FtpsClient.Result stealAbsolute = FtpsClient.curl(client, "--path-as-is", "-o", "stolen2.csv",
                FtpsClient.url(port, mine.username(), mine.password(), "//" + gateway.home(other) + "/exports/status_2026-03-01.csv"));
        FtpsClient.Result escape = FtpsClient.curl(client, "--path-as-is", "-T", "x.csv",
                FtpsClient.url(port, mine.username(), mine.password(), "/../../escape.csv"));

        assertThat(steal.ok()).as(steal.output()).isFalse();
        assertThat(stealAbsolute.ok()).as(stealAbsolute.output()).isFalse();
        assertThat(client.resolve("stolen.csv")).doesNotExist();
        assertThat(client.resolve("stolen2.csv")).doesNotExist();
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("escape.csv");
        }
        // the "escaping" upload stayed in the home: taken like any upload, or refused
        assertThat(gateway.arrivals(mine)).extracting(FileArrived::fileName).allMatch(name -> name.equals("escape.csv"));
        assertThat(gateway.arrivals(other)).isEmpty();
    }

    @Test
    void anUploadPastTwentyMegabytesIsCutOffAndNotProcessed() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();
        FtpGatewayStageTest.writeRandom(client.resolve("big.csv"), 21 * 1024 * 1024);

        FtpsClient.Result result = FtpsClient.curl(client, "-T", "big.csv",
                FtpsClient.url(stage.ftpsPort(), account.username(), account.password(), "/"));

        assertThat(result.ok()).as(result.output()).isFalse();
        assertThat(result.exitCode()).as(result.output()).isEqualTo(70); // curl: 552 exceeded storage allocation
        assertThat(gateway.arrivals(account)).isEmpty();
        assertThat(gateway.storedFiles()).isEmpty();
        assertThat(gateway.incomingFiles()).isEmpty();
    }

    @Test
    void aTransferKilledHalfwayIsNotProcessed() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();
        FtpGatewayStageTest.writeRandom(client.resolve("slow.csv"), 8 * 1024 * 1024);

        Process curl = FtpsClient.startCurl(client, client.resolve("curl.txt"), "--limit-rate", "512K", "-T", "slow.csv",
                FtpsClient.url(stage.ftpsPort(), account.username(), account.password(), "/"));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> gateway.incomingFiles().stream()
                    .anyMatch(f -> f.toFile().length() > 256 * 1024));
        } finally {
            new ProcessBuilder("kill", "-KILL", String.valueOf(curl.pid())).start().waitFor();
            curl.waitFor();
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(gateway.incomingFiles()).isEmpty());
        assertThat(gateway.arrivals(account)).isEmpty();
        assertThat(gateway.storedFiles()).isEmpty();
    }

    @Test
    void aDataConnectionEndedWithoutTlsCloseNotifyIsAnAbortNotAnUpload() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start();

        String reply;
        try (RawFtpsClient raw = new RawFtpsClient(stage.ftpsPort(), account.username(), account.password())) {
            reply = raw.storeCutWithoutCloseNotify("cut.csv", "phone\n0476123456\n".repeat(1000).getBytes());
        }

        assertThat(reply).startsWith("426");
        assertThat(gateway.arrivals(account)).isEmpty();
        assertThat(gateway.storedFiles()).isEmpty();
        assertThat(gateway.incomingFiles()).isEmpty();
    }

    @Test
    void sessionsPastTheLimitAreRefusedAndEndedSessionsGiveTheirPlaceBack() throws Exception {
        Account account = gateway.passwordAccount(Protocol.FTPS);
        FtpGatewayStage stage = gateway.start(GatewaySettings.DEFAULT_MAX_UPLOAD_BYTES, 1, GatewaySettings.LoginLimits.DEFAULT);
        String url = FtpsClient.url(stage.ftpsPort(), account.username(), account.password(), "/");

        FtpsClient.Result whileHeld;
        try (RawFtpsClient held = new RawFtpsClient(stage.ftpsPort(), account.username(), account.password())) {
            whileHeld = FtpsClient.curl(client, "--list-only", url);
        }
        List<FtpsClient.Result> oneAfterAnother = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int attempt = i;
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                FtpsClient.Result result = FtpsClient.curl(client, "--list-only", url);
                assertThat(result.ok()).as("session %d: %s", attempt, result.output()).isTrue();
                oneAfterAnother.add(result);
            });
        }

        assertThat(whileHeld.ok()).as(whileHeld.output()).isFalse();
        assertThat(oneAfterAnother).hasSize(3);
    }

    @Test
    void whileReuseIsRequiredFtpsSpeaksTlsTwelveAndResumesSessionsOpenSslOffers() throws Exception {
        FtpGatewayStage stage = gateway.start();
        Path session = client.resolve("session.pem");

        FtpsClient.Result first = FtpsClient.openSsl(client, stage.ftpsPort(), "-sess_out", session.toString());
        FtpsClient.Result second = FtpsClient.openSsl(client, stage.ftpsPort(), "-sess_in", session.toString());

        assertThat(first.output()).contains("New, TLSv1.2");
        assertThat(second.output()).as("the session of the first connection is resumed").contains("Reused, TLSv1.2");
        assertThat(FtpsClient.openSsl(client, stage.ftpsPort(), "-tls1_3").output())
                .as("no TLS 1.3 while reuse is required").contains("Cipher is (NONE)").doesNotContain("TLSv1.3");
    }

    /** Why TLS 1.3 is off while reuse is required: BouncyCastle's TLS never resumes a TLS 1.3 session. */
    @Test
    void withReuseOffFtpsSpeaksTlsThirteenButBouncyCastleGivesNoSessionToResume() throws Exception {
        gateway.requireTlsReuse = false;
        FtpGatewayStage stage = gateway.start();
        Path session = client.resolve("session13.pem");

        FtpsClient.Result first = FtpsClient.openSsl(client, stage.ftpsPort(), "-sess_out", session.toString());

        assertThat(first.output()).contains("New, TLSv1.3").as("read up to the server's close").contains("221");
        assertThat(session).as("no session ticket came, so there is no session to resume").doesNotExist();
    }

    @Test
    void aRestartOnTheSameDataDirPresentsTheSameCertificate() throws Exception {
        FtpGatewayStage first = gateway.start();
        byte[] before = FtpsCertificates.presentedBy(first.ftpsPort());
        first.close();

        FtpGatewayStage second = gateway.start();
        byte[] after = FtpsCertificates.presentedBy(second.ftpsPort());

        assertThat(before).isNotEmpty();
        assertThat(after).isEqualTo(before);
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
