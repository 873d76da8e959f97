package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.dedupe.DedupeSettings;
import org.ftp2sms.dedupe.DedupeStage;
import org.ftp2sms.gateway.FtpGatewayStage;
import org.ftp2sms.gateway.GatewaySettings;
import org.ftp2sms.renderer.RendererSettings;
import org.ftp2sms.renderer.RendererStage;
import org.ftp2sms.service.Env;
import org.ftp2sms.splitter.RowSplitterSettings;
import org.ftp2sms.splitter.RowSplitterStage;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.PipelineVars;
import org.ftp2sms.testkit.RunningStages;
import org.ftp2sms.testkit.OpenSshSftp;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connector change applies to the next file without restarting anything: the real gateway, row-splitter, dedupe
 * stream and renderer run on the test broker, a file is uploaded with the real OpenSSH client, the template is
 * changed through the API, and the next file's message has the new text.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateChangeTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path uploads;

    private final RunningStages stages = new RunningStages();
    private TestKafka kafka;
    private AdminHttp api;

    @BeforeAll
    void start(TestKafka kafka) {
        this.kafka = kafka;
        Env env = new Env(PipelineVars.isolated(kafka, dataDir, "template-change"));
        FtpGatewayStage gateway = stages.start(new FtpGatewayStage(GatewaySettings.fromEnv(env), new SimpleMeterRegistry()));
        stages.start(new RowSplitterStage(RowSplitterSettings.fromEnv(env), new SimpleMeterRegistry()));
        stages.start(new DedupeStage(DedupeSettings.fromEnv(env), new SimpleMeterRegistry()));
        stages.start(new RendererStage(RendererSettings.fromEnv(env), new SimpleMeterRegistry()));
        ConnectorAdminStage admin = stages.start(new ConnectorAdminStage(new AdminSettings(kafka.settings(), 0, AdminApiTest.TOKEN,
                "127.0.0.1", gateway.sftpPort(), 2121, TestStorage.isolated()), new SimpleMeterRegistry()));
        api = new AdminHttp(admin.httpPort(), AdminApiTest.TOKEN);
    }

    @AfterAll
    void stop() {
        stages.close();
    }

    @Test
    void theNextUploadedFileUsesTheNewTemplate() throws Exception {
        ObjectNode request = (ObjectNode) Json.mapper().readTree(AdminApiTest.VALID);
        request.put("template", "Hello {{ first_name }}, your code is {{ code }}");
        // No sending calendar: nothing here depends on the time of day. The same file is sent twice on purpose.
        request.putObject("options").put("maxParts", 3).put("dedupeWithinFile", true).put("repeatedFileWindow", "PT0S");
        JsonNode created = api.expect(201, "POST", "/api/v1/connectors", request.toString());
        String id = created.get("id").asText();
        JsonNode credentials = created.get("credentials");
        OpenSshSftp customer = OpenSshSftp.withPassword(credentials.get("host").asText(), credentials.get("port").asInt(),
                credentials.get("username").asText(), credentials.get("password").asText());

        assertThat(customer.run("put " + file("before.csv")).ok()).isTrue();
        List<Message> first = kafka.awaitValues(Topics.MESSAGES, Message.class, m -> m.connectorId().equals(id), 1,
                Duration.ofSeconds(60));
        assertThat(first).extracting(Message::text).containsExactly("Hello Ann, your code is A1");

        request.put("template", "Bonjour {{ first_name }}, votre code : {{ code }}");
        api.expect(200, "PUT", "/api/v1/connectors/" + id, request.toString());
        assertThat(customer.run("put " + file("after.csv")).ok()).isTrue();

        List<Message> both = kafka.awaitValues(Topics.MESSAGES, Message.class, m -> m.connectorId().equals(id), 2,
                Duration.ofSeconds(60));
        assertThat(both).hasSize(2);
        Message next = both.stream().filter(m -> !m.fileIngestionId().equals(first.get(0).fileIngestionId()))
                .findFirst().orElseThrow();
        assertThat(next.text()).isEqualTo("Bonjour Ann, votre code : A1");
        assertThat(next.phone()).isEqualTo("32476123456");
    }

    private Path file(String name) throws IOException {
        return Files.writeString(uploads.resolve(name), "phone;first_name;code\n0476123456;Ann;A1\n");
    }

}
