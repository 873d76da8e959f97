package org.ftp2sms.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart README's tables list every value of values.yaml, and nothing that is not there. */
class ChartReadmeTest {
    /** Values whose content is free-form (Kubernetes objects, variables): documented as a whole. */
    private static final Set<String> WHOLE = Set.of("env", "resources", "podSecurityContext", "securityContext",
            "podAnnotations", "nodeSelector", "tolerations", "affinity", "annotations", "labels");
    private static final Pattern SERVICE = Pattern.compile("services\\.([A-Za-z]+)\\.(.+)");

    @Test
    void everyValueIsDocumentedAndEveryDocumentedValueExists() throws IOException {
        Set<String> values = new TreeSet<>();
        flatten("", Rendered.YAML.readTree(Rendered.CHART.resolve("values.yaml").toFile()), values);
        Set<String> documented = documented();

        Set<String> missing = new TreeSet<>();
        for (String value : values) {
            Matcher m = SERVICE.matcher(value);
            if (!documented.contains(value) && !(m.matches() && documented.contains("services.*." + m.group(2)))) {
                missing.add(value);
            }
        }
        assertThat(missing).as("values missing from the chart README").isEmpty();

        Set<String> stale = new TreeSet<>();
        for (String doc : documented) {
            boolean exists = doc.startsWith("services.*.")
                    ? values.stream().anyMatch(v -> SERVICE.matcher(v).matches() && v.endsWith("." + doc.substring("services.*.".length()))
                    && v.split("\\.").length == doc.split("\\.").length)
                    : values.contains(doc);
            if (!exists) {
                stale.add(doc);
            }
        }
        assertThat(stale).as("documented values that values.yaml does not have").isEmpty();
        assertThat(values).hasSizeGreaterThan(80);
    }

    /** The first column of every table row: one or more `key`s. */
    private static Set<String> documented() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String line : Files.readAllLines(Rendered.CHART.resolve("README.md"))) {
            if (!line.startsWith("| `")) {
                continue;
            }
            Matcher m = Pattern.compile("`([A-Za-z*][A-Za-z0-9.*]*)`").matcher(line.split("\\|")[1]);
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    private static void flatten(String prefix, JsonNode node, Set<String> into) {
        String last = prefix.substring(prefix.lastIndexOf('.') + 1);
        if (node.isObject() && !node.isEmpty() && !WHOLE.contains(last)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into);
            }
        } else {
            into.add(prefix);
        }
    }
}
