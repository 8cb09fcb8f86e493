package io.chuanliu.generator.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chuanliu.common.json.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * The ways producers break events in practice, applied to a valid event's JSON: cut short, a field
 * missing, an unknown enum value, a negative amount, a timestamp far in the future.
 *
 * <p>"Far in the future" is a century ahead: the parser judges event times against the wall clock,
 * and a market's dates are fixed, so a corruption only days ahead of the market stops being in the
 * future once the calendar passes it (30 days was, from 2026-11-28 on, and those events parsed).
 */
final class Corruptions {

    private static final long A_CENTURY = 100L * 365 * 24 * 3_600_000L;

    private Corruptions() {}

    static String corrupt(String json, SplittableRandom random) {
        int kind = random.nextInt(5);
        if (kind == 0) {
            return json.substring(0, json.length() / 2);
        }
        ObjectNode node;
        try {
            node = (ObjectNode) EventJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        switch (kind) {
            case 1 -> node.remove(node.has("user") ? "user" : "brand");
            case 2 -> {
                String enumField = node.has("channel") ? "channel" : node.has("kind") ? "kind" : "status";
                if (node.has(enumField)) {
                    node.put(enumField, "teleshopping");
                } else {
                    node.remove("event_time");
                }
            }
            case 3 -> {
                if (node.has("amount_cents")) {
                    node.put("amount_cents", -node.get("amount_cents").asLong());
                } else {
                    node.put("event_time", "yesterday");
                }
            }
            default -> node.put("event_time", node.path("event_time").asLong() + A_CENTURY);
        }
        return node.toString();
    }
}
