package io.chuanliu.stream.rules;

/**
 * How much of a brand's daily budget may be spent by a moment of a session: what was spent before
 * the session, plus the session's part of the rest of the day's budget in proportion to the session's
 * elapsed share, plus a burst allowance so the first minutes are not starved; never more than the
 * budget itself. A session's part is its length over that of the day's sessions still to come, itself
 * included, so an afternoon session leaves the evening's part for the evening. The
 * budget stage is one keyed operator per brand, so spend never exceeds the budget: the overspend
 * tolerance is zero impressions.
 */
public final class Pacing {

    private Pacing() {}

    /**
     * @param elapsed share of the session elapsed, 0..1 (1 when the session is unknown: no pacing, only the cap)
     * @param sessionShare the session's part of what was left of the day's budget when it began, 0..1
     *     ({@link #sessionShare}; 1 for the day's last session)
     * @param burstFraction share of the daily budget that may run ahead of the even pace
     */
    public static long allowance(
            long dailyBudget, long spentAtSessionStart, double elapsed, double sessionShare, double burstFraction) {
        return Math.min(
                dailyBudget,
                paced(dailyBudget, spentAtSessionStart, clamp(elapsed) * sessionShare)
                        + burst(dailyBudget, burstFraction));
    }

    /** What the session may have spent by its end: what was spent before it plus its part of the rest. */
    public static long sessionTarget(long dailyBudget, long spentAtSessionStart, double sessionShare) {
        return paced(dailyBudget, spentAtSessionStart, sessionShare);
    }

    /**
     * A session's part of the rest of the day's budget: its length over the length of the day's sessions from
     * it on (it and those that start later the same day).
     */
    public static double sessionShare(long sessionMillis, long laterSessionsMillis) {
        if (sessionMillis <= 0) {
            return 1;
        }
        return (double) sessionMillis / (sessionMillis + Math.max(0, laterSessionsMillis));
    }

    /**
     * Whether spend has fallen more than the burst allowance behind the even pace: then value-aware
     * pacing admits whatever comes, so that a threshold set too high (arrivals slowing towards the
     * session's end) cannot leave the budget unspent.
     */
    public static boolean isBehind(
            long dailyBudget,
            long spent,
            long spentAtSessionStart,
            double elapsed,
            double sessionShare,
            double burstFraction) {
        return spent + burst(dailyBudget, burstFraction)
                < paced(dailyBudget, spentAtSessionStart, clamp(elapsed) * sessionShare);
    }

    /** The even pace: what was spent before the session plus this share of the rest. */
    private static long paced(long dailyBudget, long spentAtSessionStart, double shareOfTheRest) {
        long remaining = Math.max(0, dailyBudget - spentAtSessionStart);
        return spentAtSessionStart + (long) Math.floor(remaining * clamp(shareOfTheRest));
    }

    private static double clamp(double share) {
        return Math.min(1, Math.max(0, share));
    }

    /** Impressions allowed ahead of the pace: at least one. */
    private static long burst(long dailyBudget, double burstFraction) {
        return Math.max(1, (long) Math.ceil(dailyBudget * burstFraction));
    }
}
