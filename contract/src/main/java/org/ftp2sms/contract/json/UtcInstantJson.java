package org.ftp2sms.contract.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.time.Instant;

/**
 * Wraps the java.time module's {@link Instant} serializer and deserializer with {@link UtcInstantText}: the usual
 * ISO-8601 UTC text is written and read directly, anything else (numbers, other spellings, a property with its own
 * {@code @JsonFormat}, timestamps turned on) goes to the wrapped one. The JSON is the same to the byte: only the
 * cost changes.
 */
final class UtcInstantJson {
    private UtcInstantJson() {}

    /** To register after {@code JavaTimeModule}, whose Instant serializer and deserializer it wraps. */
    static Module module() {
        SimpleModule module = new SimpleModule("ftp2sms-utc-instants");
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifySerializer(
                    SerializationConfig config, BeanDescription description, JsonSerializer<?> serializer) {
                return description.getBeanClass() == Instant.class
                        ? new Writer((JsonSerializer<Instant>) serializer)
                        : serializer;
            }
        });
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonDeserializer<?> modifyDeserializer(
                    DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == Instant.class
                        ? new Reader((JsonDeserializer<Instant>) deserializer)
                        : deserializer;
            }
        });
        return module;
    }

    /** Whether a property leaves Instants to the default text (no {@code @JsonFormat} of its own). */
    private static boolean defaultFormat(JsonFormat.Value format) {
        return format == null || format.equals(JsonFormat.Value.empty());
    }

    private static final class Writer extends StdSerializer<Instant> implements ContextualSerializer {
        private final JsonSerializer<Instant> general;

        Writer(JsonSerializer<Instant> general) {
            super(Instant.class);
            this.general = general;
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (!provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                char[] text = new char[30];
                int length = UtcInstantText.write(value, text);
                if (length > 0) {
                    generator.writeString(text, 0, length);
                    return;
                }
            }
            general.serialize(value, generator, provider);
        }

        @Override
        @SuppressWarnings("unchecked")
        public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property)
                throws JsonMappingException {
            JsonSerializer<?> contextual =
                    general instanceof ContextualSerializer c ? c.createContextual(provider, property) : general;
            if (!defaultFormat(findFormatOverrides(provider, property, Instant.class))) {
                return contextual;
            }
            return contextual == general ? this : new Writer((JsonSerializer<Instant>) contextual);
        }

        @Override
        public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType type)
                throws JsonMappingException {
            general.acceptJsonFormatVisitor(visitor, type);
        }
    }

    private static final class Reader extends StdScalarDeserializer<Instant> implements ContextualDeserializer {
        private final JsonDeserializer<Instant> general;

        Reader(JsonDeserializer<Instant> general) {
            super(Instant.class);
            this.general = general;
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant instant = UtcInstantText.parse(parser.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return general.deserialize(parser, context);
        }

        @Override
        @SuppressWarnings("unchecked")
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> contextual =
                    general instanceof ContextualDeserializer c ? c.createContextual(context, property) : general;
            if (!defaultFormat(findFormatOverrides(context, property, Instant.class))) {
                return contextual;
            }
            return contextual == general ? this : new Reader((JsonDeserializer<Instant>) contextual);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.DateTime;
        }
    }
}
