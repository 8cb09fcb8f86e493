package io.chuanliu.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.Validator;
import java.io.IOException;
import java.io.Serializable;
import java.util.stream.Collectors;

/**
 * Turns raw bytes from a topic into a valid event, or into a one-line reason that names the field
 * and what was expected. Never throws on bad input.
 */
public final class EventParser<T extends Event> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final long maxFutureSkewMillis;
    private final EventShape shape;
    private transient ObjectReader reader;

    public EventParser(Class<T> type, long maxFutureSkewMillis) {
        this(type, maxFutureSkewMillis, EventShape.identity());
    }

    /** @param shape how the input's JSON maps onto {@code type}'s fields ({@link EventShape#identity()}: as is) */
    public EventParser(Class<T> type, long maxFutureSkewMillis, EventShape shape) {
        this.type = type;
        this.maxFutureSkewMillis = maxFutureSkewMillis;
        this.shape = shape;
    }

    public Class<T> type() {
        return type;
    }

    /**
     * The event in {@code raw}, or why there is none. Whatever the bytes, this returns: a failure of
     * the JSON library, a record's constructor or a validation rule becomes an invalid result.
     */
    public ParseResult<T> parse(byte[] raw, long nowMillis) {
        ParseResult<T> result;
        try {
            result = parseAndValidate(raw, nowMillis);
        } catch (RuntimeException | StackOverflowError e) {
            result = ParseResult.invalid(
                    "unreadable record: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        }
        if (!result.isValid() && result.reason().length() > MAX_REASON_CHARS) {
            // The JSON library's messages quote the offending value, which may be huge.
            return ParseResult.invalid(result.reason().substring(0, MAX_REASON_CHARS) + "... (reason cut)");
        }
        return result;
    }

    /** A reason names a field and what was wrong with it; longer ones are cut. */
    public static final int MAX_REASON_CHARS = 400;

    private ParseResult<T> parseAndValidate(byte[] raw, long nowMillis) {
        if (raw == null || raw.length == 0) {
            return ParseResult.invalid("empty record");
        }
        T event;
        try {
            if (shape.isIdentity()) {
                event = reader().readValue(raw);
            } else {
                EventShape.Result shaped = shape.apply(reader().readTree(raw));
                if (shaped.event() == null) {
                    return ParseResult.invalid(shaped.reason());
                }
                event = reader().readValue(shaped.event());
            }
        } catch (InvalidFormatException e) {
            return ParseResult.invalid("field '" + path(e) + "': value " + quoted(e.getValue()) + " is not a valid "
                    + e.getTargetType().getSimpleName() + expectedValues(e));
        } catch (MismatchedInputException e) {
            String message = e.getOriginalMessage();
            if (message.startsWith("Missing required creator property")) {
                return ParseResult.invalid("missing field '" + path(e) + "'");
            }
            return ParseResult.invalid("field '" + path(e) + "': " + firstLine(message));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof com.fasterxml.jackson.core.JsonParseException) {
                // Broken syntax found while binding a field, e.g. the record was cut short.
                return ParseResult.invalid(
                        "malformed JSON: " + firstLine(e.getOriginalMessage()) + " (in field '" + path(e) + "')");
            }
            return ParseResult.invalid("field '" + path(e) + "': " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            return ParseResult.invalid("malformed JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            return ParseResult.invalid("unreadable record: " + firstLine(e.getMessage()));
        }
        if (event == null) {
            return ParseResult.invalid("record is JSON null");
        }
        Validator validator = new Validator(nowMillis, maxFutureSkewMillis);
        event.validate(validator);
        return validator.isValid() ? ParseResult.valid(event) : ParseResult.invalid(validator.reason());
    }

    private ObjectReader reader() {
        if (reader == null) {
            reader = EventJson.inputReaderFor(type);
        }
        return reader;
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "$" : path;
    }

    private static String expectedValues(InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        if (target == null || !target.isEnum()) {
            return "";
        }
        return " (expected one of "
                + java.util.Arrays.stream(target.getEnumConstants())
                        .map(c -> ((Enum<?>) c).name().toLowerCase(java.util.Locale.ROOT))
                        .collect(Collectors.joining(", "))
                + ")";
    }

    /** The offending value as a reason shows it: at most {@value #MAX_ECHOED_CHARS} characters of it. */
    private static String quoted(Object value) {
        String shown = value instanceof String s ? s : String.valueOf(value);
        if (shown.length() > MAX_ECHOED_CHARS) {
            shown = shown.substring(0, MAX_ECHOED_CHARS) + "... (" + shown.length() + " characters)";
        }
        return value instanceof String ? "'" + shown + "'" : shown;
    }

    private static final int MAX_ECHOED_CHARS = 80;

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
