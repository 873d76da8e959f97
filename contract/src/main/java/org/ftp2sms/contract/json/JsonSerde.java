package org.ftp2sms.contract.json;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.lang.reflect.Modifier;

/** A Kafka serde for one event record type, in the JSON dialect of {@link Json}. Null stays null (tombstones). */
public final class JsonSerde<T> implements Serde<T> {
    private final Class<T> type;
    /** Bound to the type once, so that no record pays the look-up of its root serializer and deserializer. */
    private final ObjectWriter writer;

    private final ObjectReader reader;

    private JsonSerde(Class<T> type) {
        this.type = type;
        // A type that can have subtypes is written by the value's own class, as the mapper does.
        this.writer = Modifier.isFinal(type.getModifiers())
                ? Json.mapper().writerFor(type)
                : Json.mapper().writer();
        this.reader = Json.mapper().readerFor(type);
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return writer.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new SerializationException("cannot write " + type.getSimpleName() + " for " + topic, e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return reader.readValue(bytes);
            } catch (IOException e) {
                throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic, e);
            }
        };
    }
}
