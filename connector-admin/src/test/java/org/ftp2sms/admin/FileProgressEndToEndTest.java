package org.ftp2sms.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ftp2sms.contract.IngestionReport;
import org.ftp2sms.contract.IngestionState;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.JsonSerde;
import org.ftp2sms.testkit.KafkaBrokerExtension;
import org.ftp2sms.testkit.OpenSshSftp;
import org.ftp2sms.testkit.TestKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-file progress through the whole pipeline: a file with refused rows, an in-file duplicate and a failed receipt
 * is counted exactly; its statuses published a second time change nothing; and the counts stay exact after
 * connector-admin (the aggregating stage) restarts, with statuses that arrived while it was down, and again after
 * its local state is lost and rebuilt from the changelogs.
 */
@ExtendWith(KafkaBrokerExtension.class)
class FileProgressEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String FILE = """
            phone;first_name
            0476100001;Ann
            0476100002;Bob
            0476100001;Ann again
            12;Carl
            ;Dora
            0476100099;Eve
            """;

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private WholePipeline pipeline;

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void countsAreExactUnderRepeatsAndAcrossRestarts(TestKafka kafka) throws Exception {
        pipeline = new WholePipeline(kafka, dataDir, "progress-e2e").start();
        JsonNode created = pipeline.api().expect(201, "POST", "/api/v1/connectors", """
                { "name": "progress", "sender": "ACME",
                  "mapping": { "phoneColumn": "phone", "defaultCountry": "BE" },
                  "template": "Hello {{ first_name }}",
                  "options": { "maxParts": 3, "dedupeWithinFile": true, "repeatedFileWindow": "PT0S" },
                  "access": { "protocol": "SFTP", "auth": "PASSWORD" } }
                """);
        // The same file twice on purpose: the repeated-file check is off for this connector.
        String connectorId = created.get("id").asText();
        JsonNode login = created.get("credentials");
        OpenSshSftp customer = OpenSshSftp.withPassword(login.get("host").asText(), login.get("port").asInt(),
                login.get("username").asText(), login.get("password").asText());

        String first = upload(kafka, customer, connectorId, "first.csv");
        Map<String, Object> expected = expectedCounts(kafka, first);
        assertThat(expected).containsEntry("delivered", 2L).containsEntry("failedCount", 1L)
                .containsEntry("refused", Map.of("810-duplicate-in-file", 1L, "820-empty-phone", 1L, "821-invalid-phone", 1L));
        await().atMost(WAIT).untilAsserted(() -> assertThat(counts(pipeline.api(), first)).isEqualTo(expected));
        JsonNode listed = pipeline.api().expect(200, "GET", "/api/v1/ingestions?connectorId=" + connectorId, null);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("fileIngestionId").asText()).isEqualTo(first);

        // Down: every status of the first file is published again, and a second file goes through meanwhile.
        pipeline.stopAdmin();
        republish(kafka, first);
        String second = upload(kafka, customer, connectorId, "second.csv");
        Map<String, Object> expectedSecond = expectedCounts(kafka, second);

        pipeline.startAdmin();
        await().atMost(WAIT).untilAsserted(() -> assertThat(counts(pipeline.api(), second)).isEqualTo(expectedSecond));
        assertThat(counts(pipeline.api(), first)).isEqualTo(expected);

        // Local state lost: rebuilt from the changelogs, still exact.
        pipeline.stopAdmin();
        deleteTree(pipeline.adminStateDir());
        pipeline.startAdmin();
        await().atMost(WAIT).untilAsserted(() -> assertThat(counts(pipeline.api(), first)).isEqualTo(expected));
        assertThat(counts(pipeline.api(), second)).isEqualTo(expectedSecond);
        JsonNode both = pipeline.api().expect(200, "GET", "/api/v1/ingestions?connectorId=" + connectorId, null);
        assertThat(both.findValuesAsText("fileIngestionId")).containsExactly(second, first);   // newest first
        assertThat(pipeline.api().expect(200, "GET", "/api/v1/ingestions?connectorId=" + connectorId + "&limit=1", null)
                .findValuesAsText("fileIngestionId")).containsExactly(second);
        assertThat(pipeline.api().expect(400, "GET", "/api/v1/ingestions?connectorId=" + connectorId + "&limit=0", null)
                .get("errors").findValuesAsText("field")).containsExactly("limit");
    }

    /** Uploads {@link #FILE} and waits until every one of its rows has a final status on the topic. */
    private String upload(TestKafka kafka, OpenSshSftp customer, String connectorId, String name) throws Exception {
        Path file = Files.writeString(work.resolve(name), FILE);
        assertThat(customer.run("put " + file).ok()).isTrue();
        String fileId = kafka.awaitValues(Topics.INGESTIONS, IngestionReport.class, r -> connectorId.equals(r.connectorId())
                && name.equals(r.fileName()) && r.state() == IngestionState.COMPLETED, 1, WAIT).get(0).fileIngestionId();
        kafka.awaitValues(Topics.STATUSES, Status.class, s -> fileId.equals(s.fileIngestionId()) && s.isFinal(), 6, WAIT);
        return fileId;
    }

    /** What the counts must be, from the topic itself: the last status of each message. */
    private static Map<String, Object> expectedCounts(TestKafka kafka, String fileId) {
        Map<String, Status> last = new LinkedHashMap<>();
        for (Status s : kafka.valuesNow(Topics.STATUSES, Status.class, s -> fileId.equals(s.fileIngestionId()))) {
            last.merge(s.messageId(), s, (a, b) -> a.isFinal() && !b.isFinal() ? a : b);
        }
        Map<String, Long> refused = new java.util.TreeMap<>();
        Map<String, Long> failed = new java.util.TreeMap<>();
        long delivered = 0;
        for (Status s : last.values()) {
            if (s.statusCode() >= 800) {
                refused.merge(s.statusReason(), 1L, Long::sum);
            } else if (s.statusCode() >= 300) {
                failed.merge(s.statusReason(), 1L, Long::sum);
            } else if (s.statusCode() >= 200) {
                delivered++;
            }
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("rows", 6L);
        counts.put("state", "COMPLETED");
        counts.put("refused", refused);
        counts.put("submitted", delivered + failed.values().stream().mapToLong(Long::longValue).sum());
        counts.put("delivered", delivered);
        counts.put("failed", failed);
        counts.put("failedCount", failed.values().stream().mapToLong(Long::longValue).sum());
        counts.put("pending", 0L);
        counts.put("finished", true);
        return counts;
    }

    private static Map<String, Object> counts(AdminHttp api, String fileId) {
        JsonNode p = api.expect(200, "GET", "/api/v1/ingestions/" + fileId, null);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("rows", p.get("rows").asLong());
        counts.put("state", p.get("state").asText());
        counts.put("refused", longs(p.get("refused")));
        counts.put("submitted", p.get("submitted").asLong());
        counts.put("delivered", p.get("delivered").asLong());
        counts.put("failed", longs(p.get("failed")));
        counts.put("failedCount", p.get("failedCount").asLong());
        counts.put("pending", p.get("pending").asLong());
        counts.put("finished", p.get("finished").asBoolean());
        return counts;
    }

    private static Map<String, Long> longs(JsonNode object) {
        Map<String, Long> values = new java.util.TreeMap<>();
        object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asLong()));
        return values;
    }

    private static void republish(TestKafka kafka, String fileId) {
        List<Status> statuses = kafka.valuesNow(Topics.STATUSES, Status.class, s -> fileId.equals(s.fileIngestionId()));
        var serializer = JsonSerde.of(Status.class).serializer();
        try (var producer = new KafkaProducer<>(kafka.settings().producer("progress-replay"), new StringSerializer(),
                new ByteArraySerializer())) {
            for (Status s : statuses) {
                producer.send(new ProducerRecord<>(Topics.STATUSES, s.messageId(), serializer.serialize(Topics.STATUSES, s)));
            }
            producer.flush();
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
