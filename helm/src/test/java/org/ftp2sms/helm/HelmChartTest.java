package org.ftp2sms.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ftp2sms.helm.Rendered.container;
import static org.ftp2sms.helm.Rendered.env;
import static org.ftp2sms.helm.Rendered.envValue;
import static org.ftp2sms.helm.Rendered.withRequired;

/** The chart as helm itself sees it (helm-java bundles the helm library): lint, render, required values. */
class HelmChartTest {
    private static final Set<String> STREAMS_STAGES = Set.of("prod-ftp2sms-dedupe-stream", "prod-ftp2sms-dispatcher",
            "prod-ftp2sms-status-aggregator");

    @Test
    void chartLintsCleanWithItsDefaults() {
        LintResult result = new Helm(Rendered.CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void everyStageRunsItsServiceAgainstTheGivenKafka() {
        Map<String, JsonNode> workloads = Rendered.of(withRequired()).workloads();

        assertThat(workloads.keySet()).containsExactlyInAnyOrder("prod-ftp2sms-ftp-gateway", "prod-ftp2sms-row-splitter",
                "prod-ftp2sms-dedupe-stream", "prod-ftp2sms-renderer", "prod-ftp2sms-dispatcher",
                "prod-ftp2sms-status-aggregator", "prod-ftp2sms-connector-admin");
        for (Map.Entry<String, JsonNode> w : workloads.entrySet()) {
            JsonNode container = container(w.getValue());
            assertThat(envValue(container, "FTP2SMS_KAFKA_BOOTSTRAP")).isEqualTo("kafka-0.kafka:9092");
            assertThat(env(container)).containsKeys("FTP2SMS_INSTANCE_ID", "FTP2SMS_HEALTH_PORT", "FTP2SMS_LOG_FORMAT",
                    "FTP2SMS_LOG_LEVEL");
            assertThat(container.at("/args/0").asText()).as("the image's argument names the service")
                    .isEqualTo(w.getKey().substring("prod-ftp2sms-".length()));
            assertThat(container.at("/image").asText()).isEqualTo("ftp2sms/ftp2sms:0.1.0");
        }
        JsonNode gateway = container(workloads.get("prod-ftp2sms-ftp-gateway"));
        assertThat(envValue(gateway, "FTP2SMS_DATA_DIR")).isEqualTo("/data");
        assertThat(envValue(gateway, "FTP2SMS_FTPS_PASSIVE_PORTS")).isEqualTo("30000-30009");
        assertThat(envValue(container(workloads.get("prod-ftp2sms-status-aggregator")), "FTP2SMS_DATA_DIR"))
                .as("exports land in the gateway's homes").isEqualTo("/data");
        assertThat(envValue(container(workloads.get("prod-ftp2sms-dispatcher")), "FTP2SMS_DATA_DIR")).isEqualTo("/state");
        assertThat(envValue(container(workloads.get("prod-ftp2sms-connector-admin")), "FTP2SMS_DATA_DIR"))
                .as("export files to download").isEqualTo("/data");
    }

    @Test
    void everyPodMeetsTheRestrictedPodSecurityStandard() {
        Rendered all = Rendered.of(withRequired().set("topics.hook", false));
        Map<String, JsonNode> pods = all.podSpecs();
        assertThat(pods).hasSizeGreaterThanOrEqualTo(8);
        for (Map.Entry<String, JsonNode> pod : pods.entrySet()) {
            JsonNode spec = pod.getValue();
            assertThat(spec.at("/securityContext/runAsNonRoot").asBoolean()).as(pod.getKey()).isTrue();
            assertThat(spec.at("/securityContext/runAsUser").asInt()).as(pod.getKey()).isPositive();
            assertThat(spec.at("/securityContext/seccompProfile/type").asText()).as(pod.getKey()).isEqualTo("RuntimeDefault");
            assertThat(spec.path("hostNetwork").asBoolean(false)).isFalse();
            assertThat(spec.path("automountServiceAccountToken").isBoolean()).as(pod.getKey()).isTrue();
            assertThat(spec.path("automountServiceAccountToken").asBoolean()).as(pod.getKey()).isFalse();
            assertThat(spec.path("serviceAccountName").asText()).isEqualTo("prod-ftp2sms");
            spec.path("volumes").forEach(v -> assertThat(v.has("hostPath")).as(pod.getKey() + " hostPath").isFalse());
            List<JsonNode> containers = new ArrayList<>();
            spec.path("initContainers").forEach(containers::add);
            spec.path("containers").forEach(containers::add);
            for (JsonNode c : containers) {
                String what = pod.getKey() + "/" + c.get("name").asText();
                JsonNode sc = c.get("securityContext");
                assertThat(sc.get("allowPrivilegeEscalation").asBoolean(true)).as(what).isFalse();
                assertThat(sc.get("readOnlyRootFilesystem").asBoolean()).as(what).isTrue();
                assertThat(sc.get("runAsNonRoot").asBoolean()).as(what).isTrue();
                assertThat(sc.at("/capabilities/drop").toString()).as(what).isEqualTo("[\"ALL\"]");
                assertThat(sc.has("capabilities") && sc.at("/capabilities/add").isMissingNode()).as(what).isTrue();
                assertThat(sc.at("/seccompProfile/type").asText()).as(what).isEqualTo("RuntimeDefault");
                assertThat(c.at("/resources/limits/memory").asText()).as(what + " memory limit").isNotEmpty();
                assertThat(envValue(c, "JAVA_TOOL_OPTIONS")).as(what + " heap from the limit").contains("-XX:MaxRAMPercentage=");
            }
        }
        JsonNode account = all.byName("ServiceAccount").get("prod-ftp2sms");
        assertThat(account.get("automountServiceAccountToken").asBoolean(true)).isFalse();
    }

    @Test
    void probesUseDistinctPathsAndStreamsStagesGetALongStartupBudget() {
        for (Map.Entry<String, JsonNode> w : Rendered.of(withRequired()).workloads().entrySet()) {
            JsonNode c = container(w.getValue());
            assertThat(c.at("/livenessProbe/httpGet/path").asText()).as(w.getKey()).isEqualTo("/livez");
            assertThat(c.at("/readinessProbe/httpGet/path").asText()).as(w.getKey()).isEqualTo("/readyz");
            assertThat(c.at("/startupProbe/httpGet/path").asText()).as(w.getKey()).isEqualTo("/startupz");
            int startupBudget = c.at("/startupProbe/periodSeconds").asInt() * c.at("/startupProbe/failureThreshold").asInt();
            if (STREAMS_STAGES.contains(w.getKey())) {
                assertThat(startupBudget).as(w.getKey() + ": restoring state is not a crash").isGreaterThanOrEqualTo(1800);
            } else {
                assertThat(startupBudget).as(w.getKey()).isGreaterThanOrEqualTo(60);
            }
        }
    }

    @Test
    void kafkaStreamsStagesAreStatefulSetsWithTheirStateOnAVolumeClaim() {
        Rendered rendered = Rendered.of(withRequired());
        assertThat(rendered.byName("StatefulSet").keySet()).containsExactlyInAnyOrderElementsOf(STREAMS_STAGES);
        for (JsonNode set : rendered.byName("StatefulSet").values()) {
            assertThat(set.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("state");
            assertThat(set.at("/spec/serviceName").asText()).isEqualTo(set.at("/metadata/name").asText() + "-health");
            assertThat(rendered.byName("Service")).containsKey(set.at("/spec/serviceName").asText());
            assertThat(envValue(container(set), "FTP2SMS_STREAMS_STATE_DIR")).isEqualTo("/state");
            boolean stateFromPod = false;
            for (JsonNode v : set.at("/spec/template/spec/volumes")) {
                stateFromPod |= v.get("name").asText().equals("state");
            }
            assertThat(stateFromPod).as("state comes from the claim, not an emptyDir").isFalse();
        }
    }

    @Test
    void everyServiceHasAPodDisruptionBudgetSelectingItsPods() {
        Rendered rendered = Rendered.of(withRequired());
        Map<String, JsonNode> budgets = rendered.byName("PodDisruptionBudget");
        for (Map.Entry<String, JsonNode> w : rendered.workloads().entrySet()) {
            JsonNode pdb = budgets.get(w.getKey());
            assertThat(pdb).as(w.getKey()).isNotNull();
            assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
            assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(w.getValue().at("/spec/selector/matchLabels"));
        }
    }

    @Test
    void theSchemaRejectsAWrongType() {
        assertThatThrownBy(() -> withRequired().set("services.dispatcher.replicas", "two").call())
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> withRequired().set("kafka.sasl.mechanism", "GSSAPI").call())
                .hasMessageContaining("mechanism");
        assertThatThrownBy(() -> withRequired().set("services.ftpGateway.sftpPort", 22).call())
                .as("a misspelt option is not silently ignored").hasMessageContaining("sftpPort");
    }

    @Test
    void secretsAreReferencedNeverInlined() throws IOException {
        Rendered rendered = Rendered.of(withRequired()
                .set("kafka.securityProtocol", "SASL_SSL").set("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .set("kafka.sasl.username", "ftp2sms").set("kafka.sasl.existingSecret", "kafka-user"));
        for (Map.Entry<String, JsonNode> w : rendered.workloads().entrySet()) {
            for (JsonNode e : container(w.getValue()).get("env")) {
                String name = e.get("name").asText();
                if (name.endsWith("PASSWORD") || name.endsWith("TOKEN")) {
                    assertThat(e.has("value")).as(w.getKey() + " " + name + " inline").isFalse();
                    assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).as(name).isNotEmpty();
                }
            }
        }
        JsonNode dispatcher = container(rendered.workloads().get("prod-ftp2sms-dispatcher"));
        assertThat(env(dispatcher).get("FTP2SMS_SMSC_PASSWORD").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("smsc");
        assertThat(env(dispatcher).get("FTP2SMS_KAFKA_SASL_PASSWORD").at("/valueFrom/secretKeyRef/name").asText())
                .isEqualTo("kafka-user");
        // The chart writes no Secret into the release: the generated admin token is an install-only hook, so an
        // upgrade never replaces it (helm-java renders no hooks; lint renders and checks it).
        assertThat(rendered.byName("Secret")).isEmpty();
        JsonNode admin = container(rendered.workloads().get("prod-ftp2sms-connector-admin"));
        assertThat(env(admin).get("FTP2SMS_ADMIN_TOKEN").at("/valueFrom/secretKeyRef/name").asText())
                .isEqualTo("prod-ftp2sms-admin-token");
        assertThat(Files.readString(Rendered.CHART.resolve("templates/admin-token-secret.yaml")))
                .contains("helm.sh/hook: pre-install\n").contains("randAlphaNum 48");

        Rendered referenced = Rendered.of(withRequired().set("secrets.adminToken.existingSecret", "admin"));
        assertThat(referenced.byName("Secret")).isEmpty();
        assertThat(env(container(referenced.workloads().get("prod-ftp2sms-connector-admin"))).get("FTP2SMS_ADMIN_TOKEN")
                .at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("admin");
    }

    @Test
    void theGatewayServiceKeepsClientAddressesAndCustomersAreToldItsAddressAndPorts() {
        Rendered rendered = Rendered.of(withRequired());
        JsonNode service = rendered.byName("Service").get("prod-ftp2sms-ftp-gateway");
        assertThat(service.at("/spec/type").asText()).isEqualTo("LoadBalancer");
        assertThat(service.at("/spec/externalTrafficPolicy").asText()).isEqualTo("Local");
        assertThat(service.at("/spec/sessionAffinity").asText()).isEqualTo("ClientIP");
        List<String> ports = new ArrayList<>();
        int sftp = 0;
        int ftps = 0;
        for (JsonNode p : service.at("/spec/ports")) {
            ports.add(p.get("name").asText());
            sftp = p.get("name").asText().equals("sftp") ? p.get("port").asInt() : sftp;
            ftps = p.get("name").asText().equals("ftps") ? p.get("port").asInt() : ftps;
            if (p.get("name").asText().startsWith("pasv-")) {
                assertThat(p.get("port").asInt()).as("a passive port keeps its number").isEqualTo(p.get("targetPort").asInt());
            }
        }
        assertThat(ports).contains("sftp", "ftps", "pasv-30000", "pasv-30009").hasSize(12);

        JsonNode admin = container(rendered.workloads().get("prod-ftp2sms-connector-admin"));
        assertThat(envValue(admin, "FTP2SMS_PUBLIC_HOST")).isEqualTo("sftp.example.net");
        assertThat(envValue(admin, "FTP2SMS_PUBLIC_SFTP_PORT")).isEqualTo(String.valueOf(sftp)).isEqualTo("22");
        assertThat(envValue(admin, "FTP2SMS_PUBLIC_FTPS_PORT")).isEqualTo(String.valueOf(ftps)).isEqualTo("21");
        JsonNode gateway = container(rendered.workloads().get("prod-ftp2sms-ftp-gateway"));
        assertThat(envValue(gateway, "FTP2SMS_FTPS_EXTERNAL_ADDRESS")).isEqualTo("sftp.example.net");
        assertThat(envValue(container(Rendered.of(withRequired().set("services.ftpGateway.ftps.passiveAddress", "203.0.113.10"))
                .workloads().get("prod-ftp2sms-ftp-gateway")), "FTP2SMS_FTPS_EXTERNAL_ADDRESS")).isEqualTo("203.0.113.10");
        assertThat(envValue(gateway, "FTP2SMS_SFTP_PORT")).isEqualTo("2222");
        assertThat(envValue(gateway, "FTP2SMS_FTPS_PORT")).isEqualTo("2121");
    }

    @Test
    void theFtpsCertificateAndSshHostKeyComeFromSecrets() {
        Rendered rendered = Rendered.of(withRequired()
                .set("services.ftpGateway.ftpsCertificate.existingSecret", "ftps-tls")
                .set("services.ftpGateway.ftpsCertificate.passwordSecret", "ftps-keystore-password")
                .set("services.ftpGateway.sshHostKey.existingSecret", "ssh-host-key"));
        JsonNode pod = rendered.workloads().get("prod-ftp2sms-ftp-gateway").at("/spec/template/spec");
        JsonNode gateway = pod.at("/containers/0");
        assertThat(envValue(gateway, "FTP2SMS_FTPS_KEYSTORE")).isEqualTo("/etc/ftp2sms/ftps/keystore.p12");
        assertThat(env(gateway).get("FTP2SMS_FTPS_KEYSTORE_PASSWORD").at("/valueFrom/secretKeyRef/name").asText())
                .isEqualTo("ftps-keystore-password");
        Map<String, String> secretVolumes = new java.util.HashMap<>();
        pod.get("volumes").forEach(v -> {
            if (v.has("secret")) {
                secretVolumes.put(v.get("name").asText(), v.at("/secret/secretName").asText());
            }
        });
        assertThat(secretVolumes).containsEntry("ftps-certificate", "ftps-tls").containsEntry("ssh-host-key", "ssh-host-key");
        JsonNode init = pod.at("/initContainers/0");
        assertThat(init.get("args").toString())
                .isEqualTo("[\"install-private-file\",\"/etc/ftp2sms/ssh/ssh_host_ecdsa_key\",\"/data/ssh/host-key-ecdsa\"]");
    }

    @Test
    void strimziScramValuesMountTheUserAndTheClusterCaFromTheirOwnSecrets() {
        Rendered rendered = Rendered.of(new Helm(Rendered.CHART).template().withName("prod")
                .withValuesFile(Rendered.EXAMPLES.resolve("strimzi-scram.yaml")).set("topics.hook", false));
        for (Map.Entry<String, JsonNode> pod : rendered.podSpecs().entrySet()) {
            JsonNode c = pod.getValue().at("/containers/0");
            if (!env(c).containsKey("FTP2SMS_KAFKA_BOOTSTRAP")) {
                continue; // the helm test pod talks to the services only
            }
            assertThat(envValue(c, "FTP2SMS_KAFKA_SECURITY_PROTOCOL")).as(pod.getKey()).isEqualTo("SASL_SSL");
            assertThat(envValue(c, "FTP2SMS_KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
            assertThat(envValue(c, "FTP2SMS_KAFKA_SASL_USERNAME")).isEqualTo("ftp2sms");
            assertThat(env(c).get("FTP2SMS_KAFKA_SASL_PASSWORD").at("/valueFrom/secretKeyRef").toString())
                    .isEqualTo("{\"name\":\"ftp2sms\",\"key\":\"password\"}");
            assertThat(envValue(c, "FTP2SMS_KAFKA_TRUSTSTORE")).isEqualTo("/etc/ftp2sms/kafka-ca/ca.crt");
            assertThat(volumeSecret(pod.getValue(), "kafka-ca")).isEqualTo("my-cluster-cluster-ca-cert");
        }
        Rendered mtls = Rendered.of(new Helm(Rendered.CHART).template().withName("prod")
                .withValuesFile(Rendered.EXAMPLES.resolve("strimzi-mtls.yaml")));
        JsonNode renderer = mtls.workloads().get("prod-ftp2sms-renderer");
        assertThat(envValue(container(renderer), "FTP2SMS_KAFKA_KEYSTORE")).isEqualTo("/etc/ftp2sms/kafka-user/user.p12");
        assertThat(env(container(renderer)).get("FTP2SMS_KAFKA_KEYSTORE_PASSWORD").at("/valueFrom/secretKeyRef").toString())
                .isEqualTo("{\"name\":\"ftp2sms\",\"key\":\"user.password\"}");
        assertThat(volumeSecret(renderer.at("/spec/template/spec"), "kafka-user")).isEqualTo("ftp2sms");
        assertThat(volumeSecret(renderer.at("/spec/template/spec"), "kafka-ca")).isEqualTo("my-cluster-cluster-ca-cert");
    }

    @Test
    void aTopicPrefixReachesEveryServiceAndTheTopicsJob() {
        Rendered rendered = Rendered.of(new Helm(Rendered.CHART).template().withName("prod")
                .withValuesFile(Rendered.EXAMPLES.resolve("managed-kafka.yaml")).set("topics.hook", false));
        Map<String, JsonNode> pods = rendered.podSpecs();
        assertThat(pods).containsKey("prod-ftp2sms-topics");
        pods.forEach((name, pod) -> {
            JsonNode c = pod.at("/containers/0");
            if (env(c).containsKey("FTP2SMS_KAFKA_BOOTSTRAP")) {
                assertThat(envValue(c, "FTP2SMS_TOPIC_PREFIX")).as(name).isEqualTo("sms-team.");
                assertThat(envValue(c, "FTP2SMS_KAFKA_SASL_MECHANISM")).as(name).isEqualTo("PLAIN");
            }
        });
    }

    @Test
    void everyOptionSetLintsAndRendersTheOptionalParts() throws IOException {
        Rendered rendered = Rendered.of(new Helm(Rendered.CHART).template().withName("prod")
                .withValuesFile(Rendered.EXAMPLES.resolve("all-options.yaml")));
        assertThat(rendered.byName("NetworkPolicy")).hasSize(8);
        assertThat(rendered.byName("ServiceMonitor")).containsKey("prod-ftp2sms");
        assertThat(rendered.byName("ConfigMap").get("prod-ftp2sms-dashboard").at("/data/ftp2sms.json").asText())
                .contains("\"title\": \"ftp2sms\"");
        assertThat(rendered.byName("PersistentVolumeClaim")).as("an existing claim is used").isEmpty();
        assertThat(rendered.byName("Job")).containsKey("prod-ftp2sms-topics");
        JsonNode dispatcherPolicy = rendered.byName("NetworkPolicy").get("prod-ftp2sms-dispatcher");
        assertThat(dispatcherPolicy.at("/spec/egress").toString()).contains("203.0.113.0/24").contains("3775");
        assertThat(rendered.byName("NetworkPolicy").get("prod-ftp2sms-renderer").at("/spec/egress").toString())
                .as("the renderer talks to Kafka and DNS only").doesNotContain("203.0.113.0/24").doesNotContain("443");

        // helm lint has no values-file option here: lint a copy of the chart whose defaults are that file.
        Path copy = Files.createTempDirectory("ftp2sms-chart");
        try {
            copyTree(Rendered.CHART, copy);
            Files.copy(Rendered.EXAMPLES.resolve("all-options.yaml"), copy.resolve("values.yaml"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LintResult result = new Helm(copy).lint().strict().call();
            assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        } finally {
            deleteTree(copy);
        }
    }

    @Test
    void aMissingRequiredValueIsRefusedWithTheVariableItSets() {
        assertThatThrownBy(() -> new Helm(Rendered.CHART).template().withName("prod").call())
                .hasMessageContaining("FTP2SMS_KAFKA_BOOTSTRAP");
        assertThatThrownBy(() -> new Helm(Rendered.CHART).template().withName("prod").set("kafka.bootstrap", "k:9092")
                .set("services.ftpGateway.publicHost", "h").call())
                .hasMessageContaining("FTP2SMS_SMSC_PASSWORD");
        assertThatThrownBy(() -> new Helm(Rendered.CHART).template().withName("prod").set("kafka.bootstrap", "k:9092")
                .set("secrets.smscPassword.existingSecret", "s").call())
                .hasMessageContaining("FTP2SMS_PUBLIC_HOST");
    }

    @Test
    void theDispatcherCanMountAnSmscRoutesFileAndTakeItsPasswordsFromASecret() {
        JsonNode dispatcher = Rendered.of(withRequired()
                .set("services.dispatcher.smscRoutes.existingConfigMap", "smsc-routes")
                .set("services.dispatcher.smscRoutes.passwordsSecret", "smsc-passwords")).workloads().get("prod-ftp2sms-dispatcher");
        JsonNode pod = dispatcher.at("/spec/template/spec");
        JsonNode container = container(dispatcher);

        assertThat(envValue(container, "FTP2SMS_SMSC_ROUTES")).isEqualTo("/etc/ftp2sms/smsc-routes/routes.yaml");
        assertThat(env(container)).doesNotContainKey("FTP2SMS_SMSC_PASSWORD");
        assertThat(container.at("/envFrom/0/secretRef/name").asText()).isEqualTo("smsc-passwords");
        List<String> mounts = new ArrayList<>();
        container.get("volumeMounts").forEach(v -> mounts.add(v.get("name").asText() + "=" + v.get("mountPath").asText()));
        assertThat(mounts).contains("smsc-routes=/etc/ftp2sms/smsc-routes");
        List<String> configMaps = new ArrayList<>();
        pod.get("volumes").forEach(v -> configMaps.add(v.at("/configMap/name").asText()));
        assertThat(configMaps).contains("smsc-routes");
        // Without a routes file: the single SMSC and its password Secret, as before.
        Map<String, JsonNode> single = env(container(Rendered.of(withRequired()).workloads().get("prod-ftp2sms-dispatcher")));
        assertThat(single).containsKey("FTP2SMS_SMSC_PASSWORD").doesNotContainKey("FTP2SMS_SMSC_ROUTES");
    }

    @Test
    void everyVariableTheChartSetsIsDocumentedInTheReadmeSettingsTable() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("`(FTP2SMS_[A-Z0-9_]+)`").matcher(Files.readString(Path.of("../README.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> set = new TreeSet<>();
        Rendered rendered = Rendered.of(new Helm(Rendered.CHART).template().withName("prod")
                .withValuesFile(Rendered.EXAMPLES.resolve("all-options.yaml")));
        for (JsonNode pod : rendered.podSpecs().values()) {
            pod.path("containers").forEach(c -> env(c).keySet().stream().filter(k -> k.startsWith("FTP2SMS_")).forEach(set::add));
        }
        assertThat(set).hasSizeGreaterThan(30);
        assertThat(documented).containsAll(set);
    }

    private static String volumeSecret(JsonNode podSpec, String volume) {
        for (JsonNode v : podSpec.path("volumes")) {
            if (v.get("name").asText().equals(volume)) {
                return v.at("/secret/secretName").asText();
            }
        }
        return null;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
