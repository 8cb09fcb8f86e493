package io.chuanliu.stream.functions;

import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.stream.records.BrandSignal;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.rules.LocalDays;
import io.chuanliu.stream.rules.Pacing;
import io.chuanliu.stream.rules.Rule;
import io.chuanliu.stream.rules.ValuePacing;
import io.chuanliu.stream.state.BrandSessions;
import io.chuanliu.stream.state.BudgetDay;
import io.chuanliu.stream.state.LiveWindow;
import java.time.ZoneId;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The brand stage: keyed by brand, it holds each brand's daily budget of routed impressions, the
 * day's spend and the brand's sessions, and admits or refuses the per-user stage's proposals. An
 * admitted routed proposal becomes a routing decision; an admitted held-out one is only passed on to
 * attribution and spends nothing. A brand without a budget is not limited. Because every proposal
 * for a brand passes through this one keyed operator, spend never exceeds the budget.
 *
 * <p>Every admitted proposal, routed or held out, also goes to {@link #ATTRIBUTABLE} for attribution;
 * every refused one to {@link #REFUSED}, which the job writes to {@code routing-refusals} and reads
 * back, so the per-user stage stops counting it against the user's caps.
 */
public final class BudgetGate extends KeyedCoProcessFunction<String, Proposal, BrandSignal, RoutingDecision> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<Proposal> ATTRIBUTABLE = new OutputTag<>("attributable") {};
    public static final OutputTag<RouteRefusal> REFUSED = new OutputTag<>("refused") {};

    /** How the budget stage chooses among the proposals the pace allows. */
    public enum PacingMode {
        /** Every proposal the pace allows, in order of arrival. */
        FIRST_COME,
        /** Only proposals whose score is among the best the rest of the day's budget can pay for ({@link ValuePacing}). */
        VALUE
    }

    private final ZoneId zone;
    private final double burstFraction;
    private final PacingMode mode;

    private transient ValueState<Long> dailyBudget;
    private transient ValueState<BudgetDay> spend;
    private transient ValueState<BrandSessions> sessions;
    private transient Counter numDecisions;
    private transient Counter numHeldOutAdmitted;
    private transient Counter numPaced;
    private transient Counter numExhausted;
    private transient Counter numBudgetsExhausted;
    private transient Histogram decisionLatency;
    private transient Counter numBudgetUpdates;

    public BudgetGate(ZoneId zone, double burstFraction) {
        this(zone, burstFraction, PacingMode.FIRST_COME);
    }

    public BudgetGate(ZoneId zone, double burstFraction, PacingMode mode) {
        this.zone = zone;
        this.burstFraction = burstFraction;
        this.mode = mode;
    }

    @Override
    public void open(OpenContext openContext) {
        dailyBudget = getRuntimeContext().getState(new ValueStateDescriptor<>("daily-budget", Long.class));
        spend = getRuntimeContext().getState(new ValueStateDescriptor<>("budget-day", BudgetDay.class));
        sessions = getRuntimeContext().getState(new ValueStateDescriptor<>("brand-sessions", BrandSessions.class));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        numDecisions = metrics.counter("numDecisions");
        numHeldOutAdmitted = metrics.counter("numHeldOutDecisions");
        numPaced = metrics.addGroup("rule", Rule.BUDGET_PACING.label()).counter("numSuppressed");
        numExhausted = metrics.addGroup("rule", Rule.BUDGET_EXHAUSTED.label()).counter("numSuppressed");
        numBudgetsExhausted = metrics.counter("numBudgetsExhausted");
        numBudgetUpdates = metrics.counter("numBudgetUpdates");
        decisionLatency = metrics.histogram("decisionLatencyMs", new DescriptiveStatisticsHistogram(10_000));
    }

    @Override
    public void processElement1(Proposal proposal, Context ctx, Collector<RoutingDecision> out) throws Exception {
        Long budget = dailyBudget.value();
        if (budget != null) {
            BudgetDay day = spend.value();
            day = (day == null ? new BudgetDay() : day).on(LocalDays.of(zone, proposal.activityTime));
            LiveWindow session = session(proposal);
            int paced = day.pacing(proposal.sessionId, session == null ? proposal.activityTime : session.start);
            double elapsed = day.now(paced, elapsed(proposal, session));
            double share = sessionShare(session);
            // The session's spend as it would stand in event-time order: its earlier sessions' and its own.
            long before = day.spentBefore(paced);
            long spent = before + day.spentIn[paced];
            boolean valuable = mode == PacingMode.FIRST_COME
                    || seenByValuePacing(day, paced, proposal, budget, before, spent, elapsed, share);
            day.clock[paced] = elapsed;
            if (day.spent >= budget) {
                numExhausted.inc();
                spend.update(day);
                refuse(proposal, Rule.BUDGET_EXHAUSTED, ctx);
                return;
            }
            if (!valuable || spent >= Pacing.allowance(budget, before, elapsed, share, burstFraction)) {
                numPaced.inc();
                spend.update(day);
                refuse(proposal, Rule.BUDGET_PACING, ctx);
                return;
            }
            if (!proposal.holdout) {
                day.spend(paced);
                if (day.spent == budget) {
                    numBudgetsExhausted.inc();
                }
            }
            spend.update(day);
        }
        ctx.output(ATTRIBUTABLE, proposal);
        if (proposal.holdout) {
            numHeldOutAdmitted.inc();
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        out.collect(proposal.toDecision(now));
        numDecisions.inc();
        if (proposal.parsedAt > 0) {
            decisionLatency.update(Math.max(0, now - proposal.parsedAt));
        }
    }

    /**
     * Whether the proposal's score is among the best the rest of the day's budget can pay for; counts
     * it into the day's scores and the session's arrivals either way.
     */
    private boolean seenByValuePacing(
            BudgetDay day,
            int paced,
            Proposal proposal,
            long budget,
            long spentBefore,
            long spent,
            double elapsed,
            double share) {
        if (day.scores.length != ValuePacing.BINS) {
            day.scores = new long[ValuePacing.BINS];
        }
        int bin = ValuePacing.bin(proposal.value);
        long seen = day.seen[paced];
        double expected = ValuePacing.expectedArrivals(day.recentRates[paced], seen, elapsed);
        long sessionLeft = Pacing.sessionTarget(budget, spentBefore, share) - spent;
        boolean admits = ValuePacing.admits(day.scores, seen, elapsed, expected, sessionLeft, bin)
                || Pacing.isBehind(
                        budget, spent, spentBefore, elapsed, share, Math.max(burstFraction, ValuePacing.BEHIND_SLACK));
        day.scores[bin]++;
        day.seen[paced]++;
        day.recentRates[paced] = ValuePacing.rateAfter(day.recentRates[paced], day.clock[paced], elapsed);
        return admits;
    }

    private static void refuse(Proposal proposal, Rule rule, Context ctx) {
        ctx.output(
                REFUSED,
                new RouteRefusal(
                        proposal.decisionId,
                        proposal.user,
                        proposal.brand,
                        proposal.sessionId,
                        rule.label(),
                        proposal.activityTime,
                        proposal.knownValue()));
    }

    /** The proposal's session, or null if this stage has not heard of it. */
    private LiveWindow session(Proposal proposal) throws Exception {
        BrandSessions known = sessions.value();
        return known == null ? null : known.byId(proposal.sessionId);
    }

    /** Share of the proposal's session elapsed at its time; 1 if this stage has not heard of the session. */
    private static double elapsed(Proposal proposal, LiveWindow session) {
        if (session == null || session.end <= session.start) {
            return 1;
        }
        return (double) (proposal.activityTime - session.start) / (session.end - session.start);
    }

    /**
     * The session's part of what its day has left ({@link Pacing#sessionShare}): its length against the known
     * sessions of the same local day that start after it; 1 if it is the day's last, or unknown.
     */
    private double sessionShare(LiveWindow session) throws Exception {
        if (session == null || session.end <= session.start) {
            return 1;
        }
        BrandSessions known = sessions.value();
        long later = 0;
        for (LiveWindow other : new LiveWindow[] {known.latest, known.earlier}) {
            if (other != null
                    && other != session
                    && other.start > session.start
                    && other.end > other.start
                    && LocalDays.of(zone, other.start) == LocalDays.of(zone, session.start)) {
                later += other.end - other.start;
            }
        }
        return Pacing.sessionShare(session.end - session.start, later);
    }

    @Override
    public void processElement2(BrandSignal signal, Context ctx, Collector<RoutingDecision> out) throws Exception {
        if (signal.dailyBudget != null) {
            numBudgetUpdates.inc();
            dailyBudget.update(signal.dailyBudget);
        } else if (signal.session != null) {
            BrandSessions known = sessions.value();
            known = known == null ? new BrandSessions() : known;
            known.apply(signal.session);
            sessions.update(known);
        }
    }
}
