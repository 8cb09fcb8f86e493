package io.chuanliu.stream.functions;

import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.stream.model.ModelRejectedException;
import io.chuanliu.stream.records.BroadcastUpdate;
import io.chuanliu.stream.records.ModelUpdate;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.state.BrandSessions;
import io.chuanliu.stream.state.ExpertTouch;
import io.chuanliu.stream.state.LiveWindow;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The per-user stage. Keyed by user, it remembers which brands the user recently bought or engaged
 * with through experts; the broadcast side tells it which brands are live. On each activity it picks
 * at most one live brand the user is eligible for and emits a routing decision.
 *
 * <p>Rules applied here: the eligibility window, a minimum gap between two routes to the same user,
 * and a gap between two routes of the same brand to the same user. All times are event times.
 */
public final class RoutingFunction extends KeyedBroadcastProcessFunction<String, UserSignal, BroadcastUpdate, RoutingDecision> {

    private static final long serialVersionUID = 1L;

    /** Brand -> its latest sessions, as intervals of broadcasting. */
    public static final MapStateDescriptor<String, BrandSessions> LIVE_SESSIONS =
            new MapStateDescriptor<>("live-sessions", String.class, BrandSessions.class);

    /** "current" -> the model every subtask should serve; restored with the broadcast state. */
    public static final MapStateDescriptor<String, ModelUpdate> MODEL =
            new MapStateDescriptor<>("model", String.class, ModelUpdate.class);

    private static final long NEVER = Long.MIN_VALUE;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RoutingFunction.class);

    private final long eligibilityWindowMillis;
    private final long minGapMillis;
    private final long brandGapMillis;

    private transient MapState<String, ExpertTouch> touches;
    private transient ValueState<Long> lastRoutedAt;
    private transient Counter numDecisions;
    private transient Counter numLateEvents;
    private transient Counter numSuppressedMinGap;
    private transient Counter numSuppressedBrandGap;
    private transient Counter numExpertOrders;
    private transient Counter numEngagements;
    private transient Counter numRefunds;
    private transient Counter numBrandOrders;
    private transient Counter numActivities;
    private transient Counter numSessionUpdates;
    private transient Counter numModelsLoaded;
    private transient Counter numModelsRejected;
    private transient volatile int liveBrands;
    private transient ServingModel serving;
    private transient volatile String modelVersion;

    public RoutingFunction(Duration eligibilityWindow, Duration minGap, Duration brandGap) {
        this.eligibilityWindowMillis = eligibilityWindow.toMillis();
        this.minGapMillis = minGap.toMillis();
        this.brandGapMillis = brandGap.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        // TTL runs on processing time; the eligibility window itself is checked on event times below.
        MapStateDescriptor<String, ExpertTouch> touchesDescriptor =
                new MapStateDescriptor<>("expert-touches", String.class, ExpertTouch.class);
        touchesDescriptor.enableTimeToLive(ttl(Duration.ofMillis(eligibilityWindowMillis)));
        touches = getRuntimeContext().getMapState(touchesDescriptor);

        ValueStateDescriptor<Long> lastRoutedDescriptor = new ValueStateDescriptor<>("last-routed-at", Long.class);
        lastRoutedDescriptor.enableTimeToLive(ttl(Duration.ofMillis(Math.max(minGapMillis, brandGapMillis))));
        lastRoutedAt = getRuntimeContext().getState(lastRoutedDescriptor);

        var metrics = getRuntimeContext().getMetricGroup();
        numDecisions = metrics.counter("numDecisions");
        numLateEvents = metrics.counter("numLateEvents");
        numSuppressedMinGap = metrics.addGroup("rule", "min_gap").counter("numSuppressed");
        numSuppressedBrandGap = metrics.addGroup("rule", "brand_gap").counter("numSuppressed");
        numExpertOrders = metrics.counter("numExpertOrders");
        numEngagements = metrics.counter("numEngagements");
        numRefunds = metrics.counter("numRefunds");
        numBrandOrders = metrics.counter("numBrandOrders");
        numActivities = metrics.counter("numActivities");
        numSessionUpdates = metrics.counter("numSessionUpdates");
        metrics.gauge("currentLiveBrands", () -> liveBrands);
        numModelsLoaded = metrics.counter("numModelsLoaded");
        numModelsRejected = metrics.counter("numModelsRejected");
        var task = getRuntimeContext().getTaskInfo();
        serving = new ServingModel(task.getMaxNumberOfParallelSubtasks(), task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
        modelVersion = serving.version();
        metrics.gauge("currentModelVersion", () -> modelVersion);
    }

    @Override
    public void close() {
        if (serving != null) {
            serving.close();
        }
    }

    private static StateTtlConfig ttl(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupInRocksdbCompactFilter(1000)
                .build();
    }

    @Override
    public void processElement(UserSignal signal, ReadOnlyContext ctx, Collector<RoutingDecision> out) throws Exception {
        ModelUpdate announced = ctx.getBroadcastState(MODEL).get("current");
        if (announced != null && !serving.serves(announced.version)) {
            // After a restore the broadcast state names the model; load it on first use.
            swap(announced);
        }
        Long timestamp = ctx.timestamp();
        if (timestamp != null && timestamp < ctx.currentWatermark()) {
            // Late events are still used: a late order still makes its buyer routable.
            numLateEvents.inc();
        }
        switch (signal.kind) {
            case EXPERT_ORDER -> onExpertOrder(signal);
            case ENGAGEMENT -> onEngagement(signal);
            case BRAND_LIVE_ORDER, SHELF_ORDER -> numBrandOrders.inc();
            case ACTIVITY -> onActivity(signal, ctx, out);
        }
    }

    private void onExpertOrder(UserSignal order) throws Exception {
        numExpertOrders.inc();
        ExpertTouch current = touches.get(order.brand);
        if (order.refund) {
            numRefunds.inc();
            if (current != null && order.orderId.equals(current.orderId)) {
                touches.remove(order.brand);
            }
            return;
        }
        if (current == null || order.eventTime >= current.eventTime) {
            ExpertTouch touch = new ExpertTouch(order.expert, "expert_order", order.orderId,
                    SignalStrength.EXPERT_ORDER, order.eventTime);
            touch.routedAt = current == null ? NEVER : current.routedAt;
            touches.put(order.brand, touch);
        }
    }

    private void onEngagement(UserSignal engagement) throws Exception {
        numEngagements.inc();
        double strength = SignalStrength.ofEngagement(engagement.detail);
        ExpertTouch current = touches.get(engagement.brand);
        boolean stronger = current == null
                || SignalStrength.decayed(strength, 0, eligibilityWindowMillis)
                        > SignalStrength.decayed(current.strength, engagement.eventTime - current.eventTime, eligibilityWindowMillis);
        if (stronger) {
            ExpertTouch touch = new ExpertTouch(engagement.expert, "engagement:" + engagement.detail, null,
                    strength, engagement.eventTime);
            touch.routedAt = current == null ? NEVER : current.routedAt;
            touches.put(engagement.brand, touch);
        }
    }

    private void onActivity(UserSignal activity, ReadOnlyContext ctx, Collector<RoutingDecision> out) throws Exception {
        numActivities.inc();
        long t = activity.eventTime;
        ReadOnlyBroadcastState<String, BrandSessions> live = ctx.getBroadcastState(LIVE_SESSIONS);

        String bestBrand = null;
        ExpertTouch best = null;
        LiveWindow bestSession = null;
        double bestScore = 0;
        boolean suppressedByBrandGap = false;
        // The user's model record is read from RocksDB at most once per activity, and only if a brand qualifies.
        float[] userFactors = null;
        boolean userLookedUp = false;
        for (Map.Entry<String, ExpertTouch> entry : touches.entries()) {
            ExpertTouch touch = entry.getValue();
            long age = t - touch.eventTime;
            if (age < 0 || age > eligibilityWindowMillis) {
                continue;
            }
            BrandSessions sessions = live.get(entry.getKey());
            LiveWindow session = sessions == null ? null : sessions.liveAt(t);
            if (session == null) {
                continue;
            }
            if (touch.wasRouted() && t - touch.routedAt < brandGapMillis) {
                suppressedByBrandGap = true;
                continue;
            }
            if (!userLookedUp) {
                userFactors = serving.userFactors(activity.user);
                userLookedUp = true;
            }
            double score = SignalStrength.decayed(touch.strength, age, eligibilityWindowMillis)
                    * SignalStrength.affinityFactor(serving.affinity(userFactors, entry.getKey()));
            if (best == null || score > bestScore || (score == bestScore && entry.getKey().compareTo(bestBrand) < 0)) {
                bestBrand = entry.getKey();
                best = touch;
                bestSession = session;
                bestScore = score;
            }
        }
        if (best == null) {
            if (suppressedByBrandGap) {
                numSuppressedBrandGap.inc();
            }
            return;
        }
        Long last = lastRoutedAt.value();
        if (last != null && t - last < minGapMillis) {
            numSuppressedMinGap.inc();
            return;
        }
        out.collect(new RoutingDecision(
                DecisionIds.of(activity.user, bestBrand, bestSession.sessionId, t),
                activity.user, bestBrand, bestSession.sessionId, bestScore,
                best.source + ":" + best.expert, best.expert, t,
                ctx.currentProcessingTime()));
        numDecisions.inc();
        best.routedAt = t;
        touches.put(bestBrand, best);
        lastRoutedAt.update(t);
    }

    @Override
    public void processBroadcastElement(BroadcastUpdate update, Context ctx, Collector<RoutingDecision> out) throws Exception {
        if (update.model != null) {
            if (!serving.serves(update.model.version) && swap(update.model)) {
                ctx.getBroadcastState(MODEL).put("current", update.model);
            }
            return;
        }
        onSessionUpdate(update.session, ctx);
    }

    /** Loads and switches to a model; a rejected one is counted and logged, and the old one keeps serving. */
    private boolean swap(ModelUpdate update) {
        try {
            serving.swap(update);
            modelVersion = serving.version();
            numModelsLoaded.inc();
            LOG.info("serving model {} version {}", update.name, update.version);
            return true;
        } catch (ModelRejectedException e) {
            numModelsRejected.inc();
            LOG.warn("{}; still serving version {}", e.getMessage(), serving.version());
            return false;
        }
    }

    private void onSessionUpdate(SessionUpdate update, Context ctx) throws Exception {
        numSessionUpdates.inc();
        BroadcastState<String, BrandSessions> live = ctx.getBroadcastState(LIVE_SESSIONS);
        BrandSessions sessions = live.get(update.brand);
        if (sessions == null) {
            sessions = new BrandSessions();
        }
        sessions.apply(update);
        live.put(update.brand, sessions);
        int count = 0;
        for (Map.Entry<String, BrandSessions> entry : live.immutableEntries()) {
            if (entry.getValue().isOnAir()) {
                count++;
            }
        }
        liveBrands = count;
    }
}
