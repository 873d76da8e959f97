package org.ftp2sms.contract;

import com.fasterxml.jackson.databind.JsonNode;
import org.ftp2sms.contract.json.Json;
import org.ftp2sms.contract.json.JsonSerde;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventJsonTest {
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

    @Test
    void statusIsCamelCaseWithIsoTimestampsAndFinalFlag() throws Exception {
        Status status = Status.of("f1-2", "f1", "c1", "32476123456", StatusCode.DELIVERED, AT, AT, AT);
        JsonSerde<Status> serde = JsonSerde.of(Status.class);

        byte[] bytes = serde.serializer().serialize("t", status);
        JsonNode json = Json.mapper().readTree(bytes);

        assertThat(json.get("statusCode").asInt()).isEqualTo(200);
        assertThat(json.get("statusReason").asText()).isEqualTo("200-delivered");
        assertThat(json.get("final").asBoolean()).isTrue();
        assertThat(json.get("sentAt").asText()).isEqualTo("2026-03-01T10:15:30Z");
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(status);
    }

    @Test
    void unknownFieldsAreIgnoredSoEventsCanGrow() {
        String json = "{\"fileIngestionId\":\"f\",\"connectorId\":\"c\",\"rowNumber\":3,\"phone\":\"1\","
                + "\"columns\":{\"a\":\"b\"},\"addedLater\":true}";
        Row row = JsonSerde.of(Row.class).deserializer().deserialize("t", json.getBytes());
        assertThat(row.rowNumber()).isEqualTo(3);
        assertThat(row.messageId()).isEqualTo("f-3");
    }

    @Test
    void nullIsATombstone() {
        assertThat(JsonSerde.of(Row.class).serializer().serialize("t", null)).isNull();
        assertThat(JsonSerde.of(Row.class).deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void submittedIsNotFinalEverythingElseIs() {
        assertThat(StatusCode.SUBMITTED.isFinal()).isFalse();
        assertThat(StatusCode.MESSAGE_PARTS_EXCEEDED.reason()).isEqualTo("802-message-parts-exceeded");
        assertThat(StatusCode.byCode(810)).contains(StatusCode.DUPLICATE_IN_FILE);
    }
}
