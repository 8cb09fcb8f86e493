package io.chuanliu.stream.stats;

import io.chuanliu.common.events.RoutingStats;
import io.chuanliu.stream.rules.LocalDays;
import io.chuanliu.stream.rules.RoutingRules;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per-brand routing stats, keyed by brand: counts each admitted decision (routed or held out), each
 * budget refusal and each attributed order on the local day of its decision, and writes the day's
 * {@link RoutingStats} snapshot, with the incremental GMV and its interval, at most once per flush
 * interval (processing time) while the counts change.
 *
 * <p>A day closes when both clocks agree, as attribution's pending orders do: the watermark has
 * passed the day's end plus the attribution window plus the allowed lateness, and as much processing
 * time has passed since the day's first outcome. A watermark that jumps ahead (idle inputs, a
 * replay of old events) so closes nothing early. Closing writes the day's last snapshot and drops its
 * state; the brand remembers the latest day it closed, and an outcome for that day or an earlier one
 * is counted ({@code numLateOutcomes}) and left out, so a snapshot never goes backwards.
 */
public final class PerBrandStats extends KeyedProcessFunction<String, BrandOutcome, RoutingStats> {

    private static final long serialVersionUID = 1L;

    private final RoutingRules rules;
    private final long flushMillis;
    private final long closeAfterDayEndMillis;

    private transient MapState<Long, BrandDay> days;
    private transient ValueState<Long> dailyBudget;
    private transient ValueState<Long> flushAt;
    private transient ValueState<Long> closedThrough;
    private transient Counter numStatsSnapshots;
    private transient Counter numLateOutcomes;

    /**
     * @param rules for the local day (its zone)
     * @param flushInterval at most how often a changing day's snapshot is written
     * @param attributionWindow how long after a decision an order still converts
     * @param lateness how long after that a late order is still counted
     */
    public PerBrandStats(RoutingRules rules, Duration flushInterval, Duration attributionWindow, Duration lateness) {
        this.rules = rules;
        this.flushMillis = flushInterval.toMillis();
        this.closeAfterDayEndMillis = attributionWindow.plus(lateness).toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        days = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "stats-days", TypeInformation.of(Long.class), TypeInformation.of(BrandDay.class)));
        dailyBudget = getRuntimeContext().getState(new ValueStateDescriptor<>("stats-daily-budget", Long.class));
        flushAt = getRuntimeContext().getState(new ValueStateDescriptor<>("stats-flush-at", Long.class));
        closedThrough = getRuntimeContext().getState(new ValueStateDescriptor<>("stats-closed-through", Long.class));
        numStatsSnapshots = getRuntimeContext().getMetricGroup().counter("numStatsSnapshots");
        numLateOutcomes = getRuntimeContext().getMetricGroup().counter("numLateOutcomes");
    }

    @Override
    public void processElement(BrandOutcome outcome, Context ctx, Collector<RoutingStats> out) throws Exception {
        if (outcome.kind == BrandOutcome.Kind.BUDGET) {
            dailyBudget.update(outcome.dailyBudget);
            return;
        }
        long day = rules.localDay(outcome.decisionTime);
        BrandDay counts = days.get(day);
        if (counts == null) {
            Long closed = closedThrough.value();
            if (closed != null && day <= closed) {
                numLateOutcomes.inc();
                return;
            }
            counts = new BrandDay();
            counts.openedAt = ctx.timerService().currentProcessingTime();
            ctx.timerService().registerEventTimeTimer(closeAt(day));
            ctx.timerService().registerProcessingTimeTimer(counts.openedAt + closeAfterDayEndMillis);
        }
        counts.add(outcome);
        days.put(day, counts);
        if (flushAt.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + flushMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            flushAt.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RoutingStats> out) throws Exception {
        String brand = ctx.getCurrentKey();
        Long flush = flushAt.value();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME && flush != null && timestamp >= flush) {
            flushAt.clear();
            for (Map.Entry<Long, BrandDay> entry : days.entries()) {
                BrandDay counts = entry.getValue();
                if (counts.dirty) {
                    counts.dirty = false;
                    emit(counts.snapshot(brand, entry.getKey(), dailyBudget.value(), false), out);
                    days.put(entry.getKey(), counts);
                }
            }
        }
        long watermark = ctx.timerService().currentWatermark();
        long now = ctx.timerService().currentProcessingTime();
        List<Long> closed = new ArrayList<>();
        for (Map.Entry<Long, BrandDay> entry : days.entries()) {
            if (closeAt(entry.getKey()) <= watermark && entry.getValue().openedAt + closeAfterDayEndMillis <= now) {
                closed.add(entry.getKey());
                emit(entry.getValue().snapshot(brand, entry.getKey(), dailyBudget.value(), true), out);
            }
        }
        for (Long day : closed) {
            days.remove(day);
            Long before = closedThrough.value();
            closedThrough.update(before == null ? day : Math.max(before, day));
        }
        if (!closed.isEmpty() && days.isEmpty()) {
            Long pending = flushAt.value();
            if (pending != null) {
                ctx.timerService().deleteProcessingTimeTimer(pending);
                flushAt.clear();
            }
        }
    }

    private void emit(RoutingStats stats, Collector<RoutingStats> out) {
        out.collect(stats);
        numStatsSnapshots.inc();
    }

    /** When a day's stats may close by event time: the end of the local day, plus attribution window and lateness. */
    private long closeAt(long epochDay) {
        return LocalDays.start(rules.zone(), epochDay + 1) + closeAfterDayEndMillis;
    }
}
