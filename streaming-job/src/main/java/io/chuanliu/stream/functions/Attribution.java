package io.chuanliu.stream.functions;

import io.chuanliu.common.events.Conversion;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.state.StateTtl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Attribution, keyed by user: an order in a brand's own live room converts the user's latest
 * decision for that brand if the order came within the attribution window after it. A routed
 * conversion earns the experts whose distribution made the user eligible their reward credit
 * (all of it to the last touch, or shared in proportion to their decayed signal strength); a
 * held-out conversion earns nothing and is counted for the comparison.
 *
 * <p>Orders wait for the watermark to pass their event time, so every decision made before an order
 * (decisions carry their activity's event time) has arrived when the order is judged: the same input
 * gives the same rewards, however the sources interleave, which is what makes exactly-once rewards
 * checkable after a failure. An order that arrives behind the watermark is judged at once and
 * counted as late. An order that finds no decision is kept for the attribution window: a decision
 * that arrives late (from an input that was idle and resumed behind the watermark) still converts
 * it, and is counted.
 */
public final class Attribution extends KeyedCoProcessFunction<String, Proposal, UserSignal, ExpertReward> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<Conversion> CONVERSIONS = new OutputTag<>("conversions") {};

    /** How credit is split among the experts that touched a converting user. */
    public enum Mode {
        LAST_TOUCH,
        PROPORTIONAL
    }

    private static final java.util.Comparator<UserSignal> ORDER_TIME =
            java.util.Comparator.<UserSignal>comparingLong(o -> o.eventTime).thenComparing(o -> o.orderId);

    private final long windowMillis;
    private final Mode mode;

    private transient MapState<String, Proposal> latestByBrand;
    private transient ListState<UserSignal> waitingOrders;
    private transient MapState<String, UserSignal> unmatchedOrders;
    private transient Counter numLateDecisionConversions;
    private transient Counter numRoutedConversions;
    private transient Counter numHoldoutConversions;
    private transient Counter routedGmvCents;
    private transient Counter holdoutGmvCents;
    private transient Counter numRewards;
    private transient Counter numLateOrders;

    public Attribution(Duration window, Mode mode) {
        this.windowMillis = window.toMillis();
        this.mode = mode;
    }

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<String, Proposal> latest = new MapStateDescriptor<>("latest-decision-by-brand", String.class, Proposal.class);
        latest.enableTimeToLive(StateTtl.afterWrite(Duration.ofMillis(windowMillis).plusHours(1)));
        latestByBrand = getRuntimeContext().getMapState(latest);
        waitingOrders = getRuntimeContext().getListState(new ListStateDescriptor<>("orders-awaiting-watermark", UserSignal.class));
        MapStateDescriptor<String, UserSignal> unmatched = new MapStateDescriptor<>("unmatched-orders", String.class, UserSignal.class);
        unmatched.enableTimeToLive(StateTtl.afterWrite(Duration.ofMillis(windowMillis).plusHours(1)));
        unmatchedOrders = getRuntimeContext().getMapState(unmatched);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        MetricGroup routed = metrics.addGroup("group", Conversion.ROUTED);
        MetricGroup holdout = metrics.addGroup("group", Conversion.HOLDOUT);
        numRoutedConversions = routed.counter("numConversions");
        routedGmvCents = routed.counter("gmvCents");
        numHoldoutConversions = holdout.counter("numConversions");
        holdoutGmvCents = holdout.counter("gmvCents");
        numRewards = metrics.counter("numRewards");
        numLateOrders = metrics.counter("numLateOrders");
        numLateDecisionConversions = metrics.counter("numLateDecisionConversions");
    }

    @Override
    public void processElement1(Proposal decision, Context ctx, Collector<ExpertReward> out) throws Exception {
        Proposal current = latestByBrand.get(decision.brand);
        if (current == null || decision.activityTime >= current.activityTime) {
            latestByBrand.put(decision.brand, decision);
        }
        if (decision.activityTime < ctx.timerService().currentWatermark() && !unmatchedOrders.isEmpty()) {
            // A late decision: orders already judged without it may be its conversions.
            List<UserSignal> converted = new ArrayList<>();
            for (UserSignal order : unmatchedOrders.values()) {
                if (converts(decision, order)) {
                    converted.add(order);
                }
            }
            converted.sort(ORDER_TIME);
            for (UserSignal order : converted) {
                unmatchedOrders.remove(order.orderId);
                numLateDecisionConversions.inc();
                convert(decision, order, ctx, out);
            }
        }
    }

    @Override
    public void processElement2(UserSignal order, Context ctx, Collector<ExpertReward> out) throws Exception {
        if (order.refund) {
            return;
        }
        if (order.eventTime <= ctx.timerService().currentWatermark()) {
            numLateOrders.inc();
            attribute(order, ctx, out);
            return;
        }
        waitingOrders.add(order);
        ctx.timerService().registerEventTimeTimer(order.eventTime);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ExpertReward> out) throws Exception {
        List<UserSignal> later = new ArrayList<>();
        List<UserSignal> due = new ArrayList<>();
        for (UserSignal order : waitingOrders.get()) {
            (order.eventTime <= timestamp ? due : later).add(order);
        }
        due.sort(ORDER_TIME);
        for (UserSignal order : due) {
            attribute(order, ctx, out);
        }
        waitingOrders.update(later);
    }

    private void attribute(UserSignal order, Context ctx, Collector<ExpertReward> out) throws Exception {
        Proposal decision = latestByBrand.get(order.brand);
        if (decision == null || !converts(decision, order)) {
            unmatchedOrders.put(order.orderId, order);
            return;
        }
        convert(decision, order, ctx, out);
    }

    private boolean converts(Proposal decision, UserSignal order) {
        return decision.brand.equals(order.brand) && order.eventTime >= decision.activityTime
                && order.eventTime - decision.activityTime <= windowMillis;
    }

    private void convert(Proposal decision, UserSignal order, Context ctx, Collector<ExpertReward> out) {
        String group = decision.holdout ? Conversion.HOLDOUT : Conversion.ROUTED;
        ctx.output(CONVERSIONS, new Conversion(decision.decisionId, order.user, order.brand, group, order.orderId,
                order.amountCents, decision.activityTime, order.eventTime));
        if (decision.holdout) {
            numHoldoutConversions.inc();
            holdoutGmvCents.inc(order.amountCents);
            return;
        }
        numRoutedConversions.inc();
        routedGmvCents.inc(order.amountCents);
        if (decision.experts.length == 0) {
            return;
        }
        if (mode == Mode.LAST_TOUCH) {
            reward(decision, order, decision.expert, 1.0, out);
        } else {
            for (int i = 0; i < decision.experts.length; i++) {
                reward(decision, order, decision.experts[i], decision.shares[i], out);
            }
        }
    }

    private void reward(Proposal decision, UserSignal order, String expert, double credit, Collector<ExpertReward> out) {
        String id = UUID.nameUUIDFromBytes((order.orderId + '|' + expert).getBytes(StandardCharsets.UTF_8)).toString();
        out.collect(new ExpertReward(id, expert, decision.brand, order.user, decision.decisionId, order.orderId,
                order.amountCents, credit, order.eventTime));
        numRewards.inc();
    }
}
