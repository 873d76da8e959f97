package org.ftp2sms.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import org.ftp2sms.contract.MessageIds;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.smsc.ReceivedSubmit;
import org.ftp2sms.smsc.SmscSimulator;
import org.ftp2sms.smsc.SmscSimulatorSettings;
import org.ftp2sms.testkit.FreePorts;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.OpenSshSftp;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deployment the chart makes, on one machine: every service its own JVM (started through the image's
 * {@link ServiceLauncher}) with the environment the chart renders for it, against one broker. Files uploaded over
 * SFTP to the gateway process are delivered whole while each stage in turn is killed with SIGKILL mid-file and
 * started again: no row is lost, and the SMSC sees at most one SMPP window of repeats per dispatcher crash.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ServiceProcessesKillTest {
    private static final Path CHART = Path.of("../helm/src/main/helm/ftp2sms");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final int ROWS = 600;
    private static final int WINDOW = 50;
    private static final Duration PIPELINE = Duration.ofSeconds(180);
    private static final String TOKEN = "process-test-admin-token-0123456789";

    private final Map<String, Process> running = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> envs = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private SmscSimulator smsc;
    private Path logs;

    @AfterEach
    void stop() throws InterruptedException {
        List<String> names = new ArrayList<>(running.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            Process p = running.get(names.get(i));
            p.destroy();
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
        if (smsc != null) {
            smsc.close();
        }
    }

    @Test
    void everyRowIsDeliveredWhileEachStageIsKilledInTurn(TestKafka kafka, @TempDir Path dir) throws Exception {
        logs = Files.createDirectories(Path.of("target", "service-processes"));
        smsc = new SmscSimulator(SmscSimulatorSettings.forTests().withReceiptDelay(Duration.ofMillis(50)));
        smsc.start();
        Map<String, Map<String, String>> chartEnv = chartEnvironment(kafka, dir);
        for (String service : List.of("connector-admin", "ftp-gateway", "row-splitter", "dedupe-stream", "renderer", "dispatcher")) {
            envs.put(service, chartEnv.get(service));
            start(service);
        }
        running.keySet().forEach(this::awaitReady);

        JsonNode created = Json.mapper().readTree(admin("POST", "/api/v1/connectors", """
                { "name": "processes", "sender": "SHOP", "mapping": { "phoneColumn": "phone", "defaultCountry": "BE" },
                  "template": "Hello {{ name }}", "options": { "maxParts": 1, "dedupeWithinFile": true, "dedupeAcrossFilesDays": 0 },
                  "access": { "protocol": "SFTP", "auth": "PASSWORD" } }""", 201));
        JsonNode credentials = created.get("credentials");
        assertThat(credentials.get("host").asText()).as("the chart's public host").isEqualTo("sftp.example.net");
        assertThat(credentials.get("port").asInt()).as("the gateway Service's port").isEqualTo(22);
        OpenSshSftp sftp = OpenSshSftp.withPassword("127.0.0.1", Integer.parseInt(envs.get("ftp-gateway").get("FTP2SMS_SFTP_PORT")),
                credentials.get("username").asText(), credentials.get("password").asText());

        List<String> victims = List.of("row-splitter", "dedupe-stream", "renderer", "dispatcher");
        Set<String> allPhones = new java.util.HashSet<>();
        for (int f = 0; f < victims.size(); f++) {
            String victim = victims.get(f);
            List<String> phones = new ArrayList<>();
            StringBuilder csv = new StringBuilder("phone,name\n");
            for (int r = 0; r < ROWS; r++) {
                String phone = String.format("32470%d%05d", f, r);
                phones.add(phone);
                csv.append(phone).append(",n").append(r).append('\n');
            }
            allPhones.addAll(phones);
            Path file = dir.resolve("file-" + f + ".csv");
            Files.writeString(file, csv, StandardCharsets.UTF_8);
            String name = "file-" + f + ".csv";
            // The gateway learns the new connector from its topic: the first login may come before it.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> sftp.run("put " + file + " " + name).ok());

            // Mid-file: some of this file's messages reached the SMSC, most have not.
            Set<String> thisFile = Set.copyOf(phones);
            await().atMost(PIPELINE).pollInterval(Duration.ofMillis(20)).until(() ->
                    smsc.received().stream().filter(s -> thisFile.contains(s.destination())).count() >= 20);
            running.remove(victim).destroyForcibly().waitFor();
            start(victim);
            awaitReady(victim);
        }

        // Every row of every file ends delivered, exactly one final status per message id.
        String connectorId = created.get("id").asText();
        Map<String, Status> byMessage = new HashMap<>();
        await().atMost(PIPELINE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            byMessage.clear();
            byMessage.putAll(kafka.valuesNow(Topics.STATUSES, Status.class, s -> s.isFinal() && s.connectorId().equals(connectorId))
                    .stream().collect(Collectors.toMap(Status::messageId, Function.identity(), (a, b) -> b)));
            assertThat(byMessage).hasSize(victims.size() * ROWS);
        });
        assertThat(byMessage.values()).allMatch(s -> s.statusCode() == 200, "delivered");
        Set<String> files = byMessage.values().stream().map(Status::fileIngestionId).collect(Collectors.toSet());
        assertThat(files).hasSize(victims.size());
        for (String fileId : files) {
            for (int row = 1; row <= ROWS; row++) {
                assertThat(byMessage).containsKey(MessageIds.of(fileId, row));
            }
        }
        // Every phone was sent; repeats only from the one dispatcher crash, at most its window.
        Map<String, Long> submits = smsc.received().stream().filter(s -> allPhones.contains(s.destination()))
                .collect(Collectors.groupingBy(ReceivedSubmit::destination, Collectors.counting()));
        assertThat(submits.keySet()).containsExactlyInAnyOrderElementsOf(allPhones);
        long repeats = submits.values().stream().mapToLong(c -> c - 1).sum();
        assertThat(repeats).as("submits repeated after the dispatcher's SIGKILL").isLessThanOrEqualTo(WINDOW);
    }

    /**
     * Each service's environment as the chart renders it (helm-java), with what only a cluster provides
     * replaced: the broker, the volumes, free ports and the Secrets' values.
     */
    private Map<String, Map<String, String>> chartEnvironment(TestKafka kafka, Path dir) throws IOException {
        String manifests = new Helm(CHART).template().withName("it")
                .set("kafka.bootstrap", kafka.bootstrapServers())
                .set("secrets.smscPassword.existingSecret", "smsc")
                .set("secrets.adminToken.existingSecret", "admin")
                .set("services.ftpGateway.publicHost", "sftp.example.net")
                .set("services.ftpGateway.ftps.passiveAddress", "127.0.0.1")
                .set("services.dispatcher.env.FTP2SMS_SMSC_HOST", "127.0.0.1")
                .set("services.dispatcher.env.FTP2SMS_SMSC_PORT", String.valueOf(smsc.port()))
                .set("services.dispatcher.env.FTP2SMS_SMSC_SYSTEM_ID", SmscSimulatorSettings.DEFAULT_SYSTEM_ID)
                .call();
        Path shared = Files.createDirectories(dir.resolve("shared-data"));
        Map<String, Map<String, String>> byService = new HashMap<>();
        for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifests).readAll()) {
            if (doc == null || !Set.of("Deployment", "StatefulSet").contains(doc.path("kind").asText())) {
                continue;
            }
            JsonNode container = doc.at("/spec/template/spec/containers/0");
            String service = container.at("/args/0").asText();
            Path state = Files.createDirectories(dir.resolve("state-" + service));
            Map<String, String> env = new HashMap<>();
            for (JsonNode e : container.get("env")) {
                String name = e.get("name").asText();
                String value;
                if (e.has("value")) {
                    value = e.get("value").asText();
                } else if (e.at("/valueFrom/fieldRef/fieldPath").asText().equals("metadata.name")) {
                    value = "it-" + service + "-0";
                } else if (e.at("/valueFrom/secretKeyRef/name").asText().equals("smsc")) {
                    value = SmscSimulatorSettings.DEFAULT_PASSWORD;
                } else if (e.at("/valueFrom/secretKeyRef/name").asText().equals("admin")) {
                    value = TOKEN;
                } else {
                    throw new IllegalStateException("no test value for " + e);
                }
                env.put(name, value.replace("/data", shared.toString()).replace("/state", state.toString()));
            }
            env.put("FTP2SMS_HEALTH_PORT", String.valueOf(FreePorts.next()));
            env.computeIfPresent("FTP2SMS_SFTP_PORT", (k, v) -> String.valueOf(FreePorts.next()));
            env.computeIfPresent("FTP2SMS_FTPS_PORT", (k, v) -> String.valueOf(FreePorts.next()));
            env.computeIfPresent("FTP2SMS_HTTP_PORT", (k, v) -> String.valueOf(FreePorts.next()));
            env.computeIfPresent("FTP2SMS_FTPS_PASSIVE_PORTS", (k, v) -> String.valueOf(FreePorts.next()));
            env.computeIfPresent("FTP2SMS_SFTP_BIND", (k, v) -> "127.0.0.1");
            // The chart's heap share needs a container limit; here the test sets a small heap instead.
            env.put("JAVA_TOOL_OPTIONS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError");
            byService.put(service, env);
        }
        assertThat(byService.keySet()).contains("ftp-gateway", "row-splitter", "dedupe-stream", "renderer", "dispatcher",
                "connector-admin");
        return byService;
    }

    private void start(String service) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServiceLauncher.class.getName(), service)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(service + ".log").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("FTP2SMS_"));
        builder.environment().putAll(envs.get(service));
        running.put(service, builder.start());
    }

    private void awaitReady(String service) {
        URI readyz = URI.create("http://localhost:" + envs.get(service).get("FTP2SMS_HEALTH_PORT") + "/readyz");
        await(service + " ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(running.get(service).isAlive()).as(service + " died; see target/service-processes/" + service + ".log")
                    .isTrue();
            try {
                return http.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYetListening) {
                return false;
            }
        });
    }

    private String admin(String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:"
                        + envs.get("connector-admin").get("FTP2SMS_HTTP_PORT") + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return response.body();
    }
}
