package io.chuanliu.generator.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chuanliu.common.json.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hostile variants of valid events, for fuzzing whatever reads the input topics: every field set to
 * JSON null or to a value of the wrong type, huge strings, deep nesting, invalid UTF-8, tombstones,
 * truncations, bit flips, absurd times, duplicated keys and records. Deterministic for a seed.
 *
 * <p>Some variants stay valid (a duplicate, a bit flip inside a name): a reader must accept those
 * and reject the rest with a reason, never fail.
 */
public final class HostileRecords {

    /** The ways a record is broken, one per generated record. */
    public enum Mutation {
        NULL_FIELD,
        WRONG_TYPE,
        HUGE_STRING,
        DEEP_NESTING,
        INVALID_UTF8,
        TOMBSTONE,
        TRUNCATED,
        BIT_FLIPS,
        ABSURD_TIME,
        DUPLICATE_KEY,
        DUPLICATE_RECORD,
        NOT_AN_OBJECT,
        RANDOM_BYTES,
        HUGE_NUMBER
    }

    /** One generated record: its value is null for a tombstone. */
    public record Hostile(Mutation mutation, byte[] value) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long[] ABSURD_TIMES = {
        Long.MAX_VALUE, Long.MIN_VALUE, -1, 0, 1_700_000_000L, 253_402_300_800_000L
    };

    private final SplittableRandom random;
    private final int hugeBytes;

    /**
     * @param hugeBytes size of a "huge" string; a little over 1 MB tests what Kafka itself refuses,
     *     600 KB what it accepts but a dead letter must not echo
     */
    public HostileRecords(long seed, int hugeBytes) {
        this.random = new SplittableRandom(seed);
        this.hugeBytes = hugeBytes;
    }

    /** A hostile variant of {@code validJson} (one valid event's JSON object), by a random mutation. */
    public Hostile next(byte[] validJson) {
        Mutation[] all = Mutation.values();
        return next(validJson, all[random.nextInt(all.length)]);
    }

    public Hostile next(byte[] validJson, Mutation mutation) {
        return new Hostile(
                mutation,
                switch (mutation) {
                    case TOMBSTONE -> null;
                    case TRUNCATED -> Arrays.copyOf(validJson, random.nextInt(validJson.length));
                    case BIT_FLIPS -> flipBits(validJson);
                    case RANDOM_BYTES -> randomBytes(1 + random.nextInt(200));
                    case NOT_AN_OBJECT ->
                        pick("null", "[]", "\"\"", "42", "true", " ", "{}", "[{}]", "{\"a\":")
                                .getBytes(StandardCharsets.UTF_8);
                    case DEEP_NESTING -> withNesting(validJson, 2_000 + random.nextInt(20_000));
                    case INVALID_UTF8 -> invalidUtf8(validJson);
                    case DUPLICATE_RECORD -> validJson.clone();
                    case DUPLICATE_KEY -> duplicateKey(validJson);
                    default -> mutateField(validJson, mutation);
                });
    }

    private byte[] mutateField(byte[] validJson, Mutation mutation) {
        ObjectNode node = object(validJson);
        String field = pickField(node, mutation == Mutation.ABSURD_TIME);
        switch (mutation) {
            case NULL_FIELD -> node.putNull(field);
            case WRONG_TYPE -> node.set(field, wrongType(node.get(field)));
            case HUGE_STRING -> node.put(field, "x".repeat(hugeBytes));
            case ABSURD_TIME -> node.put(field, ABSURD_TIMES[random.nextInt(ABSURD_TIMES.length)]);
            case HUGE_NUMBER -> node.set(field, NODES.numberNode(new java.math.BigDecimal("9".repeat(30) + "e400")));
            default -> throw new IllegalArgumentException("not a field mutation: " + mutation);
        }
        return EventJson.toBytes(node);
    }

    /** A field of the event; for times, one whose name ends in _time or _at if there is one. */
    private String pickField(ObjectNode node, boolean time) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        if (time) {
            List<String> times = names.stream()
                    .filter(n -> n.endsWith("_time") || n.endsWith("_at"))
                    .toList();
            if (!times.isEmpty()) {
                return times.get(random.nextInt(times.size()));
            }
        }
        return names.isEmpty() ? "event_time" : names.get(random.nextInt(names.size()));
    }

    private JsonNode wrongType(JsonNode value) {
        if (value != null && value.isTextual()) {
            return this.<JsonNode>pick(
                    NODES.numberNode(random.nextLong()),
                    NODES.booleanNode(true),
                    NODES.objectNode().put("a", 1),
                    NODES.arrayNode().add("x"));
        }
        if (value != null && value.isNumber()) {
            return this.<JsonNode>pick(
                    NODES.textNode("yesterday"),
                    NODES.numberNode(1.5e300),
                    NODES.numberNode(0.5),
                    NODES.arrayNode(),
                    NODES.booleanNode(false));
        }
        return this.<JsonNode>pick(
                NODES.textNode("x"),
                NODES.numberNode(7),
                NODES.objectNode(),
                NODES.arrayNode().addNull());
    }

    /** An unknown field nested {@code depth} arrays deep, written by hand: Jackson's writer refuses such depth. */
    private static byte[] withNesting(byte[] validJson, int depth) {
        String json = new String(validJson, StandardCharsets.UTF_8);
        String nested = "[".repeat(depth) + "\"bottom\"" + "]".repeat(depth);
        return ("{\"deep\":" + nested + "," + json.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] invalidUtf8(byte[] validJson) {
        byte[] bad = pick(
                new byte[] {(byte) 0xC3, 0x28},
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
        // Inside the first string value: after the first ":" and its opening quote.
        String json = new String(validJson, StandardCharsets.UTF_8);
        int at = json.indexOf(":\"");
        int insert = at < 0 ? validJson.length / 2 : at + 2;
        byte[] out = new byte[validJson.length + bad.length];
        System.arraycopy(validJson, 0, out, 0, insert);
        System.arraycopy(bad, 0, out, insert, bad.length);
        System.arraycopy(validJson, insert, out, insert + bad.length, validJson.length - insert);
        return out;
    }

    private byte[] duplicateKey(byte[] validJson) {
        ObjectNode node = object(validJson);
        String field = pickField(node, false);
        String json = new String(validJson, StandardCharsets.UTF_8);
        return ("{\"" + field + "\":null," + json.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] flipBits(byte[] validJson) {
        byte[] out = validJson.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }

    private static ObjectNode object(byte[] validJson) {
        try {
            return (ObjectNode) EventJson.mapper().readTree(validJson);
        } catch (IOException e) {
            throw new UncheckedIOException("not a valid event to start from", e);
        }
    }

    @SafeVarargs
    private <X> X pick(X... options) {
        return options[random.nextInt(options.length)];
    }
}
