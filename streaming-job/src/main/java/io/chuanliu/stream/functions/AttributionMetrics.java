package io.chuanliu.stream.functions;

import io.chuanliu.common.events.Conversion;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** Attribution's counters, registered once per subtask; {@code docs/routing.md} lists them. */
final class AttributionMetrics {

    final Counter lateDecisionConversions;
    final Counter rewards;
    final Counter rewardReversals;
    final Counter lateOrders;
    final Counter duplicateOrders;
    final Counter refundsBeforeJudgement;
    final Counter expiredUnattributedOrders;
    private final Counter routedConversions;
    private final Counter routedGmvCents;
    private final Counter holdoutConversions;
    private final Counter holdoutGmvCents;

    AttributionMetrics(MetricGroup metrics) {
        MetricGroup routed = metrics.addGroup("group", Conversion.ROUTED);
        MetricGroup holdout = metrics.addGroup("group", Conversion.HOLDOUT);
        routedConversions = routed.counter("numConversions");
        routedGmvCents = routed.counter("gmvCents");
        holdoutConversions = holdout.counter("numConversions");
        holdoutGmvCents = holdout.counter("gmvCents");
        rewards = metrics.counter("numRewards");
        rewardReversals = metrics.counter("numRewardReversals");
        lateOrders = metrics.counter("numLateOrders");
        lateDecisionConversions = metrics.counter("numLateDecisionConversions");
        duplicateOrders = metrics.counter("numDuplicateOrders");
        refundsBeforeJudgement = metrics.counter("numRefundsBeforeJudgement");
        expiredUnattributedOrders = metrics.counter("numExpiredUnattributedOrders");
    }

    /** Counts a conversion and its GMV under its group: routed or held out. */
    void converted(boolean heldOut, long amountCents) {
        (heldOut ? holdoutConversions : routedConversions).inc();
        (heldOut ? holdoutGmvCents : routedGmvCents).inc(amountCents);
    }
}
