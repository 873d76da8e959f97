package org.ftp2sms.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.ftp2sms.contract.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/topics.md is generated from the records: this test fails when it is out of date, and rewrites it when run
 * with {@code -Dftp2sms.writeDocs=true}.
 */
class TopicsDocTest {
    private static final Path DOC = Path.of("../docs/topics.md");
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void topicsMdHoldsTheSchemasOfTheCurrentRecords() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("ftp2sms.writeDocs")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(DOC)).as("docs/topics.md is stale: mvn -pl contract test -Dtest=TopicsDocTest "
                + "-Dftp2sms.writeDocs=true").isEqualTo(expected);
    }

    @Test
    void aSerializedEventHasExactlyTheSchemasProperties() throws IOException {
        Status status = Status.of("f1-2", "f1", "c1", "32476123456", StatusCode.DELIVERED, java.time.Instant.EPOCH,
                java.time.Instant.EPOCH, java.time.Instant.EPOCH);
        JsonNode json = Json.mapper().valueToTree(status);
        JsonNode schema = EventSchemas.schemaOf(Status.class);
        java.util.Set<String> written = new java.util.TreeSet<>();
        json.fieldNames().forEachRemaining(written::add);
        java.util.Set<String> declared = new java.util.TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(declared::add);
        assertThat(written).isEqualTo(declared);
    }

    static String render() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("""
                # Topics and event schemas

                <!-- Generated from the contract records by contract/src/test/.../TopicsDocTest: do not edit by hand. -->

                The contract between the stages and with internal consumers. Values are JSON (UTF-8, camelCase,
                ISO-8601 UTC timestamps); keys are strings. Every topic name is prefixed with `FTP2SMS_TOPIC_PREFIX` when
                it is set. Readers must ignore unknown properties: fields are added, never removed or retyped. Each
                schema below (JSON Schema 2020-12) is checked against the events of a real pipeline run
                (`standalone` module, `ExternalKafkaEndToEndTest`).

                | topic | key | value | notes |
                |---|---|---|---|
                """);
        for (EventSchemas.TopicEntry t : EventSchemas.TOPICS) {
            md.append("| `").append(t.topic()).append("` | ").append(t.key()).append(" | [")
                    .append(t.type().getSimpleName()).append("](#").append(t.type().getSimpleName().toLowerCase())
                    .append(") | ").append(t.note()).append(" |\n");
        }
        md.append("| `").append(Topics.SMSC_SUBMISSIONS)
                .append("` | `id:<smscId>` / `to:<phone>:<sender>` | dispatcher-internal | compacted; not a public contract |\n");
        md.append("| `").append(Topics.DEAD_LETTERS)
                .append("` | the record's own | the unreadable record's bytes, as they were | headers name the origin topic,"
                        + " partition, offset, the reader and the reason |\n");
        for (Class<? extends Record> type : EventSchemas.eventTypes()) {
            md.append("\n## ").append(type.getSimpleName()).append("\n\n```json\n")
                    .append(PRETTY.writeValueAsString(EventSchemas.schemaOf(type)).replace("\r\n", "\n"))
                    .append("\n```\n");
        }
        return md.toString();
    }
}
