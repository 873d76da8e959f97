package org.ftp2sms.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.smsc.ReceivedSubmit;
import org.ftp2sms.testkit.FreePorts;
import org.ftp2sms.testkit.OpenSshSftp;
import org.ftp2sms.testkit.UploadClients;
import org.ftp2sms.testkit.UploadClients.Account;
import org.ftp2sms.testkit.UploadClients.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The interop suite: every client customers already use, driven the way its users drive it with its defaults,
 * against {@code standalone} (embedded broker, every stage, the SMSC simulator). For each: the command succeeds,
 * each row reaches the SMSC exactly once, the ingestion report carries the final file name, and the file is not
 * listed afterwards. Also: an OpenSSH upload cut with Ctrl-C (SIGINT) mid-row sends nothing and says why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientInteropTest {
    private static final Duration PIPELINE_TIMEOUT = Duration.ofSeconds(90);
    private static final String CONNECTOR = """
            { "name": "interop %s", "sender": "SHOP",
              "mapping": { "phoneColumn": "phone", "defaultCountry": "BE" },
              "template": "Hi {{ name }}",
              "options": { "maxParts": 1, "dedupeWithinFile": true, "dedupeAcrossFilesDays": 0 },
              "access": { "protocol": "%s", "auth": "PASSWORD" } }
            """;
    private static final AtomicInteger NEXT_PHONE = new AtomicInteger(100_000);

    private Path dir;
    private StandaloneApp app;
    private String sftpConnector;
    private Account sftp;
    private String ftpsConnector;
    private Account ftps;

    @BeforeAll
    void startStandalone(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        app = new StandaloneApp(Map.of(
                "FTP2SMS_DATA_DIR", dir.resolve("data").toString(),
                "FTP2SMS_KAFKA_PORT", "0",
                "FTP2SMS_SFTP_PORT", "0",
                "FTP2SMS_FTPS_PORT", "0",
                "FTP2SMS_FTPS_PASSIVE_PORTS", FreePorts.range(16),
                "FTP2SMS_HTTP_PORT", "0",
                "FTP2SMS_HEALTH_PORT", "0")).start();
        JsonNode sftpCreated = Json.mapper().readTree(admin("POST", "/api/v1/connectors", CONNECTOR.formatted("sftp", "SFTP"), 201));
        sftpConnector = sftpCreated.get("id").asText();
        sftp = account(sftpCreated.get("credentials"));
        JsonNode ftpsCreated = Json.mapper().readTree(admin("POST", "/api/v1/connectors", CONNECTOR.formatted("ftps", "FTPS"), 201));
        ftpsConnector = ftpsCreated.get("id").asText();
        ftps = account(ftpsCreated.get("credentials"));
    }

    @AfterAll
    void stopStandalone() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void openSshPutThenListThenResume() throws Exception {
        Upload upload = csv("openssh.csv");
        OpenSshSftp client = OpenSshSftp.withPassword("127.0.0.1", sftp.port(), sftp.username(), sftp.password());

        OpenSshSftp.Result result = client.run("put " + upload.file() + " openssh.csv", "ls -l", "-put -a " + upload.file() + " openssh.csv");

        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(result.output()).contains("destination file same size or larger");
        assertSentOnceAndGone(sftpConnector, upload);
    }

    @Test
    void lftpOverSftpPutAndMirror() throws Exception {
        lftpPutAndMirror("lftp-sftp", sftpConnector, commands -> UploadClients.lftpSftp(sftp, dir, commands));
    }

    @Test
    void lftpOverFtpsPutAndMirror() throws Exception {
        lftpPutAndMirror("lftp-ftps", ftpsConnector, commands -> UploadClients.lftpFtps(ftps, dir, commands));
    }

    /** lftp's {@code put} of one file and {@code mirror -R} of a folder, with either protocol. */
    private void lftpPutAndMirror(String prefix, String connectorId, Function<String[], Result> lftp) throws Exception {
        Upload put = csv(prefix + "-put.csv");
        Path mirrored = Files.createDirectories(dir.resolve(prefix + "-mirror"));
        Upload mirror = csv(mirrored, prefix + "-mirror.csv");

        Result result = lftp.apply(new String[] {"put " + put.file() + " -o " + prefix + "-put.csv", "mirror -R " + mirrored + " /"});

        assertThat(result.ok()).as(result.output()).isTrue();
        assertSentOnceAndGone(connectorId, put);
        assertSentOnceAndGone(connectorId, mirror);
    }

    @Test
    void curlOverFtps() throws Exception {
        Upload upload = csv("curl.csv");

        Result result = UploadClients.curlFtpsUpload(ftps, dir, upload.file(), "curl.csv");

        assertThat(result.ok()).as(result.output()).isTrue();
        assertSentOnceAndGone(ftpsConnector, upload);
    }

    @Test
    void rcloneCopyAndCopyto() throws Exception {
        Path source = Files.createDirectories(dir.resolve("rclone"));
        Upload copy = csv(source, "rclone-copy.csv");
        Upload copyto = csv("rclone-copyto-local.csv");

        Result copied = UploadClients.rclone(sftp, dir, "copy", copy.file().toString(), "gw:");
        Result copiedTo = UploadClients.rclone(sftp, dir, "copyto", copyto.file().toString(), "gw:rclone-copyto.csv");

        assertThat(copied.ok()).as(copied.output()).isTrue();
        assertThat(copiedTo.ok()).as(copiedTo.output()).isTrue();
        assertSentOnceAndGone(sftpConnector, copy);
        assertSentOnceAndGone(sftpConnector, copyto.named("rclone-copyto.csv"));
    }

    @Test
    void paramikoPutAndPutfo() throws Exception {
        Upload put = csv("paramiko-put.csv");
        Upload putfo = csv("paramiko-putfo.csv");

        Result putResult = UploadClients.paramiko(sftp, dir, "put", put.file(), "paramiko-put.csv");
        Result putfoResult = UploadClients.paramiko(sftp, dir, "putfo", putfo.file(), "paramiko-putfo.csv");

        assertThat(putResult.ok()).as(putResult.output()).isTrue();
        assertThat(putfoResult.ok()).as(putfoResult.output()).isTrue();
        assertSentOnceAndGone(sftpConnector, put);
        assertSentOnceAndGone(sftpConnector, putfo);
    }

    @Test
    void puttyPsftp() throws Exception {
        Upload upload = csv("psftp.csv");

        Result result = UploadClients.psftp(sftp, dir, "put " + upload.file() + " psftp.csv");

        assertThat(result.ok()).as(result.output()).isTrue();
        assertSentOnceAndGone(sftpConnector, upload);
    }

    @Test
    void winscpFilepartThenRename() throws Exception {
        Upload upload = csv("winscp.csv");

        Result result = UploadClients.paramiko(sftp, dir, "winscp", upload.file(), "winscp.csv");

        assertThat(result.ok()).as(result.output()).isTrue();
        assertSentOnceAndGone(sftpConnector, upload);
        assertThat(listed(sftpConnector)).doesNotContain("winscp.csv.filepart");
    }

    @Test
    void anOpenSshPutCutWithCtrlCMidRowSendsNothingAndSaysWhy() throws Exception {
        // sftp writes whole requests, whose sizes are multiples of 32 bytes. With a 27-byte header and 32-byte rows,
        // every such cut falls 5 bytes into a row, inside its phone: the cut last line has one field of two.
        String header = "phone,first_name_of_client\n";
        StringBuilder content = new StringBuilder(header);
        List<String> phones = new ArrayList<>();
        while (content.length() < 600_000) {
            String phone = nextPhone();
            phones.add(phone);
            content.append(phone).append(",padding-padding-padd\n");
        }
        String text = content.toString();
        assertThat(header).hasSize(27);
        assertThat((text.length() - header.length()) % 32).as("rows of 32 bytes").isZero();
        Path file = dir.resolve("cut.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Path batch = dir.resolve("cut-batch.txt");
        Files.writeString(batch, "put " + file + " cut.csv\n");
        Path password = dir.resolve("cut-password");
        Files.writeString(password, sftp.password());
        // -l: 800 kbit/s, so the upload takes seconds and is cut part-way
        // -b implies BatchMode=yes, which would not let sshpass answer the password prompt
        Process put = new ProcessBuilder("sshpass", "-f", password.toString(), "sftp", "-l", "800", "-oBatchMode=no",
                "-oStrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-oLogLevel=ERROR",
                "-oPreferredAuthentications=password", "-oPubkeyAuthentication=no",
                "-P", String.valueOf(sftp.port()), "-b", batch.toString(), sftp.username() + "@127.0.0.1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("cut-out.txt").toFile()).start();
        try {
            Path printed = dir.resolve("cut-out.txt");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(incomingBytes())
                    .as("sftp alive=%s printed: %s", put.isAlive(), Files.readString(printed)).isGreaterThan(64 * 1024));
            long sftpPid = put.descendants().filter(p -> p.info().command().orElse("").endsWith("sftp"))
                    .findFirst().orElseThrow().pid();
            new ProcessBuilder("kill", "-INT", String.valueOf(sftpPid)).start().waitFor();
            assertThat(put.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            put.destroyForcibly();
        }

        JsonNode report = awaitFinalReport(sftpConnector, "cut.csv");
        assertThat(report.get("state").asText()).as(report.toString()).isEqualTo("REJECTED");
        assertThat(report.get("reason").asText()).contains("the upload looks cut off", "nothing was sent");
        assertThat(app.simulator().received()).extracting(ReceivedSubmit::destination)
                .doesNotContainAnyElementsOf(phones.stream().map(ClientInteropTest::international).toList());
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** A CSV whose phones no other upload uses, so its rows can be counted at the SMSC. */
    private record Upload(Path file, String remoteName, List<String> phones) {
        Upload named(String name) {
            return new Upload(file, name, phones);
        }
    }

    private Upload csv(String name) throws IOException {
        return csv(dir, name);
    }

    private Upload csv(Path folder, String name) throws IOException {
        List<String> phones = Stream.generate(ClientInteropTest::nextPhone).limit(5).toList();
        StringBuilder content = new StringBuilder("phone,name\n");
        phones.forEach(p -> content.append(p).append(",").append(name, 0, name.indexOf('.')).append('\n'));
        Path file = folder.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return new Upload(file, name, phones);
    }

    private static String nextPhone() {
        return "0470" + NEXT_PHONE.incrementAndGet();
    }

    private static String international(String localPhone) {
        return "32" + localPhone.substring(1);
    }

    private void assertSentOnceAndGone(String connectorId, Upload upload) throws Exception {
        JsonNode report = awaitFinalReport(connectorId, upload.remoteName());
        assertThat(report.get("state").asText()).as(report.toString()).isEqualTo("COMPLETED");
        assertThat(report.get("rows").asLong()).isEqualTo(upload.phones().size());
        List<String> destinations = upload.phones().stream().map(ClientInteropTest::international).toList();
        await().atMost(PIPELINE_TIMEOUT).untilAsserted(() -> assertThat(app.simulator().received())
                .extracting(ReceivedSubmit::destination).containsAll(destinations));
        Map<String, Long> sent = app.simulator().received().stream().map(ReceivedSubmit::destination)
                .filter(destinations::contains).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(sent).as("submits per phone").allSatisfy((phone, count) -> assertThat(count).isEqualTo(1L));
        assertThat(reports(connectorId).stream().filter(r -> r.get("fileName").asText().equals(upload.remoteName())))
                .as("one ingestion for " + upload.remoteName()).hasSize(1);
        assertThat(listed(connectorId)).doesNotContain(upload.remoteName());
    }

    private JsonNode awaitFinalReport(String connectorId, String fileName) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(PIPELINE_TIMEOUT).untilAsserted(() -> {
            List<JsonNode> matching = reports(connectorId).stream()
                    .filter(r -> r.get("fileName").asText().equals(fileName)).toList();
            assertThat(matching).isNotEmpty();
            assertThat(matching.get(0).get("state").asText()).isNotEqualTo("ACCEPTED");
            found[0] = matching.get(0);
        });
        return found[0];
    }

    private List<JsonNode> reports(String connectorId) throws Exception {
        List<JsonNode> reports = new ArrayList<>();
        Json.mapper().readTree(admin("GET", "/api/v1/ingestions?connectorId=" + connectorId, null, 200)).forEach(reports::add);
        return reports;
    }

    /** The names in the customer's home (not exports/), as the customer's own protocol lists them. */
    private List<String> listed(String connectorId) throws IOException {
        try (Stream<Path> files = Files.list(app.dataDir().resolve("homes").resolve(connectorId))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("exports")).toList();
        }
    }

    private long incomingBytes() throws IOException {
        Path incoming = app.dataDir().resolve("store/incoming");
        if (!Files.isDirectory(incoming)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(incoming)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static Account account(JsonNode credentials) {
        return new Account(credentials.get("port").asInt(), credentials.get("username").asText(),
                credentials.get("password").asText());
    }

    private String admin(String method, String path, String body, int expectedStatus) throws Exception {
        return AdminCalls.send(app, method, path, body, expectedStatus);
    }
}
