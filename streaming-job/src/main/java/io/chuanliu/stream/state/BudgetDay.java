package io.chuanliu.stream.state;

/**
 * A brand's spend of one local day: routed impressions so far, and how much had been spent when the
 * session now being paced began. Brand-keyed state of the budget stage. A Flink POJO.
 */
public class BudgetDay {

    public long day = Long.MIN_VALUE;
    public long spent;
    public String sessionId;
    public long spentAtSessionStart;
    /** Proposals of the session now being paced, routed or held out, admitted or not. */
    public long seenInSession;
    /** Recent arrival rate of the session's proposals, per unit of session ({@code ValuePacing.rateAfter}). */
    public double recentRate;
    /** Share of the session elapsed at the latest proposal counted into {@link #recentRate}. */
    public double rateElapsed;
    /** The day's proposal scores per {@code ValuePacing} bin (value-aware pacing only). */
    public long[] scores = new long[0];

    public BudgetDay() {}

    /**
     * The spend as of {@code today}: a new day starts from zero. Days only move forward: a late
     * proposal from an earlier day counts against the current day, never resets it.
     */
    public BudgetDay on(long today) {
        if (today > day) {
            day = today;
            spent = 0;
            sessionId = null;
            spentAtSessionStart = 0;
            seenInSession = 0;
            recentRate = 0;
            rateElapsed = 0;
            scores = new long[0];
        }
        return this;
    }

    /** Starts pacing a session the first time one of its routes is asked for. */
    public void pacing(String session) {
        if (!session.equals(sessionId)) {
            sessionId = session;
            spentAtSessionStart = spent;
            seenInSession = 0;
            recentRate = 0;
            rateElapsed = 0;
        }
    }
}
