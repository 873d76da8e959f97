package org.ftp2sms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.admin.AdminSettings;
import org.ftp2sms.admin.ConnectorAdminStage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The {@code ftp2sms} command line against a running admin API on a real broker. */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest {
    private static final String TOKEN = "cli-test-token-0123456789abcdef012345";
    private static final String SAMPLE = "first_name;GSM;code\nann;0476123456;A1\nbob;not a number;B2\ncarl;0476123457;C3\n";
    private static final String DEFINITION = """
            { "name": "cli-promo", "sender": "ACME",
              "mapping": { "phoneColumn": "GSM", "defaultCountry": "BE" },
              "template": "Hello {{ first_name | capitalize }}, your code is {{ code }}",
              "options": { "maxParts": 2, "dedupeWithinFile": true, "dedupeAcrossFilesDays": 0 },
              "access": { "protocol": "SFTP", "auth": "PASSWORD" } }
            """;

    @TempDir
    static Path dir;
    private ConnectorAdminStage admin;
    private TestKafka kafka;
    private Map<String, String> env;
    private Path sample;
    private Path definition;

    @BeforeAll
    void start(TestKafka kafka) throws IOException {
        this.kafka = kafka;
        String progressId = TestKafka.unique("cli-admin");
        admin = new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0, TOKEN, "sftp.example.test", 2222, 2121,
                new AdminSettings.Storage(Path.of("target", "admin-data", progressId), Path.of("target", "admin-data", progressId, "streams"), progressId, 30)),
                new SimpleMeterRegistry());
        admin.start();
        env = Map.of("FTP2SMS_ADMIN_URL", "http://localhost:" + admin.httpPort(), "FTP2SMS_ADMIN_TOKEN", TOKEN);
        sample = Files.writeString(dir.resolve("customers.csv"), SAMPLE);
        definition = Files.writeString(dir.resolve("connector.json"), DEFINITION);
    }

    @AfterAll
    void stop() {
        admin.close();
    }

    @Test
    void fileShowAndListGiveEachFilesCountsByStatus() {
        String connectorId = TestKafka.unique("cli-connector");
        String fileId = TestKafka.unique("cli-file");
        var reports = JsonSerde.of(IngestionReport.class).serializer();
        var statuses = JsonSerde.of(Status.class).serializer();
        try (var producer = new KafkaProducer<>(kafka.settings().producer("cli-test"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.INGESTIONS, fileId, reports.serialize(Topics.INGESTIONS,
                    new IngestionReport(fileId, connectorId, "promo.csv", IngestionState.COMPLETED, null, 3, 1, Instant.now()))));
            StatusCode[] codes = {StatusCode.DELIVERED, StatusCode.INVALID_PHONE, StatusCode.SUBMITTED};
            for (int row = 1; row <= 3; row++) {
                String messageId = MessageIds.of(fileId, row);
                producer.send(new ProducerRecord<>(Topics.STATUSES, messageId, statuses.serialize(Topics.STATUSES,
                        Status.of(messageId, fileId, connectorId, "32476000000", codes[row - 1], null, null, Instant.now()))));
            }
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Run shown = ftp2sms(env, "file", "show", fileId);
            assertThat(shown.code()).as(shown.err()).isZero();
            assertThat(shown.json().path("delivered").asLong()).isEqualTo(1);
            assertThat(shown.json().path("refused").path("821-invalid-phone").asLong()).isEqualTo(1);
            assertThat(shown.json().path("awaitingReceipt").asLong()).isEqualTo(1);
            assertThat(shown.json().path("pending").asLong()).isEqualTo(1);
        });
        Run listed = ftp2sms(env, "file", "list", "--connector", connectorId);
        assertThat(listed.code()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(fileId).contains("promo.csv").containsPattern("COMPLETED +3 +1 +1 +0 +1");
        Run missing = ftp2sms(env, "file", "show", "no-such-file");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("HTTP 404");
        assertThat(ftp2sms(env, "file", "list").code()).isEqualTo(2);
    }

    @Test
    void suppressionAddListRemoveAndImportWorkOnAConnectorsList() throws IOException {
        Run created = ftp2sms(env, "connector", "create", "--definition", definition.toString());
        assertThat(created.code()).as(created.err()).isZero();
        String connectorId = created.json().get("id").asText();
        int base = java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000, 999_000);

        Run added = ftp2sms(env, "suppression", "add", "0476" + base, "--scope", connectorId);
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(added.out()).contains("suppressed 32476" + base);
        Path csv = Files.writeString(dir.resolve("stops.csv"), "phone\n+32476" + (base + 1) + "\nnonsense\n");
        Run imported = ftp2sms(env, "suppression", "import", csv.toString(), "--scope", connectorId);
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("added 1, already listed 0, refused 1").contains("line 3 'nonsense'");

        Run listed = ftp2sms(env, "suppression", "list", "--scope", connectorId);
        assertThat(listed.code()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("32476" + base).contains("32476" + (base + 1)).contains("ADMIN");

        Run removed = ftp2sms(env, "suppression", "remove", "+32476" + base, "--scope", connectorId);
        assertThat(removed.code()).as(removed.err()).isZero();
        Run json = ftp2sms(env, "suppression", "list", "--scope", connectorId, "--json");
        assertThat(json.json().findValuesAsText("phone")).containsExactly("32476" + (base + 1));
        Run again = ftp2sms(env, "suppression", "remove", "32476" + base, "--scope", connectorId);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("HTTP 404").contains("not on the suppression list");
        assertThat(ftp2sms(env, "suppression", "add", "0476" + base).code()).as("--scope is required").isEqualTo(2);
    }

    @Test
    void sampleReportsTheFormatAndThePhoneColumn() {
        Run run = ftp2sms(env, "connector", "sample", sample.toString());

        assertThat(run.code()).as(run.err()).isZero();
        JsonNode analysis = run.json();
        assertThat(analysis.get("delimiter").asText()).isEqualTo(";");
        assertThat(analysis.get("phoneColumn").asText()).isEqualTo("GSM");
        assertThat(analysis.get("columns")).hasSize(3);
    }

    @Test
    void previewShowsTheMessagesAndTheRefusedRows() {
        Run run = ftp2sms(env, "connector", "preview", "--definition", definition.toString(), "--sample", sample.toString(),
                "--template", "Hi {{ first_name }}");

        assertThat(run.code()).as(run.err()).isZero();
        JsonNode preview = run.json();
        assertThat(preview.get("messages").findValuesAsText("text")).containsExactly("Hi ann", "Hi carl");
        assertThat(preview.get("messages").get(0).get("phone").asText()).isEqualTo("32476123456");
        assertThat(preview.get("refused").findValuesAsText("statusCode")).containsExactly("821");
    }

    @Test
    void createListShowUpdateRotateAndDeleteAConnector() {
        Run created = ftp2sms(env, "connector", "create", "--definition", definition.toString(), "--sample", sample.toString());
        assertThat(created.code()).as(created.err()).isZero();
        String id = created.json().get("id").asText();
        String password = created.json().get("credentials").get("password").asText();
        assertThat(password).hasSizeGreaterThanOrEqualTo(24);
        assertThat(created.err()).contains("not shown again");

        Run list = ftp2sms(env, "connector", "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(id).contains("cli-promo").contains("SFTP").doesNotContain(password);

        Run updated = ftp2sms(env, "connector", "update", id, "--template", "Bye {{ first_name }}", "--max-parts", "3",
                "--repeated-file-window", "PT6H", "--priority", "9", "--max-messages-per-second", "20", "--expire-after", "PT4H");
        assertThat(updated.code()).as(updated.err()).isZero();
        Run shown = ftp2sms(env, "connector", "show", id);
        assertThat(shown.code()).isZero();
        assertThat(shown.json().get("template").asText()).isEqualTo("Bye {{ first_name }}");
        assertThat(shown.json().get("options").get("maxParts").asInt()).isEqualTo(3);
        assertThat(shown.json().get("options").get("repeatedFileWindow").asText()).isEqualTo("PT6H");
        assertThat(shown.json().get("options").get("priority").asInt()).isEqualTo(9);
        assertThat(shown.json().get("options").get("expireAfter").asText()).isEqualTo("PT4H");
        assertThat(shown.json().get("options").get("maxMessagesPerSecond").asInt()).isEqualTo(20);
        assertThat(shown.json().get("mapping").get("phoneColumn").asText()).isEqualTo("GSM");
        assertThat(shown.out()).doesNotContain(password);

        Run rotated = ftp2sms(env, "connector", "rotate", id);
        assertThat(rotated.code()).as(rotated.err()).isZero();
        assertThat(rotated.json().get("credentials").get("password").asText()).hasSizeGreaterThanOrEqualTo(24)
                .isNotEqualTo(password);

        Run deleted = ftp2sms(env, "connector", "delete", id);
        assertThat(deleted.code()).isZero();
        assertThat(deleted.out()).contains("deleted " + id);
        Run gone = ftp2sms(env, "connector", "show", id);
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).contains("HTTP 404").contains("no connector " + id);
    }

    @Test
    void createsAKeyLoginConnectorAndRotatesItsKeysFromPublicKeyFiles() throws Exception {
        Path first = sshKeygen("first");
        Path second = sshKeygen("second");
        Run created = ftp2sms(env, "connector", "create", "--definition", definition.toString(), "--name", "cli-keys",
                "--public-key-file", first + ".pub");
        assertThat(created.code()).as(created.err()).isZero();
        String id = created.json().get("id").asText();
        assertThat(created.json().get("access").get("auth").asText()).isEqualTo("PUBLIC_KEY");
        assertThat(created.json().get("credentials").get("password").isNull()).isTrue();

        Run rotated = ftp2sms(env, "connector", "rotate", id, "--public-key-file", second + ".pub");

        assertThat(rotated.code()).as(rotated.err()).isZero();
        assertThat(rotated.json().get("publicKeys").get(0).asText()).isEqualTo(Files.readString(Path.of(second + ".pub")).strip());
        Run refused = ftp2sms(env, "connector", "rotate", id);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("publicKeys: this connector logs in with public keys");
    }

    @Test
    void aSampleLargerThanOneMegabyteIsCutAfterALineBreak() throws IOException {
        StringBuilder big = new StringBuilder("phone,name\n");
        while (big.length() <= SampleFile.MAX_BYTES) {
            big.append("0476123456,somebody with a rather long name to fill the file\n");
        }
        Path file = Files.writeString(dir.resolve("big.csv"), big);

        SampleFile.Sample sample = SampleFile.read(file);

        assertThat(sample.cut()).isTrue();
        assertThat(sample.bytes().length).isLessThanOrEqualTo(SampleFile.MAX_BYTES);
        assertThat(sample.bytes()[sample.bytes().length - 1]).isEqualTo((byte) '\n');
        Run run = ftp2sms(env, "connector", "sample", file.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("only the first");
        assertThat(run.json().get("problem").isNull()).isTrue();
    }

    @Test
    void createPrintsEveryRefusedFieldWithItsReason() {
        Run run = ftp2sms(env, "connector", "create", "--definition", definition.toString(), "--sample", sample.toString(),
                "--template", "Hello {{ frist_name }}", "--max-parts", "11", "--sender", "ACME PROMOTIONS");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("refused (HTTP 400)")
                .contains("template: unknown column at line 1: 'frist_name'")
                .contains("options.maxParts: must be between 1 and 10")
                .contains("sender: too long");
    }

    @Test
    void flagsOverrideTheEnvironmentAndAWrongTokenIsReported() {
        Run wrongToken = ftp2sms(env, "connector", "list", "--token", "not-the-token-0123456789");
        assertThat(wrongToken.code()).isEqualTo(3);
        assertThat(wrongToken.err()).contains("refused the token (HTTP 401)");

        Run byFlags = ftp2sms(Map.of(), "connector", "list", "--url", "http://localhost:" + admin.httpPort(), "--token", TOKEN);
        assertThat(byFlags.code()).as(byFlags.err()).isZero();
        assertThat(byFlags.out()).startsWith("ID");

        Run noToken = ftp2sms(Map.of(), "connector", "list", "--url", "http://localhost:" + admin.httpPort());
        assertThat(noToken.code()).isEqualTo(3);
        assertThat(noToken.err()).contains("FTP2SMS_ADMIN_TOKEN");
    }

    private static Path sshKeygen(String name) throws Exception {
        Path key = dir.resolve(name);
        Process process = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor()).isZero();
        return key;
    }

    private record Run(int code, String out, String err) {
        JsonNode json() {
            try {
                return AdminClient.JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    private static Run ftp2sms(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ftp2smsCli.run(env, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }
}
