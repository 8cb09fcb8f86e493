package io.chuanliu.stream.state;

import java.util.Arrays;

/**
 * A user's routes of one local day, for the frequency caps: how many, when the last one was, and to
 * which brands at which activity times (one entry per route), so that a route the budget stage
 * refused can be taken back. Per-user keyed state.
 */
public class RouteHistory {

    /** Local epoch day the counts belong to. */
    public long day = Long.MIN_VALUE;

    public int routes;
    public long lastRoutedAt = Long.MIN_VALUE;
    public String[] brands = new String[0];
    /** Activity time of each route, {@code times[i]} for {@code brands[i]}; {@link Long#MIN_VALUE} if unknown. */
    public long[] times = new long[0];
    /** The last route time before today's first route, so taking back today's routes restores it. */
    public long lastRoutedBeforeToday = Long.MIN_VALUE;

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
            times = new long[0];
            lastRoutedBeforeToday = lastRoutedAt;
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
        times = Arrays.copyOf(times, times.length + 1);
        times[times.length - 1] = time;
    }

    /**
     * Takes back today's route to {@code brand} at activity time {@code time}, if there is one: it no
     * longer counts against the caps, and the last route time falls back to the latest remaining route.
     *
     * @return whether a route was taken back (false for a duplicate refusal, or one from an earlier day)
     */
    public boolean undo(String brand, long time) {
        for (int i = brands.length - 1; i >= 0; i--) {
            if (times[i] == time && brands[i].equals(brand)) {
                brands = remove(brands, i);
                long[] t = new long[times.length - 1];
                System.arraycopy(times, 0, t, 0, i);
                System.arraycopy(times, i + 1, t, i, times.length - i - 1);
                times = t;
                routes--;
                long last = lastRoutedBeforeToday;
                for (long remaining : times) {
                    last = Math.max(last, remaining);
                }
                lastRoutedAt = last;
                return true;
            }
        }
        return false;
    }

    private static String[] remove(String[] values, int i) {
        String[] out = new String[values.length - 1];
        System.arraycopy(values, 0, out, 0, i);
        System.arraycopy(values, i + 1, out, i, values.length - i - 1);
        return out;
    }
}
