package org.ftp2sms.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chart as helm itself sees it (helm-java bundles the helm library): lint, render, required values. */
class HelmChartTest {
    private static final Path CHART = Path.of("src/main/helm/ftp2sms");
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()).build();

    @Test
    void chartLintsClean() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void everyStageRunsItsMainAgainstTheGivenKafkaWithProbesOnItsHealthPort() throws IOException {
        Map<String, JsonNode> deployments = byName(render(withRequired()), "Deployment");

        assertThat(deployments.keySet()).containsExactlyInAnyOrder("prod-ftp2sms-ftp-gateway", "prod-ftp2sms-row-splitter",
                "prod-ftp2sms-dedupe-stream", "prod-ftp2sms-renderer", "prod-ftp2sms-dispatcher", "prod-ftp2sms-status-aggregator",
                "prod-ftp2sms-connector-admin");
        for (JsonNode deployment : deployments.values()) {
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            Map<String, JsonNode> env = env(container);
            assertThat(env.get("FTP2SMS_KAFKA_BOOTSTRAP").get("value").asText()).isEqualTo("kafka-0.kafka:9092");
            assertThat(env).containsKeys("FTP2SMS_INSTANCE_ID", "FTP2SMS_HEALTH_PORT");
            assertThat(container.at("/command/2").asText()).matches("exec java \\$JAVA_OPTS -cp /app/ftp2sms.jar org\\.ftp2sms\\..*Main");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health");
        }
        Map<String, JsonNode> admin = env(deployments.get("prod-ftp2sms-connector-admin").at("/spec/template/spec/containers/0"));
        assertThat(admin.get("FTP2SMS_ADMIN_TOKEN").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("admin");
        assertThat(admin.get("FTP2SMS_DATA_DIR").get("value").asText()).as("export files to download").isEqualTo("/data");
        Map<String, JsonNode> gateway = env(deployments.get("prod-ftp2sms-ftp-gateway").at("/spec/template/spec/containers/0"));
        assertThat(gateway.get("FTP2SMS_DATA_DIR").get("value").asText()).isEqualTo("/data");
        Map<String, JsonNode> aggregator = env(deployments.get("prod-ftp2sms-status-aggregator").at("/spec/template/spec/containers/0"));
        assertThat(aggregator.get("FTP2SMS_DATA_DIR").get("value").asText()).as("exports land in the gateway's homes").isEqualTo("/data");
        Map<String, JsonNode> dispatcher = env(deployments.get("prod-ftp2sms-dispatcher").at("/spec/template/spec/containers/0"));
        assertThat(dispatcher.get("FTP2SMS_DATA_DIR").get("value").asText()).isEqualTo("/state");
        assertThat(gateway.get("FTP2SMS_FTPS_PASSIVE_PORTS").get("value").asText()).isEqualTo("30000-30009");
    }

    @Test
    void aJobCreatesTheTopicsBeforeTheServicesStart() throws IOException {
        // helm-java renders without hooks, so the Job is rendered here as a plain one; lint checks the hook form.
        assertThat(byName(render(withRequired()), "Job")).isEmpty();
        JsonNode job = byName(render(withRequired().set("topics.hook", false).set("topics.replicationFactor", 2)), "Job")
                .get("prod-ftp2sms-topics");
        JsonNode container = job.at("/spec/template/spec/containers/0");
        assertThat(container.at("/command/2").asText()).contains("org.ftp2sms.service.TopicProvisionerMain");
        assertThat(env(container).get("FTP2SMS_REPLICATION_FACTOR").get("value").asText()).isEqualTo("2");
        assertThat(env(container).get("FTP2SMS_KAFKA_BOOTSTRAP").get("value").asText()).isEqualTo("kafka-0.kafka:9092");
    }

    @Test
    void theGatewayServiceExposesSftpFtpsAndEveryPassivePort() throws IOException {
        JsonNode service = byName(render(withRequired()), "Service").get("prod-ftp2sms-ftp-gateway");
        List<String> ports = new ArrayList<>();
        service.at("/spec/ports").forEach(p -> ports.add(p.get("name").asText()));
        assertThat(ports).contains("sftp", "ftps", "pasv-30000", "pasv-30009").hasSize(12);
    }

    @Test
    void aMissingKafkaBootstrapOrSecretIsRefusedWithTheVariableItSets() {
        assertThatThrownBy(() -> new Helm(CHART).template().withName("prod").call())
                .hasMessageContaining("FTP2SMS_KAFKA_BOOTSTRAP");
        assertThatThrownBy(() -> new Helm(CHART).template().withName("prod").set("kafka.bootstrap", "k:9092").call())
                .hasMessageContaining("FTP2SMS_");
    }

    @Test
    void everyVariableTheChartSetsIsDocumentedInTheReadmeSettingsTable() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("`(FTP2SMS_[A-Z0-9_]+)`").matcher(Files.readString(Path.of("../README.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> set = new TreeSet<>();
        for (JsonNode deployment : byName(render(withRequired()), "Deployment").values()) {
            env(deployment.at("/spec/template/spec/containers/0")).keySet().stream()
                    .filter(k -> k.startsWith("FTP2SMS_")).forEach(set::add);
        }
        assertThat(documented).containsAll(set);
    }

    private static TemplateCommand withRequired() {
        return new Helm(CHART).template().withName("prod")
                .set("kafka.bootstrap", "kafka-0.kafka:9092")
                .set("secrets.adminToken.existingSecret", "admin")
                .set("secrets.smscPassword.existingSecret", "smsc");
    }

    private static List<JsonNode> render(TemplateCommand command) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(command.call())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isEmpty()) {
                    docs.add(d);
                }
            });
        }
        return docs;
    }

    private static Map<String, JsonNode> byName(List<JsonNode> docs, String kind) {
        Map<String, JsonNode> named = new HashMap<>();
        docs.stream().filter(d -> kind.equals(d.path("kind").asText()))
                .forEach(d -> named.put(d.at("/metadata/name").asText(), d));
        return named;
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new HashMap<>();
        container.get("env").forEach(e -> env.put(e.get("name").asText(), e));
        return env;
    }
}
