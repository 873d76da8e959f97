package org.ftp2sms.contract.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.ftp2sms.contract.Encoding;
import org.ftp2sms.contract.Message;
import org.ftp2sms.contract.Row;
import org.ftp2sms.contract.Status;
import org.ftp2sms.contract.StatusCode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The direct Instant text must be what Jackson's java.time module writes and reads, to the byte. */
class UtcInstantJsonTest {
    /** The mapper as it was before the direct path: the reference. */
    private static final ObjectMapper JAVA_TIME_ONLY = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    /** Instants of 1970 to 9999 with every fraction shape (none, milli, micro, nano), and the range's ends. */
    private static List<Instant> instants() {
        Random random = new Random(15);
        List<Instant> instants = new ArrayList<>(List.of(
                Instant.EPOCH,
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("2024-02-29T23:59:59.100Z"),
                Instant.parse("2026-11-30T05:41:00.000001Z"),
                Instant.parse("2026-11-30T05:41:00.000000001Z")));
        for (int i = 0; i < 20_000; i++) {
            long seconds = Math.floorMod(random.nextLong(), 253_402_300_800L);
            int nano = random.nextInt(1_000_000_000);
            int shape = i % 4;
            nano = shape == 0
                    ? 0
                    : shape == 1 ? nano / 1_000_000 * 1_000_000 : shape == 2 ? nano / 1_000 * 1_000 : nano;
            instants.add(Instant.ofEpochSecond(seconds, nano));
        }
        return instants;
    }

    @Test
    void writesWhatInstantToStringWritesAndReadsItBack() {
        char[] out = new char[30];
        for (Instant instant : instants()) {
            int length = UtcInstantText.write(instant, out);
            String text = new String(out, 0, length);
            assertThat(text).isEqualTo(instant.toString());
            assertThat(UtcInstantText.parse(text)).isEqualTo(instant);
        }
    }

    @Test
    void readsEveryFractionLengthAsInstantParseDoes() {
        String base = "2026-11-30T05:41:00.";
        for (int digits = 1; digits <= 9; digits++) {
            String text = base + "123456789".substring(0, digits) + "Z";
            assertThat(UtcInstantText.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leavesEverythingElseToTheGeneralPath() {
        assertThat(UtcInstantText.write(Instant.ofEpochSecond(-1), new char[30]))
                .isEqualTo(-1);
        assertThat(UtcInstantText.write(Instant.parse("+10000-01-01T00:00:00Z"), new char[30]))
                .isEqualTo(-1);
        for (String text : List.of(
                "2026-11-30T06:41:00+01:00",
                "2026-11-30t05:41:00z",
                "2026-02-30T00:00:00Z",
                "2026-11-31T00:00:00Z",
                "2026-11-30T24:00:00Z",
                "2026-11-30T05:60:00Z",
                "2026-11-30T05:41:60Z",
                "1969-12-31T23:59:59Z",
                "2026-11-30T05:41:00.Z",
                "2026-11-30T05:41:00.1234567890Z",
                "2026-11-30 05:41:00Z",
                " 2026-11-30T05:41:00Z",
                "2026-1a-30T05:41:00Z",
                "")) {
            assertThat(UtcInstantText.parse(text)).as(text).isNull();
        }
    }

    @Test
    void eventsAreTheSameBytesAsWithTheJavaTimeModuleAlone() throws Exception {
        for (Instant at : instants().subList(0, 2_000)) {
            Row row = new Row("f1", "c1", 7, "32470123456", Map.of("a", "b"), at);
            Status status =
                    Status.of("f1-7", "f1", "c1", "32470123456", StatusCode.DELIVERED, at, at.plusNanos(1), null);
            Message message = new Message("f1-7", "f1", "c1", "32470123456", "S", "hi", Encoding.GSM7, 1, at);
            for (Object event : List.of(row, status, message)) {
                byte[] reference = JAVA_TIME_ONLY.writeValueAsBytes(event);
                assertThat(JsonSerde.of(Object.class).serializer().serialize("t", event))
                        .isEqualTo(reference);
                assertThat(Json.mapper().readValue(reference, event.getClass())).isEqualTo(event);
            }
        }
    }

    @Test
    void otherSpellingsNumbersAndFarInstantsGoThroughTheJavaTimeModule() throws Exception {
        for (String json : List.of(
                "\"2026-11-30T06:41:00+01:00\"",
                "\"+12026-11-30T05:41:00Z\"",
                "1764481260.5",
                "\"1969-07-21T02:56:15Z\"",
                "\"2026-11-30T05:41:00.Z\"")) {
            assertThat(Json.mapper().readValue(json, Instant.class))
                    .as(json)
                    .isEqualTo(JAVA_TIME_ONLY.readValue(json, Instant.class));
        }
        Instant far = Instant.parse("+12026-11-30T05:41:00Z");
        assertThat(Json.mapper().writeValueAsString(far)).isEqualTo(JAVA_TIME_ONLY.writeValueAsString(far));
        assertThat(Json.mapper()
                        .writer()
                        .with(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .writeValueAsString(far))
                .isEqualTo(far.getEpochSecond() + ".000000000");
    }

    /** As dedupe's {@code RecipientHistory} stores its times: epoch milliseconds. */
    record Stamped(
            @JsonFormat(
                    shape = JsonFormat.Shape.NUMBER_INT,
                    without = {
                        JsonFormat.Feature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS,
                        JsonFormat.Feature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS
                    })
            Instant at,

            Instant plain) {}

    @Test
    void aPropertyWithItsOwnFormatKeepsIt() throws Exception {
        Instant at = Instant.parse("2026-11-30T05:41:00.123Z");
        Stamped stamped = new Stamped(at, at);
        String json = Json.mapper().writeValueAsString(stamped);
        assertThat(json).isEqualTo(JAVA_TIME_ONLY.writeValueAsString(stamped));
        assertThat(json).isEqualTo("{\"at\":" + at.toEpochMilli() + ",\"plain\":\"2026-11-30T05:41:00.123Z\"}");
        assertThat(Json.mapper().readValue(json, Stamped.class)).isEqualTo(stamped);
        String iso = "{\"at\":\"2026-11-30T05:41:00.123Z\",\"plain\":\"2026-11-30T06:41:00.123+01:00\"}";
        assertThat(Json.mapper().readValue(iso, Stamped.class))
                .isEqualTo(JAVA_TIME_ONLY.readValue(iso, Stamped.class))
                .isEqualTo(stamped);
    }
}
