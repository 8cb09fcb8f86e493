package io.chuanliu.common.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a platform's own JSON maps onto one event type, so the job reads the platform's topics as
 * they are, as training maps any CSV's columns. Settings, all optional (relative to one input,
 * e.g. {@code input.user-activity.}):
 *
 * <ul>
 *   <li>{@code field.<ours>=<theirs>}: the event's field {@code ours} is the input's {@code theirs},
 *       a dotted path for nested objects ({@code payload.uid}); unmapped fields keep their names;</li>
 *   <li>{@code value.<ours>.<theirs>=<ours value>}: a value of a field (an enum, e.g.
 *       {@code value.kind.fav=like}), compared ignoring case;</li>
 *   <li>{@code time-format}: of every {@code *_time} field, {@code epoch_ms} (the default),
 *       {@code epoch_s}, {@code iso} (an ISO-8601 instant or offset date-time) or a
 *       {@link DateTimeFormatter} pattern read in {@code time-zone} (default UTC).</li>
 * </ul>
 *
 * A record the shape cannot apply to (not an object, a time that does not parse) becomes a reason,
 * never an exception, so it goes to the dead letters like any other invalid record.
 */
public final class EventShape implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String EPOCH_MS = "epoch_ms";

    private final Map<String, String> fields;
    private final Map<String, Map<String, String>> values;
    private final String timeFormat;
    private final String timeZone;
    private transient DateTimeFormatter formatter;

    private EventShape(
            Map<String, String> fields, Map<String, Map<String, String>> values, String timeFormat, String timeZone) {
        this.fields = fields;
        this.values = values;
        this.timeFormat = timeFormat;
        this.timeZone = timeZone;
    }

    /** The event's own JSON: nothing renamed or converted. */
    public static EventShape identity() {
        return new EventShape(Map.of(), Map.of(), EPOCH_MS, "UTC");
    }

    /**
     * @param settings the input's settings with their prefix removed ({@code field.user -> uid}, ...)
     * @param type the event record the input is read as: mapped fields must be its fields
     * @throws IllegalArgumentException naming the setting and what to write instead
     */
    public static EventShape of(Map<String, String> settings, Class<?> type) {
        List<String> known = fieldNames(type);
        Map<String, String> fields = new TreeMap<>();
        Map<String, Map<String, String>> values = new TreeMap<>();
        String timeFormat = EPOCH_MS;
        String timeZone = "UTC";
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            String value = e.getValue().trim();
            if (key.startsWith("field.")) {
                String ours = requireField(key, key.substring("field.".length()), known);
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(
                            key + ": expected the input's field name (a dotted path for nested ones)");
                }
                fields.put(ours, value);
            } else if (key.startsWith("value.")) {
                String rest = key.substring("value.".length());
                int dot = rest.indexOf('.');
                if (dot <= 0 || dot == rest.length() - 1) {
                    throw new IllegalArgumentException(
                            key + ": expected value.<field>.<input value>=<event value>, e.g. value.kind.fav=like");
                }
                String ours = requireField(key, rest.substring(0, dot), known);
                values.computeIfAbsent(ours, f -> new TreeMap<>())
                        .put(rest.substring(dot + 1).toLowerCase(Locale.ROOT), value);
            } else if (key.equals("time-format")) {
                timeFormat = value;
            } else if (key.equals("time-zone")) {
                timeZone = value;
            } else {
                throw new IllegalArgumentException(
                        key + ": unknown; an input takes field.<field>, value.<field>.<value>, "
                                + "time-format and time-zone");
            }
        }
        EventShape shape = new EventShape(Map.copyOf(fields), copy(values), timeFormat, timeZone);
        try {
            ZoneId.of(timeZone);
            shape.formatter();
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("time-format: '" + timeFormat + "' in time-zone '" + timeZone
                    + "' is not usable (" + ex.getMessage()
                    + "); time-format is epoch_ms, epoch_s, iso or a pattern such as yyyy-MM-dd HH:mm:ss");
        }
        return shape;
    }

    public boolean isIdentity() {
        return fields.isEmpty() && values.isEmpty() && timeFormat.equals(EPOCH_MS);
    }

    /** The event's JSON names of a record type (its {@link JsonProperty} names). */
    public static List<String> fieldNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " is not a record");
        }
        for (RecordComponent c : components) {
            // @JsonProperty does not target record components: Java puts it on the component's field.
            JsonProperty p;
            try {
                p = type.getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException(e);
            }
            names.add(p != null && !p.value().isEmpty() ? p.value() : c.getName());
        }
        return names;
    }

    /**
     * The input's object in the event's shape, or a reason it cannot be. The input is reshaped in
     * place (it is the tree the parser read for this one record), not copied.
     */
    public Result apply(JsonNode input) {
        if (input == null || !input.isObject()) {
            return new Result(null, "record is not a JSON object");
        }
        ObjectNode out = (ObjectNode) input;
        // Read every mapped field before any is moved, so mappings that swap two names both see the input.
        Map<String, JsonNode> moved = new LinkedHashMap<>();
        fields.forEach((ours, theirs) -> moved.put(ours, at(input, theirs)));
        fields.values().stream().filter(theirs -> !theirs.contains(".")).forEach(out::remove);
        moved.forEach((ours, node) -> {
            if (node == null) {
                out.remove(ours); // missing: the parser names the field
            } else {
                out.set(ours, node);
            }
        });
        for (Map.Entry<String, Map<String, String>> e : values.entrySet()) {
            JsonNode node = out.get(e.getKey());
            if (node != null && node.isValueNode() && !node.isNull()) {
                String mapped = e.getValue().get(node.asText().toLowerCase(Locale.ROOT));
                if (mapped != null) {
                    out.put(e.getKey(), mapped);
                }
            }
        }
        if (!timeFormat.equals(EPOCH_MS)) {
            List<String> names = new ArrayList<>();
            out.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (name.endsWith("_time") && !out.get(name).isNull()) {
                    JsonNode time = out.get(name);
                    Long millis = millis(time);
                    if (millis == null) {
                        return new Result(
                                null,
                                "field '" + name + "': " + quoted(time) + " is not a time in format " + timeFormat
                                        + (fields.containsKey(name)
                                                ? " (input field '" + fields.get(name) + "')"
                                                : ""));
                    }
                    out.put(name, millis);
                }
            }
        }
        return new Result(out, null);
    }

    /** {@link #apply}'s outcome: the shaped object, or why there is none. */
    public record Result(ObjectNode event, String reason) {}

    private Long millis(JsonNode time) {
        try {
            switch (timeFormat) {
                case "epoch_s":
                    if (time.isNumber()) {
                        return Math.round(time.asDouble() * 1000);
                    }
                    return time.isTextual()
                            ? Math.round(Double.parseDouble(time.asText().trim()) * 1000)
                            : null;
                case "iso": {
                    if (!time.isTextual()) {
                        return null;
                    }
                    String text = time.asText().trim();
                    try {
                        return Instant.parse(text).toEpochMilli();
                    } catch (DateTimeParseException e) {
                        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
                    }
                }
                default:
                    if (!time.isTextual()) {
                        return null;
                    }
                    return LocalDateTime.parse(time.asText().trim(), formatter())
                            .atZone(ZoneId.of(timeZone))
                            .toInstant()
                            .toEpochMilli();
            }
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private DateTimeFormatter formatter() {
        if (formatter == null && !List.of(EPOCH_MS, "epoch_s", "iso").contains(timeFormat)) {
            formatter = DateTimeFormatter.ofPattern(timeFormat, Locale.ROOT);
        }
        return formatter;
    }

    private static JsonNode at(JsonNode input, String path) {
        JsonNode node = input;
        for (String part : path.split("\\.")) {
            node = node == null || !node.isObject() ? null : node.get(part);
        }
        return node;
    }

    private static String requireField(String key, String ours, List<String> known) {
        if (!known.contains(ours)) {
            throw new IllegalArgumentException(
                    key + ": the event has no field '" + ours + "'; its fields are " + known);
        }
        return ours;
    }

    private static Map<String, Map<String, String>> copy(Map<String, Map<String, String>> values) {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        return Map.copyOf(copy);
    }

    private static String quoted(JsonNode node) {
        String text = node.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
