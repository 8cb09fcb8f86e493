package io.chuanliu.stream.rules;

/**
 * Value-aware pacing: within the even pace of {@link Pacing}, spend what is left of a brand's day
 * on the proposals with the highest scores (the served ranker's purchase probability, or the touch
 * strength without a model) instead of on the first that come. The budget stage keeps, per brand and
 * day, a histogram of the values of the proposals it has seen, how many arrived in the current
 * session and their recent rate. From these it expects how many more will arrive before the session
 * ends and admits a proposal only if its value is in the top share that the remaining budget can pay for:
 *
 * <pre>
 *   rate      = proposals per unit of session, decaying with time constant {@value #TAU} of the session
 *   expected  = rate x (1 - elapsed)                 (seen x (1 - elapsed) / elapsed before {@value #TAU})
 *   share     = (budget - spent) / expected          (admit all when >= 1)
 *   threshold = lowest value bin whose tail holds at most that share of the day's values
 * </pre>
 *
 * The recent rate, not the session's average, because proposals are front-loaded: each eligible user is
 * proposed at their first activity in the session and, once routed, held back by the caps, so on the demo's
 * market a session's last quarter brings a third of the proposals of its first. Expected at the average
 * rate, the threshold is set too high early and the budget is spent late on whatever comes.
 *
 * The histogram has ten bins per decade from 10^-4 to 1, so its state is {@value #BINS} numbers per
 * budgeted brand. Until {@value #WARM_UP} proposals of a session have been seen every proposal
 * passes, because the pace's burst allowance bounds the start; and every proposal passes while spend
 * is more than the burst, and at least {@link #BEHIND_SLACK} of the budget, behind the even pace
 * ({@link Pacing#isBehind}), so a threshold set too high cannot leave the budget unspent.
 * Never-overspend does not depend on this class: the budget stage refuses at the cap and at the
 * pace allowance first.
 */
public final class ValuePacing {

    public static final int BINS = 40;
    /**
     * Share of the daily budget by which spend may fall behind the even pace before every proposal passes
     * ({@link Pacing#isBehind} with at least this burst). Daily budgets are often a few dozen routes, where the
     * pace's own burst is one route: falling one route behind would then admit first-come most of the time.
     */
    public static final double BEHIND_SLACK = 0.15;

    static final int WARM_UP = 20;
    /** Time constant of the recent arrival rate, as a share of the session. */
    static final double TAU = 0.1;

    private static final double LOWEST = 1e-4;

    private ValuePacing() {}

    /** The histogram bin of a score: 0 for 10^-4 and below, {@code BINS - 1} for 1 and above. */
    public static int bin(double score) {
        if (!(score > LOWEST)) {
            return 0;
        }
        int b = (int) Math.floor(Math.log10(score / LOWEST) * BINS / 4);
        return Math.min(BINS - 1, Math.max(0, b));
    }

    /**
     * The recent arrival rate after one more proposal at {@code elapsed}: proposals per unit of session,
     * each counting {@code 1 / TAU} and decaying by {@code exp(-dt / TAU)}; an out-of-order proposal does
     * not turn the clock back.
     */
    public static double rateAfter(double rate, double lastElapsed, double elapsed) {
        double dt = Math.max(0, elapsed - lastElapsed);
        return rate * Math.exp(-dt / TAU) + 1 / TAU;
    }

    /** How many proposals the rest of the session is expected to bring. */
    public static double expectedArrivals(double rate, long seenInSession, double elapsed) {
        if (elapsed < TAU) {
            return seenInSession * (1 - elapsed) / Math.max(elapsed, 1e-9);
        }
        return rate * (1 - elapsed);
    }

    /**
     * Whether a proposal whose value falls in {@code bin} is among the best the rest of the budget
     * can pay for.
     *
     * @param histogram the day's proposal values per bin, this proposal not yet counted
     * @param seenInSession proposals of the current session so far, this one not counted
     * @param elapsed share of the session elapsed at this proposal, 0..1
     * @param expected proposals the rest of the session is expected to bring ({@link #expectedArrivals})
     * @param remainingBudget routes the session has left of its part of the day's budget ({@link Pacing#sessionTarget})
     */
    public static boolean admits(
            long[] histogram, long seenInSession, double elapsed, double expected, long remainingBudget, int bin) {
        if (seenInSession < WARM_UP || elapsed <= 0 || elapsed >= 1) {
            return true;
        }
        double share = remainingBudget / Math.max(1.0, expected);
        if (share >= 1) {
            return true;
        }
        long total = 0;
        for (long count : histogram) {
            total += count;
        }
        double allowed = share * total;
        long tail = 0;
        int threshold = BINS;
        for (int b = BINS - 1; b >= 0; b--) {
            if (tail + histogram[b] > allowed) {
                break;
            }
            tail += histogram[b];
            threshold = b;
        }
        // Even when the top bin alone holds more than the share, its proposals are the best there are.
        return bin >= Math.min(threshold, topNonEmpty(histogram));
    }

    private static int topNonEmpty(long[] histogram) {
        for (int b = BINS - 1; b >= 0; b--) {
            if (histogram[b] > 0) {
                return b;
            }
        }
        return 0;
    }
}
