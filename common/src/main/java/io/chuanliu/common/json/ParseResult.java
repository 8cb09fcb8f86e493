package io.chuanliu.common.json;

import java.util.Objects;

/** Either a valid event or the reason the raw bytes could not become one. */
public final class ParseResult<T> {

    private final T event;
    private final String reason;

    private ParseResult(T event, String reason) {
        this.event = event;
        this.reason = reason;
    }

    public static <T> ParseResult<T> valid(T event) {
        return new ParseResult<>(Objects.requireNonNull(event), null);
    }

    public static <T> ParseResult<T> invalid(String reason) {
        return new ParseResult<>(null, Objects.requireNonNull(reason));
    }

    public boolean isValid() {
        return event != null;
    }

    /** The event; only for a valid result. */
    public T event() {
        if (event == null) {
            throw new IllegalStateException("invalid event has no value: " + reason);
        }
        return event;
    }

    /** Why the input was rejected; only for an invalid result. */
    public String reason() {
        if (reason == null) {
            throw new IllegalStateException("valid event has no rejection reason");
        }
        return reason;
    }

    @Override
    public String toString() {
        return isValid() ? "valid(" + event + ")" : "invalid(" + reason + ")";
    }
}
