package io.chuanliu.stream.functions;

import io.chuanliu.common.events.Conversion;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.state.BrandRoomOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
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
 * it, and is counted; one that finds none by then expires, counted.
 *
 * <p>What waits is dropped only when both clocks agree: event time has passed its window (so an
 * outage, however long, expires nothing: event time stands still while the job is down) and it has
 * waited {@code window + 1 h} of processing time (so a watermark that jumps ahead, as when every input
 * was idle during a broker outage and the first to resume carries later events, does not expire it
 * before the late decisions or orders behind that jump arrive).
 *
 * <p>Money rules: an order id is judged once (a duplicate is dropped and counted); a refund within the
 * refund window after the order reverses the rewards it paid, or stops an order not yet judged from
 * converting. Everything is kept and cleaned up in event time, so an outage of any length expires
 * nothing early.
 */
public final class Attribution extends KeyedCoProcessFunction<String, Proposal, UserSignal, ExpertReward> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<Conversion> CONVERSIONS = new OutputTag<>("conversions") {};

    /** How long after its window a decision is kept for orders that arrive behind the watermark. */
    static final long DECISION_LATENESS_MILLIS = Duration.ofHours(1).toMillis();

    /** How credit is split among the experts that touched a converting user. */
    public enum Mode {
        LAST_TOUCH,
        PROPORTIONAL
    }

    private static final Comparator<UserSignal> ORDER_TIME =
            Comparator.<UserSignal>comparingLong(o -> o.eventTime).thenComparing(o -> o.orderId);

    private final long windowMillis;
    private final long graceMillis;
    private final long refundWindowMillis;
    private final Mode mode;

    private transient MapState<String, Proposal> latestByBrand;
    private transient ListState<UserSignal> waitingOrders;
    private transient MapState<String, UserSignal> unmatchedOrders;
    private transient MapState<String, BrandRoomOrder> orders;
    private transient AttributionMetrics metrics;

    public Attribution(Duration window, Mode mode) {
        this(window, Duration.ofDays(7), mode);
    }

    /** @param refundWindow how long after an order its refund still reverses the order's rewards */
    public Attribution(Duration window, Duration refundWindow, Mode mode) {
        this.windowMillis = window.toMillis();
        this.graceMillis = windowMillis + DECISION_LATENESS_MILLIS;
        this.refundWindowMillis = refundWindow.toMillis();
        this.mode = mode;
    }

    @Override
    public void open(OpenContext openContext) {
        // Named anew when their clean-up moved from processing-time TTL to event-time timers.
        latestByBrand = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("decision-by-brand", String.class, Proposal.class));
        waitingOrders = getRuntimeContext()
                .getListState(new ListStateDescriptor<>("orders-awaiting-watermark", UserSignal.class));
        unmatchedOrders = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("orders-without-decision", String.class, UserSignal.class));
        orders = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("brand-room-orders", String.class, BrandRoomOrder.class));
        metrics = new AttributionMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement1(Proposal decision, Context ctx, Collector<ExpertReward> out) throws Exception {
        Proposal current = latestByBrand.get(decision.brand);
        if (current == null || decision.activityTime >= current.activityTime) {
            long now = ctx.timerService().currentProcessingTime();
            decision.parsedAt = now; // from here: when attribution got it, for the processing-time half of expiry
            latestByBrand.put(decision.brand, decision);
            ctx.timerService().registerEventTimeTimer(decision.activityTime + windowMillis + DECISION_LATENESS_MILLIS);
            ctx.timerService().registerProcessingTimeTimer(now + graceMillis);
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
                metrics.lateDecisionConversions.inc();
                convert(decision, order, ctx, out);
            }
        }
    }

    @Override
    public void processElement2(UserSignal order, Context ctx, Collector<ExpertReward> out) throws Exception {
        if (order.refund) {
            onRefund(order, ctx, out);
            return;
        }
        if (orders.contains(order.orderId)) {
            // Seen before (a producer retry or a replay upstream), or refunded before it arrived.
            metrics.duplicateOrders.inc();
            return;
        }
        orders.put(order.orderId, BrandRoomOrder.seen(order.eventTime));
        ctx.timerService().registerEventTimeTimer(order.eventTime + refundWindowMillis);
        if (order.eventTime <= ctx.timerService().currentWatermark()) {
            metrics.lateOrders.inc();
            attribute(order, ctx, out);
            return;
        }
        waitingOrders.add(order);
        ctx.timerService().registerEventTimeTimer(order.eventTime);
    }

    private void onRefund(UserSignal refund, Context ctx, Collector<ExpertReward> out) throws Exception {
        BrandRoomOrder order = orders.get(refund.orderId);
        if (order == null) {
            // The refund overtook its order: remember it, so the order never converts.
            BrandRoomOrder refunded = BrandRoomOrder.seen(refund.eventTime);
            refunded.refunded = true;
            orders.put(refund.orderId, refunded);
            ctx.timerService().registerEventTimeTimer(refund.eventTime + refundWindowMillis);
            metrics.refundsBeforeJudgement.inc();
            return;
        }
        if (order.refunded || refund.eventTime > order.eventTime + refundWindowMillis) {
            return;
        }
        order.refunded = true;
        orders.put(refund.orderId, order);
        if (order.decisionId == null) {
            // Not converted yet (waiting for the watermark or for a late decision): it will not convert.
            metrics.refundsBeforeJudgement.inc();
            unmatchedOrders.remove(refund.orderId);
            return;
        }
        metrics.rewardReversals.inc(ExpertPayout.reverse(refund, order, out));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ExpertReward> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        List<UserSignal> later = new ArrayList<>();
        List<UserSignal> due = new ArrayList<>();
        for (UserSignal order : waitingOrders.get()) {
            (order.eventTime <= watermark ? due : later).add(order);
        }
        due.sort(ORDER_TIME);
        for (UserSignal order : due) {
            attribute(order, ctx, out);
        }
        if (!due.isEmpty()) {
            waitingOrders.update(later);
        }
        expire(watermark, ctx.timerService().currentProcessingTime());
    }

    /** Drops what no later order, decision or refund can use any more (see the class comment on the two clocks). */
    private void expire(long watermark, long now) throws Exception {
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, UserSignal> e : unmatchedOrders.entries()) {
            if (e.getValue().eventTime + windowMillis <= watermark && e.getValue().parsedAt + graceMillis <= now) {
                gone.add(e.getKey());
            }
        }
        for (String orderId : gone) {
            unmatchedOrders.remove(orderId);
            metrics.expiredUnattributedOrders.inc();
        }
        gone.clear();
        for (Map.Entry<String, Proposal> e : latestByBrand.entries()) {
            if (e.getValue().activityTime + windowMillis + DECISION_LATENESS_MILLIS <= watermark
                    && e.getValue().parsedAt + graceMillis <= now) {
                gone.add(e.getKey());
            }
        }
        for (String brand : gone) {
            latestByBrand.remove(brand);
        }
        gone.clear();
        for (Map.Entry<String, BrandRoomOrder> e : orders.entries()) {
            if (e.getValue().eventTime + refundWindowMillis <= watermark) {
                gone.add(e.getKey());
            }
        }
        for (String orderId : gone) {
            orders.remove(orderId);
        }
    }

    private void attribute(UserSignal order, Context ctx, Collector<ExpertReward> out) throws Exception {
        BrandRoomOrder seen = orders.get(order.orderId);
        if (seen != null && seen.refunded) {
            return;
        }
        Proposal decision = latestByBrand.get(order.brand);
        if (decision == null || !converts(decision, order)) {
            long now = ctx.timerService().currentProcessingTime();
            order.parsedAt = now; // from here: when it became unmatched, for the processing-time half of expiry
            unmatchedOrders.put(order.orderId, order);
            ctx.timerService().registerEventTimeTimer(order.eventTime + windowMillis);
            ctx.timerService().registerProcessingTimeTimer(now + graceMillis);
            return;
        }
        convert(decision, order, ctx, out);
    }

    private boolean converts(Proposal decision, UserSignal order) {
        return decision.brand.equals(order.brand)
                && order.eventTime >= decision.activityTime
                && order.eventTime - decision.activityTime <= windowMillis;
    }

    private void convert(Proposal decision, UserSignal order, Context ctx, Collector<ExpertReward> out)
            throws Exception {
        String group = decision.holdout ? Conversion.HOLDOUT : Conversion.ROUTED;
        ctx.output(
                CONVERSIONS,
                new Conversion(
                        decision.decisionId,
                        order.user,
                        order.brand,
                        group,
                        order.orderId,
                        order.amountCents,
                        decision.activityTime,
                        order.eventTime));
        BrandRoomOrder converted = orders.get(order.orderId);
        if (converted == null) {
            converted = BrandRoomOrder.seen(order.eventTime);
        }
        converted.brand = decision.brand;
        converted.decisionId = decision.decisionId;
        converted.amountCents = order.amountCents;
        metrics.converted(decision.holdout, order.amountCents);
        if (!decision.holdout) {
            metrics.rewards.inc(ExpertPayout.pay(mode, decision, order, converted, out));
        }
        orders.put(order.orderId, converted);
    }
}
