package io.chuanliu.stream.functions;

import static io.chuanliu.stream.functions.RoutingBroadcast.CURRENT_MODEL;
import static io.chuanliu.stream.functions.RoutingBroadcast.EXPERT_SCORES;
import static io.chuanliu.stream.functions.RoutingBroadcast.LIVE_SESSIONS;
import static io.chuanliu.stream.functions.RoutingBroadcast.MODEL;
import static io.chuanliu.stream.functions.RoutingBroadcast.SELLER_SCORES;

import io.chuanliu.common.model.UserRecord;
import io.chuanliu.common.ranking.Decay;
import io.chuanliu.common.ranking.LinearRanker;
import io.chuanliu.common.ranking.RankerFeatures;
import io.chuanliu.stream.model.ModelRejectedException;
import io.chuanliu.stream.model.ServingModel;
import io.chuanliu.stream.records.BroadcastUpdate;
import io.chuanliu.stream.records.CandidateScore;
import io.chuanliu.stream.records.ModelUpdate;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.rules.OwnHistoryDefaults;
import io.chuanliu.stream.rules.RoutingRules;
import io.chuanliu.stream.rules.Rule;
import io.chuanliu.stream.rules.UserRules;
import io.chuanliu.stream.state.BrandSessions;
import io.chuanliu.stream.state.OnAirIndex;
import io.chuanliu.stream.state.RouteHistory;
import io.chuanliu.stream.state.UserState;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
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
 * <p>State: see {@link UserMemory}.
 *
 * <p>Its parts: {@link Candidates} (who could be routed where), {@link TrustedTouches} (experts'
 * word-of-mouth), {@link UserRules} (the rules, in order),
 * {@link CandidateScoring} (the served ranker's probability times the seller factor),
 * {@link ExpertCredit} (the proposal and who earns credit) and {@link RoutingMetrics}. A suppression
 * is counted once per activity under the rule that stopped it.
 */
public final class RoutingFunction
        extends KeyedBroadcastProcessFunction<String, UserSignal, BroadcastUpdate, Proposal> {

    private static final long serialVersionUID = 1L;

    /** Every candidate's ranker probability, when {@link #explainingScores()} asked for them. */
    public static final OutputTag<CandidateScore> CANDIDATE_SCORES = new OutputTag<>("candidate-scores") {};

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RoutingFunction.class);

    private final RoutingRules rules;
    private final long windowMillis;
    private final Duration historyHalfLife;
    private final Duration historyTtl;
    private final double lambda;
    private final String modelRoot;
    private String modelCacheDir = "";
    private boolean explain;

    private transient UserMemory memory;
    private transient RoutingMetrics metrics;
    private transient Candidates candidates;
    private transient UserRules userRules;
    private transient CandidateScoring scoring;
    private transient ExpertCredit credit;
    private transient volatile int liveBrands;
    private transient OnAirIndex onAir;
    private transient ServingModel serving;
    private transient volatile String modelVersion;

    /** With the default own-history half-life and lifetime, serving models from anywhere. */
    public RoutingFunction(RoutingRules rules) {
        this(rules, "", OwnHistoryDefaults.HALF_LIFE, OwnHistoryDefaults.TTL);
    }

    /**
     * @param modelRoot the directory (path or URI) every served model must lie under; empty for anywhere
     * @param historyHalfLife the half-life of the own-history features; a model whose ranker decays differently is refused
     * @param historyTtl how long a user's state value (own history, touches, routes) lives after its last write
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
        MetricGroup group = getRuntimeContext().getMetricGroup();
        metrics = new RoutingMetrics(group);
        memory = new UserMemory(getRuntimeContext(), rules.eligibilityWindow(), historyTtl, lambda, metrics);
        group.gauge("currentLiveBrands", () -> liveBrands);
        candidates = new Candidates(windowMillis, rules.audienceStrength());
        userRules = new UserRules(rules);
        scoring = new CandidateScoring(rules);
        credit = new ExpertCredit(rules);
        serving = ServingModel.forSubtask(getRuntimeContext(), modelRoot, modelCacheDir, historyHalfLife);
        group.gauge("numModelLookupFailures", () -> serving.lookupFailures());
        modelVersion = serving.version();
        group.gauge("currentModelVersion", () -> modelVersion);
    }

    @Override
    public void close() {
        if (serving != null) {
            serving.close();
        }
    }

    @Override
    public void processElement(UserSignal signal, ReadOnlyContext ctx, Collector<Proposal> out) throws Exception {
        ModelUpdate announced = ctx.getBroadcastState(MODEL).get(CURRENT_MODEL);
        if (announced != null && !serving.serves(announced.version) && !serving.hasRejected(announced.version)) {
            // After a restore the broadcast state names the model; load it on first use (once: a failure is
            // remembered).
            swap(announced);
        }
        Long timestamp = ctx.timestamp();
        if (timestamp != null && timestamp < ctx.currentWatermark()) {
            // Late events are still used at their own event time: a late order still makes its buyer routable.
            metrics.lateEvents.inc();
        }
        switch (signal.kind) {
            case EXPERT_ORDER -> memory.onExpertOrder(signal);
            case ENGAGEMENT -> memory.onEngagement(signal);
            case BRAND_LIVE_ORDER, SHELF_ORDER ->
                memory.onOrder(signal); // own history; attribution judges the room orders
            case ACTIVITY -> {
                metrics.activities.inc();
                route(signal, ctx, out);
            }
            case REMINDER -> {
                metrics.reminders.inc();
                route(signal, ctx, out);
            }
            case OPT_OUT -> memory.optOut();
            case OPT_IN -> memory.optIn();
            case REFUSAL -> memory.onRefusal(signal);
        }
    }

    private void route(UserSignal signal, ReadOnlyContext ctx, Collector<Proposal> out) throws Exception {
        long t = signal.eventTime;
        ReadOnlyBroadcastState<String, BrandSessions> live = ctx.getBroadcastState(LIVE_SESSIONS);
        if (signal.kind == UserSignal.Kind.ACTIVITY && !onAir.anyLiveAt(live.immutableEntries(), t)) {
            // Most traffic slots fall outside every live session: skip the state reads.
            return;
        }
        UserState user = memory.user();
        List<Candidate> eligible = TrustedTouches.only(
                candidates.ofTouches(signal, user, live),
                ctx.getBroadcastState(EXPERT_SCORES),
                rules,
                t,
                windowMillis,
                metrics.untrustedCandidates);
        UserRecord record = null;
        boolean activity = signal.kind == UserSignal.Kind.ACTIVITY;
        if (serving.isLoaded() && (activity || !eligible.isEmpty())) {
            // One read of the user's model record per routing attempt: factors, and audience memberships.
            record = serving.userRecord(signal.user);
            if (!serving.isLoaded()) {
                modelVersion = serving.version(); // the lookup failed and dropped the model
            }
            if (activity && record != null) {
                candidates.addAudiences(record, t, live, eligible);
            }
        }
        if (eligible.isEmpty()) {
            return;
        }
        metrics.eligible.inc();

        RouteHistory routes = user == null || user.routes == null ? new RouteHistory() : user.routes;
        routes.on(rules.localDay(t));
        Rule stop = userRules.blockingUser(memory.isOptedOut(user), t, routes);
        if (stop != null) {
            metrics.suppressed(stop);
            return;
        }
        LinearRanker ranker = serving.ranker();
        RankerFeatures features = ranker == null ? null : features(user, record, t);
        CandidateScoring.Choice choice =
                scoring.choose(eligible, ranker, features, ctx.getBroadcastState(SELLER_SCORES), routes, c -> {
                    if (explain) {
                        ctx.output(CANDIDATE_SCORES, new CandidateScore(signal.user, c.brand, t, c.probability));
                    }
                });
        if (choice.best() == null) {
            metrics.suppressed(choice.bestBlocked().blockedBy);
            return;
        }
        Proposal proposal =
                credit.propose(signal, choice.best(), ctx.getBroadcastState(EXPERT_SCORES), serving.version());
        routes.record(choice.best().brand, t);
        UserState updated = memory.orNew(user);
        updated.routes = routes;
        memory.update(updated);
        metrics.proposals.inc();
        if (proposal.holdout) {
            metrics.heldOut.inc();
        }
        out.collect(proposal);
    }

    /** The served ranker's features: the user's own history now, and factors from the user store or folded in from touches. */
    private RankerFeatures features(UserState user, UserRecord record, long t) throws Exception {
        float[] factors = record != null ? record.factors() : foldIn(user, t);
        return RankerFeatures.of(memory.ownHistory(user).at(t, lambda), t, serving.brandSide(), factors);
    }

    /** Factors for a user the model does not know, from every valid touch, or null. */
    private float[] foldIn(UserState user, long t) {
        float[] factors = user == null ? null : serving.foldIn(user.brands, user.strengthsAt(t, windowMillis));
        if (factors != null) {
            metrics.foldIns.inc();
        }
        return factors;
    }

    @Override
    public void processBroadcastElement(BroadcastUpdate update, Context ctx, Collector<Proposal> out) throws Exception {
        memory.foldLegacy(ctx);
        if (update.model != null) {
            if (!serving.serves(update.model.version) && swap(update.model)) {
                ctx.getBroadcastState(MODEL).put(CURRENT_MODEL, update.model);
            }
        } else if (update.sellerScore != null) {
            metrics.sellerScoreUpdates.inc();
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
            metrics.modelsLoaded.inc();
            LOG.info("serving model {} version {}", update.name, update.version);
            return true;
        } catch (ModelRejectedException e) {
            metrics.modelsRejected.inc();
            LOG.warn("{}; still serving version {}", e.getMessage(), serving.version());
            return false;
        }
    }

    private void onSessionUpdate(SessionUpdate update, Context ctx) throws Exception {
        metrics.sessionUpdates.inc();
        liveBrands = RoutingBroadcast.applySession(ctx.getBroadcastState(LIVE_SESSIONS), update);
        onAir.invalidate();
    }
}
