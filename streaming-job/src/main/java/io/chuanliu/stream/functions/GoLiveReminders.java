package io.chuanliu.stream.functions;

import io.chuanliu.stream.records.BrandSignal;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.state.StateTtl;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Go-live reminders, keyed by brand: remembers the brand's recent expert buyers and, the first time
 * one of its sessions goes live, sends a reminder for the most recent of them (at most
 * {@code maxPerSession}) to the per-user stage, which applies the same eligibility and caps as to
 * any route. The buyer index is brand-keyed, so a go-live costs one scan of one brand's buyers, not
 * of every user.
 */
public final class GoLiveReminders extends KeyedProcessFunction<String, BrandSignal, UserSignal> {

    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final int maxPerSession;

    private transient MapState<String, Long> buyers;
    private transient ValueState<String> remindedSession;
    private transient Counter numRemindersSent;
    private transient Counter numGoLives;

    public GoLiveReminders(Duration window, int maxPerSession) {
        this.windowMillis = window.toMillis();
        this.maxPerSession = maxPerSession;
    }

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<String, Long> buyersDescriptor =
                new MapStateDescriptor<>("warm-buyers", String.class, Long.class);
        buyersDescriptor.enableTimeToLive(StateTtl.afterWrite(Duration.ofMillis(windowMillis)));
        buyers = getRuntimeContext().getMapState(buyersDescriptor);
        remindedSession = getRuntimeContext().getState(new ValueStateDescriptor<>("reminded-session", String.class));
        numRemindersSent = getRuntimeContext().getMetricGroup().counter("numRemindersSent");
        numGoLives = getRuntimeContext().getMetricGroup().counter("numGoLives");
    }

    @Override
    public void processElement(BrandSignal signal, Context ctx, Collector<UserSignal> out) throws Exception {
        if (signal.buyer != null) {
            Long previous = buyers.get(signal.buyer);
            if (previous == null || signal.eventTime > previous) {
                buyers.put(signal.buyer, signal.eventTime);
            }
            return;
        }
        if (!signal.goesLive() || signal.session.sessionId.equals(remindedSession.value())) {
            return;
        }
        remindedSession.update(signal.session.sessionId);
        numGoLives.inc();
        long at = Math.max(signal.session.startTime, signal.eventTime);
        // The most recent buyers first; ties by user id, so a replay reminds the same users.
        Comparator<Map.Entry<String, Long>> recency = Comparator.<Map.Entry<String, Long>>comparingLong(
                        Map.Entry::getValue)
                .thenComparing(Map.Entry::getKey, Comparator.reverseOrder());
        PriorityQueue<Map.Entry<String, Long>> newest = new PriorityQueue<>(recency);
        for (Map.Entry<String, Long> buyer : buyers.entries()) {
            if (buyer.getValue() > at || at - buyer.getValue() > windowMillis) {
                continue;
            }
            newest.add(Map.entry(buyer.getKey(), buyer.getValue()));
            if (newest.size() > maxPerSession) {
                newest.poll();
            }
        }
        for (Map.Entry<String, Long> buyer : newest) {
            out.collect(UserSignal.reminder(
                    buyer.getKey(),
                    signal.brand,
                    signal.session.sessionId,
                    signal.session.startTime,
                    signal.session.endTime,
                    at));
            numRemindersSent.inc();
        }
    }
}
