package io.chuanliu.stream.rules;

import java.io.Serializable;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * Local hours in which no user is routed, written {@code HH:mm-HH:mm} (end exclusive; may wrap past
 * midnight, e.g. {@code 23:00-07:00}) or {@code none}.
 */
public record QuietHours(LocalTime start, LocalTime end) implements Serializable {

    public static final QuietHours NONE = new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

    public static QuietHours parse(String text) {
        String s = text.trim();
        if (s.equalsIgnoreCase("none")) {
            return NONE;
        }
        String[] parts = s.split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected HH:mm-HH:mm");
        }
        try {
            return new QuietHours(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected HH:mm-HH:mm", e);
        }
    }

    public boolean contains(LocalTime time) {
        return containsMillisOfDay(time.toNanoOfDay() / 1_000_000);
    }

    /** Whether a local time, as milliseconds after midnight, is quiet. */
    public boolean containsMillisOfDay(long millisOfDay) {
        long from = start.toNanoOfDay() / 1_000_000;
        long to = end.toNanoOfDay() / 1_000_000;
        if (from == to) {
            return false;
        }
        return from < to ? millisOfDay >= from && millisOfDay < to : millisOfDay >= from || millisOfDay < to;
    }

    @Override
    public String toString() {
        return this.equals(NONE) ? "none" : start + "-" + end;
    }
}
