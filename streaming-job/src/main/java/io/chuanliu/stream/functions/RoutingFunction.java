package io.chuanliu.stream.functions;

import io.chuanliu.common.model.UserRecord;
import io.chuanliu.common.ranking.Decay;
import io.chuanliu.common.ranking.LinearRanker;
import io.chuanliu.common.ranking.OwnHistory;
import io.chuanliu.common.ranking.RankerFeatures;
import io.chuanliu.stream.model.ModelRejectedException;
import io.chuanliu.stream.records.BroadcastUpdate;
import io.chuanliu.stream.records.CandidateScore;
import io.chuanliu.stream.records.ModelUpdate;
import io.chuanliu.stream.model.ModelFetcher;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.rules.Holdout;
import io.chuanliu.stream.rules.OwnHistoryDefaults;
import io.chuanliu.stream.rules.Rule;
import io.chuanliu.stream.rules.RoutingRules;
import io.chuanliu.stream.state.BrandSessions;
import io.chuanliu.stream.state.BrandTouches;
import io.chuanliu.stream.state.ExpertTouch;
import io.chuanliu.stream.state.LiveWindow;
import io.chuanliu.stream.state.OnAirIndex;
import io.chuanliu.stream.state.RouteHistory;
import io.chuanliu.stream.state.StateTtl;
import io.chuanliu.stream.state.UserState;
import io.chuanliu.stream.types.OwnHistorySerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The per-user stage. Keyed by user, it remembers which experts recently sold or showed which brands
 * to the user, the user's routes of the day and an opt-out; the broadcast side tells it which brands
 * are live, their seller scores and which model to serve. On each activity (or go-live reminder) it
 * picks at most one live brand the user is eligible for, applies the rules and proposes a decision
 * to the brand's budget stage. A held-out user's proposal is marked and never shown.
 *
 * <p>State: one {@code user} value (touches per brand, the day's routes; TTL = the eligibility
 * window, at least two days), the user's {@code own-history} per brand for the ranker (every order
 * and engagement, decayed; TTL {@code ranker.history-ttl}) and an {@code opted-out} flag that never
 * expires.
 *
 * <p>Candidates: brands with a valid expert touch (an expert order or engagement within the
 * eligibility window, through an expert whose word-of-mouth score reaches
 * {@code routing.min-expert-score}) and brands whose look-alike audience in the model contains the
 * user, if live at the activity's event time. Experts share a conversion's credit by touch strength
 * times word-of-mouth score. Score: with a model, the served ranker's purchase probability
 * ({@link LinearRanker} on {@link RankerFeatures}, the definition training gated); without one, the
 * touch strength decayed by age; either times (seller score / 100) to the power {@code sellerWeight}. Rules, in order: opt-out, quiet hours, daily cap, minimum gap (for the user),
 * then seller-score threshold and per-brand daily cap (for each candidate). A suppression is counted
 * once per activity under the rule that stopped it.
 */
public final class RoutingFunction extends KeyedBroadcastProcessFunction<String, UserSignal, BroadcastUpdate, Proposal> {

    private static final long serialVersionUID = 1L;

    /** Brand -> its latest sessions, as intervals of broadcasting. */
    public static final MapStateDescriptor<String, BrandSessions> LIVE_SESSIONS =
            new MapStateDescriptor<>("live-sessions", String.class, BrandSessions.class);

    /** "current" -> the model every subtask should serve; restored with the broadcast state. */
    public static final MapStateDescriptor<String, ModelUpdate> MODEL =
            new MapStateDescriptor<>("model", String.class, ModelUpdate.class);

    /** Brand -> its seller score, 0..100. */
    public static final MapStateDescriptor<String, Double> SELLER_SCORES =
            new MapStateDescriptor<>("seller-scores", String.class, Double.class);

    /** Expert -> its word-of-mouth score (带货口碑分), 0..100. */
    public static final MapStateDescriptor<String, Double> EXPERT_SCORES =
            new MapStateDescriptor<>("expert-scores", String.class, Double.class);

    /** Every candidate's ranker probability, when {@link #explainingScores()} asked for them. */
    public static final OutputTag<CandidateScore> CANDIDATE_SCORES = new OutputTag<>("candidate-scores") {};

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RoutingFunction.class);
    private static final Duration HISTORY_TTL = Duration.ofDays(2);

    private final RoutingRules rules;
    private final long windowMillis;
    private final Duration historyHalfLife;
    private final Duration historyTtl;
    private final double lambda;
    private boolean explain;

    private transient ValueState<UserState> userState;
    private transient ValueState<OwnHistory> ownHistory;
    private transient ValueState<Boolean> optedOut;
    private transient Map<Rule, Counter> numSuppressed;
    private transient Counter numProposals;
    private transient Counter numHeldOut;
    private transient Counter numEligible;
    private transient Counter numFoldIns;
    private transient Counter numReminders;
    private transient Counter numLateEvents;
    private transient Counter numExpertOrders;
    private transient Counter numEngagements;
    private transient Counter numRefunds;
    private transient Counter numActivities;
    private transient Counter numOptOuts;
    private transient Counter numRefusals;
    private transient Counter numRoutesTakenBack;
    private transient Counter numSessionUpdates;
    private transient Counter numSellerScoreUpdates;
    private transient Counter numUntrustedCandidates;
    private transient Counter numModelsLoaded;
    private transient Counter numModelsRejected;
    private transient volatile int liveBrands;
    private transient OnAirIndex onAir;
    private final String modelRoot;
    private String modelCacheDir = "";
    private transient ServingModel serving;
    private transient volatile String modelVersion;

    public RoutingFunction(RoutingRules rules) {
        this(rules, "");
    }

    /** @param modelRoot the local directory every served model must lie under; empty for anywhere */
    public RoutingFunction(RoutingRules rules, String modelRoot) {
        this(rules, modelRoot, OwnHistoryDefaults.HALF_LIFE, OwnHistoryDefaults.TTL);
    }

    /**
     * @param historyHalfLife the half-life of the own-history features; a model whose ranker decays differently is refused
     * @param historyTtl how long a user's own history lives after the user's last order or engagement
     */
    public RoutingFunction(RoutingRules rules, String modelRoot, Duration historyHalfLife, Duration historyTtl) {
        this.modelRoot = modelRoot;
        this.rules = rules;
        this.windowMillis = rules.eligibilityWindowMillis();
        this.historyHalfLife = historyHalfLife;
        this.historyTtl = historyTtl;
        this.lambda = Decay.lambda(historyHalfLife);
    }

    /**
     * Copies models from remote file systems under {@code dir} (empty: the JVM's temporary directory),
     * in a directory per subtask attempt that closing the subtask deletes.
     */
    public RoutingFunction cachingModelsIn(String dir) {
        this.modelCacheDir = dir == null ? "" : dir;
        return this;
    }

    /** Also emits every scored candidate to {@link #CANDIDATE_SCORES}: for audits and the parity test, not the running job. */
    public RoutingFunction explainingScores() {
        this.explain = true;
        return this;
    }

    @Override
    public void open(OpenContext openContext) {
        onAir = new OnAirIndex();
        ValueStateDescriptor<UserState> userDescriptor = new ValueStateDescriptor<>("user", UserState.class);
        // At least two days, so the day's routes outlive the day.
        Duration ttl = rules.eligibilityWindow().compareTo(HISTORY_TTL) > 0 ? rules.eligibilityWindow() : HISTORY_TTL;
        userDescriptor.enableTimeToLive(StateTtl.afterWrite(ttl));
        userState = getRuntimeContext().getState(userDescriptor);
        ValueStateDescriptor<OwnHistory> ownDescriptor = new ValueStateDescriptor<>("own-history", OwnHistorySerializer.typeInfo());
        ownDescriptor.enableTimeToLive(StateTtl.afterWrite(historyTtl));
        ownHistory = getRuntimeContext().getState(ownDescriptor);
        // Opt-outs do not expire.
        optedOut = getRuntimeContext().getState(new ValueStateDescriptor<>("opted-out", Boolean.class));

        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        numSuppressed = new EnumMap<>(Rule.class);
        for (Rule rule : List.of(Rule.OPT_OUT, Rule.QUIET_HOURS, Rule.DAILY_CAP, Rule.MIN_GAP, Rule.SELLER_SCORE, Rule.BRAND_DAILY_CAP)) {
            numSuppressed.put(rule, metrics.addGroup("rule", rule.label()).counter("numSuppressed"));
        }
        numProposals = metrics.counter("numProposals");
        numHeldOut = metrics.counter("numHeldOut");
        numEligible = metrics.counter("numEligibleActivities");
        numFoldIns = metrics.counter("numFoldIns");
        numReminders = metrics.counter("numReminders");
        numLateEvents = metrics.counter("numLateEvents");
        numExpertOrders = metrics.counter("numExpertOrders");
        numEngagements = metrics.counter("numEngagements");
        numRefunds = metrics.counter("numRefunds");
        numActivities = metrics.counter("numActivities");
        numOptOuts = metrics.counter("numOptOuts");
        numRefusals = metrics.counter("numRefusalsHeard");
        numRoutesTakenBack = metrics.counter("numRoutesTakenBack");
        numSessionUpdates = metrics.counter("numSessionUpdates");
        numSellerScoreUpdates = metrics.counter("numSellerScoreUpdates");
        numUntrustedCandidates = metrics.counter("numUntrustedCandidates");
        metrics.gauge("currentLiveBrands", () -> liveBrands);
        numModelsLoaded = metrics.counter("numModelsLoaded");
        numModelsRejected = metrics.counter("numModelsRejected");
        var task = getRuntimeContext().getTaskInfo();
        java.nio.file.Path cacheRoot = java.nio.file.Path.of(modelCacheDir.isEmpty() ? System.getProperty("java.io.tmpdir") : modelCacheDir,
                "chuanliu-models");
        ModelFetcher fetcher = ModelFetcher.forSubtask(cacheRoot, getRuntimeContext().getJobInfo().getJobId().toString(),
                task.getIndexOfThisSubtask(), task.getAttemptNumber());
        serving = new ServingModel(task.getMaxNumberOfParallelSubtasks(), task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask(),
                modelRoot, fetcher, historyHalfLife);
        metrics.gauge("numModelLookupFailures", () -> serving.lookupFailures());
        modelVersion = serving.version();
        metrics.gauge("currentModelVersion", () -> modelVersion);
    }

    @Override
    public void close() {
        if (serving != null) {
            serving.close();
        }
    }

    @Override
    public void processElement(UserSignal signal, ReadOnlyContext ctx, Collector<Proposal> out) throws Exception {
        ModelUpdate announced = ctx.getBroadcastState(MODEL).get("current");
        if (announced != null && !serving.serves(announced.version) && !serving.hasRejected(announced.version)) {
            // After a restore the broadcast state names the model; load it on first use (once: a failure is remembered).
            swap(announced);
        }
        Long timestamp = ctx.timestamp();
        if (timestamp != null && timestamp < ctx.currentWatermark()) {
            // Late events are still used at their own event time: a late order still makes its buyer routable.
            numLateEvents.inc();
        }
        switch (signal.kind) {
            case EXPERT_ORDER -> {
                remember(signal);
                onExpertOrder(signal);
            }
            case ENGAGEMENT -> {
                remember(signal);
                onEngagement(signal);
            }
            case BRAND_LIVE_ORDER, SHELF_ORDER -> remember(signal); // own history; attribution judges the room orders
            case ACTIVITY -> {
                numActivities.inc();
                route(signal, ctx, out);
            }
            case REMINDER -> {
                numReminders.inc();
                route(signal, ctx, out);
            }
            case OPT_OUT -> {
                numOptOuts.inc();
                optedOut.update(true);
            }
            case OPT_IN -> optedOut.clear();
            case REFUSAL -> onRefusal(signal);
        }
    }

    /** Every order and engagement of the user goes into the ranker's own-history features, whatever its channel. */
    private void remember(UserSignal signal) throws Exception {
        OwnHistory history = ownHistory.value();
        history = history == null ? new OwnHistory() : history;
        if (signal.kind == UserSignal.Kind.ENGAGEMENT) {
            history.engagement(signal.brand, signal.detail, signal.eventTime, lambda);
        } else {
            history.order(signal.brand, signal.amountCents / 100.0, signal.refund, signal.eventTime, lambda);
        }
        ownHistory.update(history);
    }

    private void onExpertOrder(UserSignal order) throws Exception {
        numExpertOrders.inc();
        UserState user = userState.value();
        if (order.refund) {
            numRefunds.inc();
            BrandTouches current = user == null ? null : user.touchesOf(order.brand);
            if (current != null) {
                if (current.removeOrder(order.orderId)) {
                    user.put(order.brand, current);
                } else {
                    user.remove(order.brand);
                }
                userState.update(user);
            }
            return;
        }
        touch(user, order.brand, new ExpertTouch(order.expert, ExpertTouch.EXPERT_ORDER, order.orderId, SignalStrength.EXPERT_ORDER, order.eventTime));
    }

    /** The budget stage refused a route this stage proposed: it stops counting against the user's caps. */
    private void onRefusal(UserSignal refusal) throws Exception {
        numRefusals.inc();
        UserState user = userState.value();
        if (user != null && user.routes != null && user.routes.undo(refusal.brand, refusal.eventTime)) {
            numRoutesTakenBack.inc();
            userState.update(user);
        }
    }

    private void onEngagement(UserSignal engagement) throws Exception {
        numEngagements.inc();
        touch(userState.value(), engagement.brand, new ExpertTouch(engagement.expert, ExpertTouch.engagementSource(engagement.detail),
                null, SignalStrength.ofEngagement(engagement.detail), engagement.eventTime));
    }

    private void touch(UserState current, String brand, ExpertTouch touch) throws Exception {
        UserState user = current == null ? new UserState() : current;
        BrandTouches brandTouches = user.touchesOf(brand);
        if (brandTouches == null) {
            brandTouches = new BrandTouches();
        }
        brandTouches.add(touch, windowMillis);
        user.put(brand, brandTouches);
        user.prune(touch.eventTime, windowMillis);
        userState.update(user);
    }

    private void route(UserSignal signal, ReadOnlyContext ctx, Collector<Proposal> out) throws Exception {
        long t = signal.eventTime;
        ReadOnlyBroadcastState<String, BrandSessions> live = ctx.getBroadcastState(LIVE_SESSIONS);
        if (signal.kind == UserSignal.Kind.ACTIVITY && !onAir.anyLiveAt(live.immutableEntries(), t)) {
            // Most traffic slots fall outside every live session: skip the state reads.
            return;
        }
        UserState user = userState.value();
        List<Candidate> candidates = TrustedTouches.only(candidates(signal, user, live), ctx.getBroadcastState(EXPERT_SCORES), rules,
                t, windowMillis, numUntrustedCandidates);
        UserRecord record = null;
        boolean activity = signal.kind == UserSignal.Kind.ACTIVITY;
        if (serving.isLoaded() && (activity || !candidates.isEmpty())) {
            // One read of the user's model record per routing attempt: factors, and audience memberships.
            record = serving.userRecord(signal.user);
            if (!serving.isLoaded()) {
                modelVersion = serving.version(); // the lookup failed and dropped the model
            }
            if (activity && record != null) {
                addAudienceCandidates(record, t, live, candidates);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        numEligible.inc();

        if (Boolean.TRUE.equals(optedOut.value())) {
            suppress(Rule.OPT_OUT);
            return;
        }
        if (rules.isQuiet(t)) {
            suppress(Rule.QUIET_HOURS);
            return;
        }
        RouteHistory routes = user == null || user.routes == null ? new RouteHistory() : user.routes;
        routes.on(rules.localDay(t));
        if (routes.routes >= rules.maxRoutesPerDay()) {
            suppress(Rule.DAILY_CAP);
            return;
        }
        if (routes.routedWithin(t, rules.minGap().toMillis())) {
            suppress(Rule.MIN_GAP);
            return;
        }

        RankerFeatures features = null;
        LinearRanker ranker = serving.ranker();
        if (ranker != null) {
            float[] factors = record != null ? record.factors() : foldIn(user, t);
            OwnHistory history = ownHistory.value();
            features = RankerFeatures.of((history == null ? new OwnHistory() : history).at(t, lambda), t, serving.brandSide(), factors);
        }
        ReadOnlyBroadcastState<String, Double> scores = ctx.getBroadcastState(SELLER_SCORES);
        Candidate best = null;
        Candidate bestBlocked = null;
        for (Candidate c : candidates) {
            Double known = scores.get(c.brand);
            double sellerScore = known == null ? rules.unscoredSellerScore() : known;
            c.probability = features == null ? Double.NaN : ranker.probability(features.of(c.brand));
            if (explain && features != null) {
                ctx.output(CANDIDATE_SCORES, new CandidateScore(signal.user, c.brand, t, c.probability));
            }
            c.score = (features == null ? c.strength : c.probability) * Math.pow(Math.max(sellerScore, 0) / 100.0, rules.sellerWeight());
            if (sellerScore < rules.minSellerScore()) {
                c.blockedBy = Rule.SELLER_SCORE;
            } else if (routes.routesTo(c.brand) >= rules.maxRoutesPerBrandPerDay()) {
                c.blockedBy = Rule.BRAND_DAILY_CAP;
            }
            if (c.blockedBy == null && c.beats(best)) {
                best = c;
            } else if (c.blockedBy != null && c.beats(bestBlocked)) {
                bestBlocked = c;
            }
        }
        if (best == null) {
            suppress(bestBlocked.blockedBy);
            return;
        }
        Proposal proposal = propose(signal, best, ctx.getBroadcastState(EXPERT_SCORES));
        routes.record(best.brand, t);
        UserState updated = user == null ? new UserState() : user;
        updated.routes = routes;
        userState.update(updated);
        numProposals.inc();
        if (proposal.holdout) {
            numHeldOut.inc();
        }
        out.collect(proposal);
    }

    private List<Candidate> candidates(UserSignal signal, UserState user, ReadOnlyBroadcastState<String, BrandSessions> live)
            throws Exception {
        long t = signal.eventTime;
        List<Candidate> candidates = new ArrayList<>(2);
        if (user == null) {
            return candidates;
        }
        if (signal.kind == UserSignal.Kind.REMINDER) {
            // The reminder carries its session, so it does not race the broadcast of the same go-live.
            BrandTouches brandTouches = user.touchesOf(signal.brand);
            ExpertTouch[] valid = brandTouches == null ? new ExpertTouch[0] : brandTouches.validAt(t, windowMillis);
            if (valid.length > 0 && t >= signal.sessionStart && t < signal.sessionEnd) {
                candidates.add(new Candidate(signal.brand, signal.sessionId, valid, brandTouches.strengthAt(t, windowMillis)));
            }
            return candidates;
        }
        for (int i = 0; i < user.brands.length; i++) {
            BrandSessions sessions = live.get(user.brands[i]);
            LiveWindow session = sessions == null ? null : sessions.liveAt(t);
            if (session == null) {
                continue;
            }
            ExpertTouch[] valid = user.touches[i].validAt(t, windowMillis);
            if (valid.length > 0) {
                candidates.add(new Candidate(user.brands[i], session.sessionId, valid, user.touches[i].strengthAt(t, windowMillis)));
            }
        }
        return candidates;
    }

    private void addAudienceCandidates(UserRecord record, long t, ReadOnlyBroadcastState<String, BrandSessions> live,
            List<Candidate> candidates) throws Exception {
        for (String brand : record.audienceBrands()) {
            if (candidates.stream().anyMatch(c -> c.brand.equals(brand))) {
                continue;
            }
            BrandSessions sessions = live.get(brand);
            LiveWindow session = sessions == null ? null : sessions.liveAt(t);
            if (session != null) {
                candidates.add(new Candidate(brand, session.sessionId, new ExpertTouch[0], rules.audienceStrength()));
            }
        }
    }

    /** Factors for a user the model does not know, from every valid touch, or null. */
    private float[] foldIn(UserState user, long t) {
        if (!serving.isLoaded() || user == null) {
            return null;
        }
        List<String> brands = new ArrayList<>();
        List<Double> strengths = new ArrayList<>();
        for (int i = 0; i < user.brands.length; i++) {
            double strength = user.touches[i].strengthAt(t, windowMillis);
            if (strength > 0) {
                brands.add(user.brands[i]);
                strengths.add(strength);
            }
        }
        float[] factors = serving.foldIn(brands.toArray(String[]::new), strengths.stream().mapToDouble(Double::doubleValue).toArray());
        if (factors != null) {
            numFoldIns.inc();
        }
        return factors;
    }

    private Proposal propose(UserSignal signal, Candidate chosen, ReadOnlyBroadcastState<String, Double> experts) throws Exception {
        long t = signal.eventTime;
        Proposal p = new Proposal();
        p.decisionId = DecisionIds.of(signal.user, chosen.brand, chosen.sessionId, t);
        p.user = signal.user;
        p.brand = chosen.brand;
        p.sessionId = chosen.sessionId;
        // With a model, the calibrated purchase probability (later stages may price it); without one, the touch strength.
        p.score = Double.isNaN(chosen.probability) ? chosen.score : chosen.probability;
        p.activityTime = t;
        p.parsedAt = signal.parsedAt;
        p.holdout = Holdout.contains(signal.user, rules.holdoutFraction());
        if (chosen.isAudience()) {
            p.reason = "audience:" + serving.version();
            return p;
        }
        ExpertTouch strongest = chosen.touches[0];
        double strongestDecayed = strongest.decayedAt(t, windowMillis);
        ExpertTouch last = chosen.touches[0];
        double total = 0;
        p.experts = new String[chosen.touches.length];
        p.shares = new double[chosen.touches.length];
        for (int i = 0; i < chosen.touches.length; i++) {
            ExpertTouch touch = chosen.touches[i];
            p.experts[i] = touch.expert;
            // Credit follows the touch's strength, weighted by the expert's word-of-mouth score.
            double decayed = touch.decayedAt(t, windowMillis);
            p.shares[i] = decayed * rules.expertScore(experts.get(touch.expert)) / 100;
            total += p.shares[i];
            if (decayed > strongestDecayed) {
                strongest = touch;
                strongestDecayed = decayed;
            }
            if (touch.eventTime > last.eventTime) {
                last = touch;
            }
        }
        for (int i = 0; i < p.shares.length; i++) {
            p.shares[i] = total > 0 ? p.shares[i] / total : 1.0 / p.shares.length;
        }
        p.expert = last.expert;
        String prefix = signal.kind == UserSignal.Kind.REMINDER ? "reminder:" : "";
        p.reason = prefix + strongest.source + ":" + strongest.expert;
        return p;
    }

    private void suppress(Rule rule) {
        numSuppressed.get(rule).inc();
    }

    @Override
    public void processBroadcastElement(BroadcastUpdate update, Context ctx, Collector<Proposal> out) throws Exception {
        if (update.model != null) {
            if (!serving.serves(update.model.version) && swap(update.model)) {
                ctx.getBroadcastState(MODEL).put("current", update.model);
            }
        } else if (update.sellerScore != null) {
            numSellerScoreUpdates.inc();
            if (update.sellerScore.expert != null) {
                ctx.getBroadcastState(EXPERT_SCORES).put(update.sellerScore.expert, update.sellerScore.score);
            } else {
                ctx.getBroadcastState(SELLER_SCORES).put(update.sellerScore.brand, update.sellerScore.score);
            }
        } else {
            onSessionUpdate(update.session, ctx);
        }
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
        onAir.invalidate();
        int count = 0;
        for (Map.Entry<String, BrandSessions> entry : live.immutableEntries()) {
            if (entry.getValue().isOnAir()) {
                count++;
            }
        }
        liveBrands = count;
    }
}
