package org.ftp2sms.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The chart's manifests as helm renders them, parsed, with lookups by kind and name. */
record Rendered(List<JsonNode> docs) {
    static final Path CHART = Path.of("src/main/helm/ftp2sms");
    static final Path EXAMPLES = Path.of("examples");
    static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()).build();

    /** Release "prod" with only the values the chart requires. */
    static TemplateCommand withRequired() {
        return new Helm(CHART).template().withName("prod")
                .set("kafka.bootstrap", "kafka-0.kafka:9092")
                .set("secrets.smscPassword.existingSecret", "smsc")
                .set("services.ftpGateway.publicHost", "sftp.example.net");
    }

    static Rendered of(TemplateCommand command) {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(command.call())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isEmpty()) {
                    docs.add(d);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Rendered(docs);
    }

    Map<String, JsonNode> byName(String kind) {
        Map<String, JsonNode> named = new LinkedHashMap<>();
        docs.stream().filter(d -> kind.equals(d.path("kind").asText()))
                .forEach(d -> named.put(d.at("/metadata/name").asText(), d));
        return named;
    }

    /** Deployments and StatefulSets, by name. */
    Map<String, JsonNode> workloads() {
        Map<String, JsonNode> all = new LinkedHashMap<>(byName("Deployment"));
        all.putAll(byName("StatefulSet"));
        return all;
    }

    /** Every pod template (workloads, jobs) and bare pod, by the name of what holds it. */
    Map<String, JsonNode> podSpecs() {
        Map<String, JsonNode> specs = new LinkedHashMap<>();
        workloads().forEach((n, w) -> specs.put(n, w.at("/spec/template/spec")));
        byName("Job").forEach((n, j) -> specs.put(n, j.at("/spec/template/spec")));
        byName("Pod").forEach((n, p) -> specs.put(n, p.get("spec")));
        return specs;
    }

    static JsonNode container(JsonNode workload) {
        return workload.at("/spec/template/spec/containers/0");
    }

    static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.get("name").asText(), e));
        return env;
    }

    static String envValue(JsonNode container, String name) {
        JsonNode e = env(container).get(name);
        return e == null ? null : e.path("value").asText(null);
    }
}
