package io.chuanliu.stream.state;

import java.util.Arrays;

/**
 * A brand's spend of one local day, in all and per session: for each session of the day, when it
 * starts, what it has spent, how many of its proposals were seen, their recent rate and how far into
 * the session its proposals have reached. Brand-keyed state of the budget stage. A Flink POJO
 * (parallel arrays, one entry per session, so that no field needs Kryo).
 *
 * <p>Each session keeps its own pace because a brand's proposals come from several per-user subtasks,
 * each at its own point in event time: during a catch-up one may still deliver the afternoon session
 * while another is already in the evening's. A session's pace is measured against what the day's
 * earlier sessions have spent ({@link #spentBefore}), which is what it would be in event-time order
 * once they are over. For the same reason a session's clock only moves forward: a late proposal is
 * judged at the latest moment of its session the brand has seen, as the proposals around it are.
 */
public class BudgetDay {

    /** Sessions of one day a brand keeps a pace for; past that the earliest is folded into {@link #spentDropped}. */
    public static final int MAX_SESSIONS = 8;

    public long day = Long.MIN_VALUE;
    /** Routes of the day, all sessions. */
    public long spent;
    /** Spend of sessions dropped past {@link #MAX_SESSIONS}, all earlier than those kept. */
    public long spentDropped;
    /** The day's sessions with a pace, in the order their pacing began; the arrays below follow this order. */
    public String[] sessionIds = new String[0];
    /** When each session starts (event time), which orders them within the day. */
    public long[] starts = new long[0];
    /** Routes of each session. */
    public long[] spentIn = new long[0];
    /** Proposals of each session so far, routed or held out, admitted or not. */
    public long[] seen = new long[0];
    /**
     * Recent arrival rate of each session's proposals, per unit of session ({@code ValuePacing.rateAfter}). Not
     * {@code recentRate}: that was one double before sessions kept their own pace, and a POJO field may not change
     * its type across a savepoint.
     */
    public double[] recentRates = new double[0];
    /** The latest share of each session elapsed at one of its proposals: the session's clock. */
    public double[] clock = new double[0];
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
            spentDropped = 0;
            forgetSessions();
            scores = new long[0];
        } else if (sessionIds == null) { // the per-session fields came together: one is null, all are
            // Written before sessions kept their own pace: the day's spend so far counts as its earlier sessions'.
            spentDropped = spent;
            forgetSessions();
        }
        return this;
    }

    private void forgetSessions() {
        sessionIds = new String[0];
        starts = new long[0];
        spentIn = new long[0];
        seen = new long[0];
        recentRates = new double[0];
        clock = new double[0];
    }

    /**
     * The session's entry, begun the first time the session is asked for.
     *
     * @param start when the session starts, or, for a session the budget stage has not heard of, the time of
     *     its first proposal
     */
    public int pacing(String session, long start) {
        int i = Arrays.asList(sessionIds).indexOf(session);
        if (i >= 0) {
            return i;
        }
        if (sessionIds.length >= MAX_SESSIONS) {
            drop(earliest());
        }
        sessionIds = Arrays.copyOf(sessionIds, sessionIds.length + 1);
        sessionIds[sessionIds.length - 1] = session;
        starts = append(starts, start);
        spentIn = append(spentIn, 0);
        seen = append(seen, 0);
        recentRates = Arrays.copyOf(recentRates, recentRates.length + 1);
        clock = Arrays.copyOf(clock, clock.length + 1);
        return sessionIds.length - 1;
    }

    /** What the day's sessions that start before this one have spent so far. */
    public long spentBefore(int session) {
        long before = spentDropped;
        for (int j = 0; j < starts.length; j++) {
            if (j != session && starts[j] < starts[session]) {
                before += spentIn[j];
            }
        }
        return before;
    }

    /** The session's clock after a proposal at {@code elapsed}: never earlier than the latest one seen. */
    public double now(int session, double elapsed) {
        return Math.max(clock[session], elapsed);
    }

    /** One route of the session. */
    public void spend(int session) {
        spent++;
        spentIn[session]++;
    }

    private int earliest() {
        int e = 0;
        for (int j = 1; j < starts.length; j++) {
            if (starts[j] < starts[e]) {
                e = j;
            }
        }
        return e;
    }

    private void drop(int j) {
        spentDropped += spentIn[j];
        sessionIds = remove(sessionIds, j);
        starts = remove(starts, j);
        spentIn = remove(spentIn, j);
        seen = remove(seen, j);
        recentRates = remove(recentRates, j);
        clock = remove(clock, j);
    }

    private static long[] append(long[] a, long v) {
        long[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = v;
        return out;
    }

    private static String[] remove(String[] a, int j) {
        String[] out = Arrays.copyOf(a, a.length - 1);
        System.arraycopy(a, j + 1, out, j, a.length - j - 1);
        return out;
    }

    private static long[] remove(long[] a, int j) {
        long[] out = Arrays.copyOf(a, a.length - 1);
        System.arraycopy(a, j + 1, out, j, a.length - j - 1);
        return out;
    }

    private static double[] remove(double[] a, int j) {
        double[] out = Arrays.copyOf(a, a.length - 1);
        System.arraycopy(a, j + 1, out, j, a.length - j - 1);
        return out;
    }
}
