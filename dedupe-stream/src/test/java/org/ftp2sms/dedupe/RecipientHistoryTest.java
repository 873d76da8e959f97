package org.ftp2sms.dedupe;

import org.ftp2sms.contract.json.JsonSerde;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientHistoryTest {
    private static final JsonSerde<RecipientHistory> SERDE = JsonSerde.of(RecipientHistory.class);

    @Test
    void timesAreStoredAsEpochMillisecondsAndReadBack() {
        RecipientHistory history = new RecipientHistory(List.of("f2", "f1"), Instant.parse("2026-03-03T10:15:00.123Z"),
                "f1-7", "f1", Instant.parse("2026-03-02T10:15:00Z"));

        byte[] json = SERDE.serializer().serialize("t", history);

        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"lastSeenAt\":1772532900123").contains("\"lastPassedAt\":1772446500000");
        assertThat(SERDE.deserializer().deserialize("t", json)).isEqualTo(history);
    }

    @Test
    void theEarlierIso8601FormStillReads() {
        String earlier = "{\"recentFileIngestionIds\":[\"f1\"],\"lastSeenAt\":\"2026-03-02T10:15:00Z\","
                + "\"lastPassedMessageId\":\"f1-1\",\"lastPassedFileIngestionId\":\"f1\",\"lastPassedAt\":\"2026-03-02T10:15:00Z\"}";

        RecipientHistory history = SERDE.deserializer().deserialize("t", earlier.getBytes(StandardCharsets.UTF_8));

        assertThat(history.lastSeenAt()).isEqualTo(Instant.parse("2026-03-02T10:15:00Z"));
        assertThat(history.lastPassedAt()).isEqualTo(Instant.parse("2026-03-02T10:15:00Z"));
    }
}
