package org.ftp2sms.admin.progress;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionTallySerdeTest {
    private final PartitionTallySerde serde = new PartitionTallySerde();

    @Test
    void aTallyReadsBackAsWritten() {
        PartitionTally tally = new PartitionTally(
                5,
                "cønnector-1",
                Map.of(101, 3L, 200, 12_345_678_901L, 344, 1L),
                Instant.parse("2026-03-01T10:00:00.123Z"));
        assertThat(roundTrip(tally)).isEqualTo(tally);
    }

    @Test
    void missingFieldsStayMissing() {
        PartitionTally tally = new PartitionTally(0, null, Map.of(), null);
        assertThat(roundTrip(tally)).isEqualTo(tally);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void bytesOfAnotherFormatAreRefusedWithAReason() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 9");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes");
    }

    private PartitionTally roundTrip(PartitionTally tally) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", tally));
    }
}
