package io.chuanliu.stream.state;

import java.util.Arrays;

/**
 * A user's routes of one local day, for the frequency caps: how many, when the last one was, and to
 * which brands (a brand once per route). Per-user keyed state. A Flink POJO.
 */
public class RouteHistory {

    /** Local epoch day the counts belong to. */
    public long day = Long.MIN_VALUE;
    public int routes;
    public long lastRoutedAt = Long.MIN_VALUE;
    public String[] brands = new String[0];

    public RouteHistory() {}

    /**
     * The counts as of {@code today}: yesterday's counts do not carry over; the last route time does.
     * Days only move forward: a late activity from an earlier day is judged against the current day's
     * counts, so it can never zero them.
     */
    public RouteHistory on(long today) {
        if (today > day) {
            day = today;
            routes = 0;
            brands = new String[0];
        }
        return this;
    }

    public int routesTo(String brand) {
        int n = 0;
        for (String b : brands) {
            if (b.equals(brand)) {
                n++;
            }
        }
        return n;
    }

    /** Whether the last route is within the gap of {@code time}, before or after it (events may arrive out of order). */
    public boolean routedWithin(long time, long gapMillis) {
        return lastRoutedAt != Long.MIN_VALUE && Math.abs(time - lastRoutedAt) < gapMillis;
    }

    public void record(String brand, long time) {
        routes++;
        lastRoutedAt = Math.max(lastRoutedAt, time);
        brands = Arrays.copyOf(brands, brands.length + 1);
        brands[brands.length - 1] = brand;
    }
}
