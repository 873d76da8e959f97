package org.ftp2sms.aggregator;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.common.TopicPartition;
import org.ftp2sms.contract.Reply;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.Suppression;
import org.ftp2sms.contract.json.Json;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One status change or reply to POST to a connector's webhook, with where it was read from (its offset is
 * committed only once it is delivered or dead-lettered). The body is
 * {@code {"type":"status","status":{...Status}}}, {@code {"type":"reply","reply":{...Reply}}} or
 * {@code {"type":"suppression-added","suppression":{...Suppression}}} (and {@code suppression-removed});
 * {@code id} ({@code <topic>-<partition>-<offset>}) is the same on every redelivery, for receivers to drop repeats.
 */
record WebhookEvent(String connectorId, String type, String id, byte[] body, TopicPartition partition, long offset) {

    static WebhookEvent of(Status status, TopicPartition partition, long offset) {
        return new WebhookEvent(status.connectorId(), "status", id(partition, offset), body("status", status), partition, offset);
    }

    static WebhookEvent of(Reply reply, TopicPartition partition, long offset) {
        return new WebhookEvent(reply.connectorId(), "reply", id(partition, offset), body("reply", reply), partition, offset);
    }

    /** {@code suppression-added} or {@code suppression-removed}, to the connector the change concerns. */
    static WebhookEvent of(Suppression change, TopicPartition partition, long offset) {
        String type = change.suppressed() ? "suppression-added" : "suppression-removed";
        return new WebhookEvent(change.connectorId(), type, id(partition, offset), body(type, "suppression", change),
                partition, offset);
    }

    private static String id(TopicPartition partition, long offset) {
        return partition.topic() + "-" + partition.partition() + "-" + offset;
    }

    private static byte[] body(String type, Object event) {
        return body(type, type, event);
    }

    private static byte[] body(String type, String field, Object event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put(field, event);
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
