package org.ftp2sms.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceLauncherTest {

    @Test
    void everyNameLeadsToAPublicStaticMain() throws Exception {
        for (String mainClass : ServiceLauncher.MAINS.values()) {
            assertThat(Modifier.isStatic(Class.forName(mainClass).getMethod("main", String[].class).getModifiers()))
                    .as(mainClass).isTrue();
        }
    }

    @Test
    void everyServiceTheChartRunsIsOneTheImageKnows() throws Exception {
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(new File("../helm/src/main/helm/ftp2sms/values.yaml"));
        Set<String> services = new HashSet<>();
        values.get("services").forEach(s -> services.add(s.get("service").asText()));
        assertThat(services).hasSize(7);
        assertThat(ServiceLauncher.MAINS.keySet()).containsAll(services);
        String templates = java.nio.file.Files.readString(java.nio.file.Path.of("../helm/src/main/helm/ftp2sms/templates/topics-job.yaml"))
                + java.nio.file.Files.readString(java.nio.file.Path.of("../helm/src/main/helm/ftp2sms/templates/tests/readyz-test.yaml"))
                + java.nio.file.Files.readString(java.nio.file.Path.of("../helm/src/main/helm/ftp2sms/templates/workloads.yaml"));
        assertThat(templates).contains("\"provision-topics\"", "- probe", "\"install-private-file\"");
    }
}
