package org.ftp2sms.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ftp2sms.contract.connector.Connector;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schemas (draft 2020-12) of the events, generated from the {@code contract} records by reflection, so that
 * docs/topics.md follows the code: every component is a required property (Jackson writes nulls), typed as
 * Jackson writes it; fields that may be null say so; unknown properties are allowed (readers ignore them, and
 * events may grow).
 */
final class EventSchemas {
    /** One topic of the contract: its name without prefix, its key, and the event type of its values. */
    record TopicEntry(String topic, String key, Class<? extends Record> type, String note) {
    }

    static final List<TopicEntry> TOPICS = List.of(
            new TopicEntry(Topics.CONNECTORS, "connectorId", Connector.class, "compacted; a tombstone (null value) deletes"),
            new TopicEntry(Topics.FILE_ARRIVALS, "connectorId", FileArrived.class, ""),
            new TopicEntry(Topics.INGESTIONS, "fileIngestionId", IngestionReport.class, "one per state change"),
            new TopicEntry(Topics.FILE_DIGESTS, "connectorId/sha256", FileDigest.class,
                    "compacted, entries expire after 31 days; the row-splitter's repeated-file check"),
            new TopicEntry(Topics.ROWS, "connectorId:phone", Row.class, ""),
            new TopicEntry(Topics.ROWS_UNIQUE, "connectorId:phone", Row.class, "rows that survived dedupe"),
            new TopicEntry(Topics.MESSAGES, "connectorId:phone", Message.class, ""),
            new TopicEntry(Topics.MESSAGES_READY, "connectorId:phone", Message.class, "dispatcher-internal"),
            new TopicEntry(Topics.STATUSES, "messageId", Status.class, "every status change, refusals included"),
            new TopicEntry(Topics.REPLIES, "phone", Reply.class, ""),
            new TopicEntry(Topics.EXPORT_REQUESTS, "connectorId", ExportRequested.class, ""),
            new TopicEntry(Topics.WEBHOOK_DEAD_LETTERS, "connectorId", WebhookDeadLetter.class, ""));

    /** Components that may be null, as {@code Type.component} (record-typed components and lists may always be). */
    static final Set<String> NULLABLE = Set.of(
            "IngestionReport.reason",
            "Message.receivedAt",
            "Status.sentAt", "Status.deliveredAt",
            "Reply.messageId", "Reply.outgoingMessageId", "Reply.connectorId", "Reply.fileIngestionId",
            "WebhookDeadLetter.lastError",
            "Access.passwordHash", "Access.username",
            "Webhook.secret",
            "SendingCalendar.timezone",
            "Connector.createdAt", "Connector.updatedAt",
            "SendingOptions.priority", "SendingOptions.maxMessagesPerSecond", "SendingOptions.repeatedFileWindow");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EventSchemas() {
    }

    /** Every event type of {@link #TOPICS}, once, in topic order. */
    static List<Class<? extends Record>> eventTypes() {
        return TOPICS.stream().<Class<? extends Record>>map(TopicEntry::type).distinct().toList();
    }

    static ObjectNode schemaOf(Class<? extends Record> type) {
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", type.getSimpleName());
        schema.setAll(objectSchema(type));
        return schema;
    }

    private static ObjectNode objectSchema(Class<?> type) {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (RecordComponent component : type.getRecordComponents()) {
            String name = jsonName(type, component);
            ObjectNode property = typeSchema(component.getGenericType());
            boolean nullable = NULLABLE.contains(type.getSimpleName() + "." + component.getName())
                    || component.getType().isRecord() || Collection.class.isAssignableFrom(component.getType());
            properties.set(name, nullable ? orNull(property) : property);
            required.add(name);
        }
        schema.set("required", required);
        schema.put("additionalProperties", true);
        return schema;
    }

    private static String jsonName(Class<?> type, RecordComponent component) {
        try {
            JsonProperty renamed = type.getDeclaredField(component.getName()).getAnnotation(JsonProperty.class);
            return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode typeSchema(Type generic) {
        Class<?> raw = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
        ObjectNode schema = JSON.objectNode();
        if (raw == String.class) {
            schema.put("type", "string");
        } else if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            schema.put("type", "integer");
        } else if (raw == boolean.class || raw == Boolean.class) {
            schema.put("type", "boolean");
        } else if (raw == Instant.class) {
            schema.put("type", "string").put("format", "date-time");
        } else if (raw == java.time.Duration.class) {
            schema.put("type", "string").put("format", "duration");
        } else if (raw == LocalDate.class) {
            schema.put("type", "string").put("format", "date");
        } else if (raw.isEnum()) {
            schema.put("type", "string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
        } else if (List.class.isAssignableFrom(raw)) {
            schema.put("type", "array");
            schema.set("items", typeSchema(((ParameterizedType) generic).getActualTypeArguments()[0]));
        } else if (Map.class.isAssignableFrom(raw)) {
            schema.put("type", "object");
            schema.set("additionalProperties", typeSchema(((ParameterizedType) generic).getActualTypeArguments()[1]));
        } else if (raw.isRecord()) {
            schema.setAll(objectSchema(raw));
        } else {
            throw new IllegalArgumentException("no JSON Schema mapping for " + generic);
        }
        return schema;
    }

    private static ObjectNode orNull(ObjectNode schema) {
        ObjectNode either = JSON.objectNode();
        either.putArray("anyOf").add(schema).add(JSON.objectNode().put("type", "null"));
        return either;
    }
}
