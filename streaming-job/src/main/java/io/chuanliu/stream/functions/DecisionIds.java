package io.chuanliu.stream.functions;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Deterministic decision ids: the same activity routed to the same session always gets the same id. */
public final class DecisionIds {

    private DecisionIds() {}

    public static String of(String user, String brand, String sessionId, long activityTime) {
        String name = user + '|' + brand + '|' + sessionId + '|' + activityTime;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
