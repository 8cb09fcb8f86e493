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
        return Math.min(
                dailyBudget, paced(dailyBudget, spentAtSessionStart, elapsed) + burst(dailyBudget, burstFraction));
    }

    /**
     * Whether spend has fallen more than the burst allowance behind the even pace: then value-aware
     * pacing admits whatever comes, so that a threshold set too high (arrivals slowing towards the
     * session's end) cannot leave the budget unspent.
     */
    public static boolean isBehind(
            long dailyBudget, long spent, long spentAtSessionStart, double elapsed, double burstFraction) {
        return spent + burst(dailyBudget, burstFraction) < paced(dailyBudget, spentAtSessionStart, elapsed);
    }

    /** The even pace: what was spent before the session plus the rest in proportion to the session elapsed. */
    private static long paced(long dailyBudget, long spentAtSessionStart, double elapsed) {
        long remaining = Math.max(0, dailyBudget - spentAtSessionStart);
        return spentAtSessionStart + (long) Math.floor(remaining * Math.min(1, Math.max(0, elapsed)));
    }

    /** Impressions allowed ahead of the pace: at least one. */
    private static long burst(long dailyBudget, double burstFraction) {
        return Math.max(1, (long) Math.ceil(dailyBudget * burstFraction));
    }
}
