package io.chuanliu.stream.functions;

import io.chuanliu.stream.records.BrandSignal;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.state.StateTtl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Go-live reminders, keyed by brand: remembers the brand's recent expert buyers and, the first time
 * one of its sessions goes live, sends a reminder for the most recent of them (at most
 * {@code maxPerSession}) to the per-user stage, which applies the same eligibility and caps as to
 * any route. The buyer index is brand-keyed, so a go-live costs one scan of one brand's buyers, not
 * of every user.
 *
 * <p>Reminders go out when the session starts in event time: a {@code live} update heard before the
 * watermark reaches the session's start (a session announced ahead, or a day's sessions read before
 * its traffic) waits on an event-time timer, so its reminders reach the per-user and budget stages
 * among the traffic of that moment, not ahead of the whole day. An update heard after the start
 * reminds at once. A session that ends or is cancelled before its start reminds no one.
 */
public final class GoLiveReminders extends KeyedProcessFunction<String, BrandSignal, UserSignal> {

    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private final int maxPerSession;

    private transient MapState<String, Long> buyers;
    private transient ValueState<String> remindedSession;
    /** Sessions heard going live whose start the watermark has not reached yet, by session id. */
    private transient MapState<String, SessionUpdate> pending;

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
        pending = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "pending-go-lives", Types.STRING, TypeInformation.of(SessionUpdate.class)));
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
        if (signal.session == null) {
            return;
        }
        if (!signal.goesLive()) {
            pending.remove(signal.session.sessionId);
            return;
        }
        if (signal.session.sessionId.equals(remindedSession.value())) {
            return;
        }
        remindedSession.update(signal.session.sessionId);
        numGoLives.inc();
        long at = remindAt(signal.session);
        if (at <= ctx.timerService().currentWatermark()) {
            remind(signal.session, at, out);
        } else {
            pending.put(signal.session.sessionId, signal.session);
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<UserSignal> out) throws Exception {
        List<SessionUpdate> due = new ArrayList<>();
        for (SessionUpdate session : pending.values()) {
            if (remindAt(session) <= timestamp) {
                due.add(session);
            }
        }
        due.sort(Comparator.comparingLong(GoLiveReminders::remindAt).thenComparing(s -> s.sessionId));
        for (SessionUpdate session : due) {
            pending.remove(session.sessionId);
            remind(session, remindAt(session), out);
        }
    }

    private static long remindAt(SessionUpdate session) {
        return Math.max(session.startTime, session.eventTime);
    }

    private void remind(SessionUpdate session, long at, Collector<UserSignal> out) throws Exception {
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
                    buyer.getKey(), session.brand, session.sessionId, session.startTime, session.endTime, at));
            numRemindersSent.inc();
        }
    }
}
