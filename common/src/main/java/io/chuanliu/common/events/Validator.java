package io.chuanliu.common.events;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the reasons an event is invalid. An event is valid when no reason was collected.
 *
 * <p>Event times are checked against a wall clock: an event from before {@link #EARLIEST_EVENT_TIME}
 * or more than {@code maxFutureSkewMillis} ahead of now is a producer bug, not a late event.
 */
public final class Validator {

    /** 2000-01-01T00:00:00Z: anything earlier is a unit mistake (seconds sent as milliseconds). */
    public static final long EARLIEST_EVENT_TIME = 946_684_800_000L;

    private final long nowMillis;
    private final long maxFutureSkewMillis;
    private final List<String> violations = new ArrayList<>(2);

    public Validator(long nowMillis, long maxFutureSkewMillis) {
        this.nowMillis = nowMillis;
        this.maxFutureSkewMillis = maxFutureSkewMillis;
    }

    public Validator notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            violations.add("missing field '" + field + "'");
        }
        return this;
    }

    /** For a required field whose type has no blank value, e.g. an enum sent as JSON {@code null}. */
    public Validator present(String field, Object value) {
        if (value == null) {
            violations.add("missing field '" + field + "'");
        }
        return this;
    }

    /** A time that is not an event's own time, e.g. a session's end: epoch milliseconds after 2000. */
    public Validator epochMillis(String field, long value) {
        if (value < EARLIEST_EVENT_TIME) {
            violations.add("field '" + field + "' " + value + " is before 2000-01-01: expected epoch milliseconds");
        }
        return this;
    }

    public Validator nonNegative(String field, long value) {
        if (value < 0) {
            violations.add("field '" + field + "' must not be negative, got " + value);
        }
        return this;
    }

    public Validator positive(String field, long value) {
        if (value <= 0) {
            violations.add("field '" + field + "' must be positive, got " + value);
        }
        return this;
    }

    public Validator score(String field, Double value) {
        if (value != null && (value.isNaN() || value < 0 || value > 100)) {
            violations.add("field '" + field + "' must be a score in 0..100, got " + value);
        }
        return this;
    }

    public Validator eventTime(long eventTime) {
        if (eventTime < EARLIEST_EVENT_TIME) {
            violations.add("event_time " + eventTime + " is before 2000-01-01: expected epoch milliseconds");
        } else if (eventTime > nowMillis + maxFutureSkewMillis) {
            violations.add("event_time " + eventTime + " is " + (eventTime - nowMillis) / 1000
                    + " s in the future (at most " + maxFutureSkewMillis / 1000 + " s allowed)");
        }
        return this;
    }

    public Validator check(boolean condition, String violation) {
        if (!condition) {
            violations.add(violation);
        }
        return this;
    }

    public boolean isValid() {
        return violations.isEmpty();
    }

    /** All violations joined, or the empty string for a valid event. */
    public String reason() {
        return String.join("; ", violations);
    }
}
