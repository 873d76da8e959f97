package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.Protocol;
import org.ftp2sms.contract.RecipientKey;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.connector.Access;
import org.ftp2sms.contract.connector.AuthMethod;
import org.ftp2sms.contract.connector.Connector;
import org.ftp2sms.contract.connector.Mapping;
import org.ftp2sms.contract.connector.SendingOptions;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.renderer.RendererSettings;
import org.ftp2sms.renderer.RendererStage;
import org.ftp2sms.service.Env;
import org.ftp2sms.testkit.Curl;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.PipelineVars;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's first attack: a template that reads the server's files. The admin API refuses it at preview and at
 * create (real {@code curl} calls); written straight onto the connectors topic past the API, the real renderer
 * refuses its rows with 804 and never reads the file, while another connector's rows go out as before.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateSandboxAttackTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path secrets;

    private final RunningStages stages = new RunningStages();
    private TestKafka kafka;
    private RendererStage renderer;
    private ConnectorAdminStage admin;
    private String base;
    private Path secretFile;
    private String secret;

    @BeforeAll
    void start(TestKafka kafka) throws Exception {
        this.kafka = kafka;
        secret = "S3CRET-" + UUID.randomUUID();
        secretFile = Files.writeString(secrets.resolve("other-connector-export.csv"), secret + "\n");
        Env env = new Env(PipelineVars.isolated(kafka, dataDir, "template-attack"));
        renderer = stages.start(new RendererStage(RendererSettings.fromEnv(env), new SimpleMeterRegistry()));
        admin = stages.start(new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0,
                AdminApiTest.TOKEN, "127.0.0.1", 2222, 2121, TestStorage.isolated()), new SimpleMeterRegistry()));
        base = "http://127.0.0.1:" + admin.httpPort();
    }

    @AfterAll
    void stop() {
        stages.close();
    }

    @Test
    void previewAndCreateRefuseATemplateThatIncludesAServerFile() throws Exception {
        String template = "X{% include \"" + secretFile + "\" %}";
        ObjectNode preview = Json.mapper().createObjectNode();
        preview.put("template", template);
        preview.putObject("mapping").put("phoneColumn", "phone").put("defaultCountry", "BE");
        preview.put("sample", "phone,code\n0476123456,1\n");
        Curl.Response previewed = Curl.call("POST", base + "/api/v1/connectors/preview", AdminApiTest.TOKEN, preview.toString());
        assertThat(previewed.status()).isEqualTo(400);
        assertThat(previewed.body()).contains("'include' is not allowed").doesNotContain(secret);
        for (String other : List.of("{% include_relative /etc/hostname %}", "{% render '/etc/passwd' %}",
                "{% include '/dev/zero' %}")) {
            preview.put("template", other);
            Curl.Response refused = Curl.call("POST", base + "/api/v1/connectors/preview", AdminApiTest.TOKEN, preview.toString());
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("is not allowed in a message template");
        }

        String name = "attacker-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode create = (ObjectNode) Json.mapper().readTree(AdminApiTest.VALID);
        create.put("name", name);
        create.put("template", template);
        Curl.Response created = Curl.call("POST", base + "/api/v1/connectors", AdminApiTest.TOKEN, create.toString());
        assertThat(created.status()).isEqualTo(400);
        JsonNode errors = Json.mapper().readTree(created.body()).get("errors");
        assertThat(errors.findValuesAsText("field")).contains("template");
        assertThat(errors.findValuesAsText("reason")).anySatisfy(r -> assertThat(r).contains("'include' is not allowed"));
        Curl.Response list = Curl.call("GET", base + "/api/v1/connectors", AdminApiTest.TOKEN, null);
        assertThat(list.body()).doesNotContain(name);
        assertThat(Curl.call("GET", base + "/health", null, null).status()).isEqualTo(200);
    }

    @Test
    void aTemplateForcedOntoTheTopicIsRefusedPerRowAndNeverReadsTheFile() throws Exception {
        // A well-behaved connector, created through the API.
        ObjectNode good = (ObjectNode) Json.mapper().readTree(AdminApiTest.VALID);
        good.put("template", "Hello {{ first_name }}");
        good.remove("options");
        Curl.Response created = Curl.call("POST", base + "/api/v1/connectors", AdminApiTest.TOKEN, good.toString());
        assertThat(created.status()).isEqualTo(201);
        String goodId = Json.mapper().readTree(created.body()).get("id").asText();

        // The attacker's connector, written past the API's validation.
        String badId = UUID.randomUUID().toString();
        Connector bad = new Connector(badId, "forced", "ACME", new Mapping("phone", "BE"),
                "X{% include \"" + secretFile + "\" %}{% include_relative " + secretFile + " %}", SendingOptions.defaults(),
                new Access(Protocol.SFTP, "forced-" + badId.substring(0, 6), AuthMethod.PASSWORD, "x", List.of()),
                null, Instant.now(), Instant.now());
        String badFile = "attack-" + UUID.randomUUID();
        String goodFile = "honest-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.settings().producer("attacker"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CONNECTORS, badId,
                    JsonSerde.of(Connector.class).serializer().serialize(Topics.CONNECTORS, bad))).get();
            for (Row row : List.of(row(badFile, badId), row(goodFile, goodId))) {
                producer.send(new ProducerRecord<>(Topics.ROWS_UNIQUE, RecipientKey.of(row.connectorId(), row.phone()),
                        JsonSerde.of(Row.class).serializer().serialize(Topics.ROWS_UNIQUE, row))).get();
            }
        }

        List<Status> refused = kafka.awaitValues(Topics.STATUSES, Status.class,
                s -> s.messageId().equals(MessageIds.of(badFile, 1)), 1, Duration.ofSeconds(60));
        assertThat(refused).singleElement().satisfies(s ->
                assertThat(s.statusCode()).isEqualTo(StatusCode.TEMPLATE_ERROR.code()));
        List<Message> sent = kafka.awaitValues(Topics.MESSAGES, Message.class,
                m -> m.messageId().equals(MessageIds.of(goodFile, 1)), 1, Duration.ofSeconds(60));
        assertThat(sent).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("Hello Ann"));
        assertThat(kafka.valuesNow(Topics.MESSAGES, Message.class, m -> m.text().contains(secret)
                || m.messageId().equals(MessageIds.of(badFile, 1)))).isEmpty();
        assertThat(Curl.call("GET", base + "/health", null, null).status()).isEqualTo(200);
        assertThat(renderer.isHealthy()).isTrue();
        assertThat(admin.isHealthy()).isTrue();
    }

    private static Row row(String fileIngestionId, String connectorId) {
        return new Row(fileIngestionId, connectorId, 1, "32476123456", Map.of("phone", "0476123456", "first_name", "Ann"),
                Instant.now());
    }
}
