package io.chuanliu.stream.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The platform's local days, the one definition that caps, budgets, quiet hours and per-brand
 * stats share. Asked on every eligible activity, so by offset arithmetic, without date objects.
 */
public final class LocalDays {

    static final long DAY_MILLIS = 86_400_000L;

    private LocalDays() {}

    /** The local day of an instant in {@code zone}, as an epoch day. */
    public static long of(ZoneId zone, long epochMillis) {
        return Math.floorDiv(localMillis(zone, epochMillis), DAY_MILLIS);
    }

    /** Milliseconds since the local midnight of the instant's day in {@code zone}. */
    static long millisOfDay(ZoneId zone, long epochMillis) {
        return Math.floorMod(localMillis(zone, epochMillis), DAY_MILLIS);
    }

    /** The instant the local day {@code epochDay} begins in {@code zone}. */
    public static long start(ZoneId zone, long epochDay) {
        return LocalDate.ofEpochDay(epochDay).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** Epoch millis shifted by the zone's offset at that instant. */
    private static long localMillis(ZoneId zone, long epochMillis) {
        return epochMillis
                + zone.getRules().getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds() * 1000L;
    }
}
