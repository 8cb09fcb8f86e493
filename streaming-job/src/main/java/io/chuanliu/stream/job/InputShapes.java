package io.chuanliu.stream.job;

import io.chuanliu.common.config.InvalidSettingException;
import io.chuanliu.common.config.Settings;
import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.common.json.EventShape;
import java.util.Map;
import java.util.TreeMap;

/** The platform's own event shapes, one per input topic, as its {@code input.*} settings map them. */
public final class InputShapes {

    private InputShapes() {}

    /**
     * The platform's own event shapes, per input: --input.&lt;input&gt;.field.&lt;field&gt;,
     * .value.&lt;field&gt;.&lt;value&gt;, .time-format, .time-zone ({@link EventShape}).
     */
    public static final String INPUT_PREFIX = "input.";

    /** The inputs a platform produces, by the name their settings use, and the event each is read as. */
    public static final Map<String, Class<?>> PLATFORM_INPUTS = Map.of(
            "expert-orders", ExpertOrder.class,
            "engagements", Engagement.class,
            "user-activity", UserActivity.class,
            "live-sessions", LiveSession.class,
            "control", ControlEvent.class);

    /** Every input's mapped shape, from the settings under {@link #INPUT_PREFIX}. */
    static Map<String, EventShape> from(Settings settings) {
        Map<String, Map<String, String>> byInput = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.under(INPUT_PREFIX).entrySet()) {
            int dot = e.getKey().indexOf('.');
            String input = dot < 0 ? e.getKey() : e.getKey().substring(0, dot);
            if (!PLATFORM_INPUTS.containsKey(input) || dot < 0) {
                throw new InvalidSettingException(
                        INPUT_PREFIX + e.getKey(),
                        "expected input.<input>.<mapping> with <input> one of "
                                + new TreeMap<>(PLATFORM_INPUTS).keySet());
            }
            byInput.computeIfAbsent(input, i -> new TreeMap<>()).put(e.getKey().substring(dot + 1), e.getValue());
        }
        Map<String, EventShape> shapes = new TreeMap<>();
        byInput.forEach((input, mapping) -> {
            try {
                shapes.put(input, EventShape.of(mapping, PLATFORM_INPUTS.get(input)));
            } catch (IllegalArgumentException ex) {
                throw new InvalidSettingException(
                        INPUT_PREFIX + input + "." + ex.getMessage().split(":", 2)[0],
                        ex.getMessage().contains(":")
                                ? ex.getMessage().split(":", 2)[1].trim()
                                : ex.getMessage());
            }
        });
        return Map.copyOf(shapes);
    }
}
