package io.chuanliu.stream.stats;

import io.chuanliu.common.events.Conversion;
import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.stream.records.BrandSignal;
import io.chuanliu.stream.records.Proposal;

/**
 * One thing that happened to a brand's routing, for its per-day stats: a decision admitted by the
 * budget stage (routed or held out), a refusal, an attributed order, or a new daily budget. A Flink
 * POJO.
 */
public class BrandOutcome {

    /** What happened. */
    public enum Kind {
        ROUTED,
        HELD_OUT,
        REFUSED,
        ROUTED_ORDER,
        HELD_OUT_ORDER,
        BUDGET
    }

    public String brand;
    public Kind kind;
    /** Event time of the decision it belongs to (its activity's time); the budget's own time for a budget. */
    public long decisionTime;
    /** Its own event time: the order's for an order, the decision's otherwise. */
    public long eventTime;
    /** The refusing rule's label, for a refusal. */
    public String rule;

    public long amountCents;
    /** Routes a day, for a budget. */
    public long dailyBudget;

    public BrandOutcome() {}

    public static BrandOutcome admitted(Proposal proposal) {
        return of(
                proposal.brand,
                proposal.holdout ? Kind.HELD_OUT : Kind.ROUTED,
                proposal.activityTime,
                proposal.activityTime);
    }

    public static BrandOutcome refused(RouteRefusal refusal) {
        BrandOutcome o = of(refusal.brand(), Kind.REFUSED, refusal.activityTime(), refusal.activityTime());
        o.rule = refusal.rule();
        return o;
    }

    public static BrandOutcome converted(Conversion conversion) {
        BrandOutcome o = of(
                conversion.brand(),
                Conversion.HOLDOUT.equals(conversion.group()) ? Kind.HELD_OUT_ORDER : Kind.ROUTED_ORDER,
                conversion.decisionTime(),
                conversion.eventTime());
        o.amountCents = conversion.amountCents();
        return o;
    }

    public static BrandOutcome budget(BrandSignal signal) {
        BrandOutcome o = of(signal.brand, Kind.BUDGET, signal.eventTime, signal.eventTime);
        o.dailyBudget = signal.dailyBudget;
        return o;
    }

    private static BrandOutcome of(String brand, Kind kind, long decisionTime, long eventTime) {
        BrandOutcome o = new BrandOutcome();
        o.brand = brand;
        o.kind = kind;
        o.decisionTime = decisionTime;
        o.eventTime = eventTime;
        return o;
    }
}
