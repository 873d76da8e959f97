package org.ftp2sms.contract;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicPrefixTest {

    @Test
    void withoutThePrefixTheNamesAreTheContractsOwn() {
        assertThat(Topics.PREFIX).isEmpty();
        assertThat(Topics.ALL).allMatch(t -> t.startsWith("ftp2sms."));
    }

    @Test
    void aProcessGivenFtp2smsTopicPrefixNamesEveryTopicWithIt() throws IOException, InterruptedException {
        // The prefix is read when Topics loads: a separate JVM shows it as a service sees it.
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PrintTopics.class.getName());
        builder.environment().put("FTP2SMS_TOPIC_PREFIX", "team-a.");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertThat(printed).hasSize(Topics.ALL.size()).contains("team-a.ftp2sms.connectors", "team-a.ftp2sms.statuses")
                .allMatch(t -> t.startsWith("team-a.ftp2sms."));
    }

    @Test
    void aPrefixKafkaWouldRefuseIsRefusedWithTheVariableName() {
        assertThat(Topics.prefix(" team_b- ")).isEqualTo("team_b-");
        assertThatThrownBy(() -> Topics.prefix("team/a")).hasMessageContaining("FTP2SMS_TOPIC_PREFIX");
    }

    /** Prints every topic name, one a line. */
    public static final class PrintTopics {
        public static void main(String[] args) {
            Topics.ALL.forEach(System.out::println);
        }
    }
}
