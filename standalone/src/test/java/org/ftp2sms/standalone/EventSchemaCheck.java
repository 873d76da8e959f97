package org.ftp2sms.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ftp2sms.contract.Topics;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.service.KafkaSettings;
import org.ftp2sms.testkit.TestKafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JSON Schemas of docs/topics.md, used as a consumer would use them, against every event a real pipeline run
 * wrote: each event validates, and an event missing a required field (or with a wrong type) does not.
 */
final class EventSchemaCheck {
    private static final Path DOC = Path.of("../docs/topics.md");

    private EventSchemaCheck() {
    }

    /** After {@link UploadScenario}: adds a reply, then validates every event on the broker. */
    static void everyEventMatchesItsSchema(StandaloneApp app, TestKafka kafka) throws IOException {
        Map<String, JsonSchema> schemaByTopic = schemasByTopic();
        assertThat(schemaByTopic).hasSize(14);
        app.simulator().injectReply("32476123456", "SHOP", "STOP");

        Map<String, List<JsonNode>> events = new TreeMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            events.clear();
            events.putAll(readAll(kafka, schemaByTopic.keySet()));
            assertThat(events.get(Topics.REPLIES)).isNotEmpty();
            assertThat(events.get(Topics.SUPPRESSIONS)).as("the STOP put the phone on the list").isNotEmpty();
        });
        for (String topic : List.of(Topics.CONNECTORS, Topics.FILE_ARRIVALS, Topics.INGESTIONS, Topics.FILE_DIGESTS, Topics.ROWS,
                Topics.ROWS_UNIQUE, Topics.MESSAGES, Topics.STATUSES, Topics.REPLIES, Topics.SUPPRESSIONS, Topics.EXPORT_REQUESTS)) {
            assertThat(events.get(topic)).as(topic + " had events in this run").isNotEmpty();
        }
        int validated = 0;
        List<String> invalid = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> topic : events.entrySet()) {
            for (JsonNode event : topic.getValue()) {
                Set<ValidationMessage> errors = schemaByTopic.get(topic.getKey()).validate(event);
                if (!errors.isEmpty()) {
                    invalid.add(topic.getKey() + " " + event + " " + errors);
                }
                validated++;
            }
        }
        assertThat(invalid).isEmpty();
        assertThat(validated).isGreaterThan(20);

        ObjectNode status = events.get(Topics.STATUSES).get(0).deepCopy();
        status.remove("messageId");
        assertThat(schemaByTopic.get(Topics.STATUSES).validate(status)).extracting(ValidationMessage::getMessage)
                .anyMatch(m -> m.contains("messageId"));
        ObjectNode row = events.get(Topics.ROWS).get(0).deepCopy();
        row.put("rowNumber", "three");
        assertThat(schemaByTopic.get(Topics.ROWS).validate(row)).extracting(ValidationMessage::getMessage)
                .anyMatch(m -> m.contains("rowNumber"));
    }

    /** topic -> the schema docs/topics.md gives its values, read as a consumer would read the document. */
    private static Map<String, JsonSchema> schemasByTopic() throws IOException {
        String doc = Files.readString(DOC);
        Map<String, JsonNode> schemaByType = new HashMap<>();
        Matcher block = Pattern.compile("\\n## (\\w+)\\n\\n```json\\n(.*?)\\n```", Pattern.DOTALL).matcher(doc);
        while (block.find()) {
            schemaByType.put(block.group(1), Json.mapper().readTree(block.group(2)));
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        Map<String, JsonSchema> byTopic = new HashMap<>();
        Matcher row = Pattern.compile("\\n\\| `([a-z0-9._-]+)` \\| [^|]+ \\| \\[(\\w+)\\]").matcher(doc);
        while (row.find()) {
            JsonNode schema = schemaByType.get(row.group(2));
            assertThat(schema).as("schema of " + row.group(2)).isNotNull();
            byTopic.put(row.group(1), factory.getSchema(schema, config));
        }
        return byTopic;
    }

    private static Map<String, List<JsonNode>> readAll(TestKafka kafka, Set<String> topics) throws IOException {
        Map<String, List<JsonNode>> events = new HashMap<>();
        Map<String, Object> props = KafkaSettings.of(kafka.bootstrapServers()).viewer("schemas-check");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        events.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(Json.mapper().readTree(r.value()));
                    }
                }
            }
        }
        return events;
    }
}
