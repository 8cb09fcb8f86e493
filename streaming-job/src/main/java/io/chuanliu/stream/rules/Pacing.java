package io.chuanliu.stream.rules;

/**
 * How much of a brand's daily budget may be spent by a moment of a session: what was spent before
 * the session, plus the rest of the day's budget in proportion to the session's elapsed share, plus
 * a burst allowance so the first minutes are not starved; never more than the budget itself. The
 * budget stage is one keyed operator per brand, so spend never exceeds the budget: the overspend
 * tolerance is zero impressions.
 */
public final class Pacing {

    private Pacing() {}

    /**
     * @param elapsed share of the session elapsed, 0..1 (1 when the session is unknown: no pacing, only the cap)
     * @param burstFraction share of the daily budget that may run ahead of the even pace
     */
    public static long allowance(long dailyBudget, long spentAtSessionStart, double elapsed, double burstFraction) {
        long remaining = Math.max(0, dailyBudget - spentAtSessionStart);
        long paced = spentAtSessionStart + (long) Math.floor(remaining * Math.min(1, Math.max(0, elapsed)));
        long burst = Math.max(1, (long) Math.ceil(dailyBudget * burstFraction));
        return Math.min(dailyBudget, paced + burst);
    }
}
