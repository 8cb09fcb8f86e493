package io.chuanliu.common.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/** The one JSON dialect of every topic: snake_case fields, unknown fields ignored, numbers strict. */
public final class EventJson {

    private static final ObjectMapper MAPPER = builder().build();

    /**
     * For input topics, where producers are not this code: a null for a whole number is refused, not
     * read as 0 ("amount_cents": null is not a free order). Jackson treats a left-out field like a null
     * here, so optional ones opt out with {@code @JsonSetter(nulls = Nulls.AS_EMPTY)}.
     */
    private static final ObjectMapper INPUT_MAPPER = builder()
            .withConfigOverride(long.class, o -> o.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.FAIL)))
            .withConfigOverride(int.class, o -> o.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.FAIL)))
            .build();

    private EventJson() {}

    /** What every mapper here shares: unknown fields ignored, no float read as an integer. */
    private static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectReader readerFor(Class<?> type) {
        return MAPPER.readerFor(type);
    }

    /** A strict reader for events from input topics (see {@link #INPUT_MAPPER}). */
    public static ObjectReader inputReaderFor(Class<?> type) {
        return INPUT_MAPPER.readerFor(type);
    }

    public static ObjectWriter writerFor(Class<?> type) {
        return MAPPER.writerFor(type);
    }

    /** Serialises any event record; records are always serialisable, so failure is a bug. */
    public static byte[] toBytes(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(
                    "cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    public static String toJson(Object event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(
                    "cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }
}
