package io.chuanliu.stream.job;

import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.events.RoutingStats;
import io.chuanliu.stream.functions.Attribution;
import io.chuanliu.stream.functions.BudgetGate;
import io.chuanliu.stream.functions.GoLiveReminders;
import io.chuanliu.stream.functions.RoutingBroadcast;
import io.chuanliu.stream.functions.RoutingFunction;
import io.chuanliu.stream.functions.SplitControl;
import io.chuanliu.stream.records.BrandSignal;
import io.chuanliu.stream.records.BroadcastUpdate;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.stats.BrandOutcome;
import io.chuanliu.stream.stats.PerBrandStats;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Chuanliu routing job. {@link #main} reads the config and wires; {@link #define} builds the
 * graph, so tests run exactly what a cluster runs.
 *
 * <pre>
 * expert-orders --parse--+-- expert orders ------------------------------+--> warm audience (by brand) -- reminders --+
 *                        +-- brand-room orders --------------------------|----------------------------------------+    |
 * engagements, user-activity --parse----------------------------------+  |                                        |    |
 * control --parse--> split: opt-outs ---------------------------------+--+--> route users (by user) <-- broadcast  |    |
 *                           seller scores -----------------------------------> broadcast (sessions, models, scores) |    |
 *                           budgets ---+                                           |                                |    |
 * live-sessions --parse----------------+--> budget gate (by brand) <-- proposals --+                                |    |
 *                                             |  decisions --> routing-decisions (at least once)                   |    |
 *                                             |  refusals --> routing-refusals --parse--> back into route users    |    |
 *                                             +- attributable --> attribution (by user) <-- brand-room orders -----+    |
 *                                                                  rewards --> expert-rewards (exactly once)            |
 *                                                                  conversions --> conversions (exactly once)           |
 * admitted, refused, conversions, budgets --> per-brand stats (by brand) --> routing-stats (snapshots, compacted)        |
 * every parse -> dead letters -> dead-letters                      reminders back into route users <--------------------+
 * </pre>
 *
 * <p>Operator uids are stable: savepoints depend on them, so a released uid never changes.
 */
public final class RoutingJob {

    private final RoutingJobConfig config;

    public RoutingJob(RoutingJobConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        RoutingJobConfig config = RoutingJobConfig.fromArgs(args);
        KafkaPreflight.check(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new RoutingJob(config).define(env);
        env.execute(config.jobName());
    }

    /** The job as it runs on a cluster: Kafka in, Kafka out. */
    public void define(StreamExecutionEnvironment env) {
        define(env, new KafkaInputs(config), new KafkaOutputs(config));
    }

    /**
     * The graph between any inputs and outputs: tests pass in-memory topics to run it without a
     * broker, or wrap the sinks to inject faults.
     */
    public void define(StreamExecutionEnvironment env, RoutingInputs inputs, RoutingOutputs outputs) {
        env.setMaxParallelism(config.maxParallelism());
        // No function keeps or changes a record it has emitted or received, so chained operators may
        // pass records by reference instead of copying each one (the profiler showed the copies).
        env.getConfig().enableObjectReuse();
        env.setBufferTimeout(config.bufferTimeout().toMillis());
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        env.getCheckpointConfig()
                .setCheckpointTimeout(KafkaEndpoints.checkpointTimeout(config.checkpointInterval())
                        .toMillis());
        JobTopics topics = config.topics();

        ParsedInputs in = ParsedInputs.read(env, inputs, config);
        SingleOutputStreamOperator<UserSignal> orders = in.orders();
        SingleOutputStreamOperator<SessionUpdate> sessions = in.sessions();

        SingleOutputStreamOperator<UserSignal> optOuts = in.control()
                .process(new SplitControl(), TypeInformation.of(UserSignal.class))
                .name("Split control events")
                .uid("split-control");
        DataStream<UserSignal> expertOrders = orders.filter(o -> o.kind == UserSignal.Kind.EXPERT_ORDER)
                .name("Expert-channel orders")
                .uid("expert-channel-orders");
        DataStream<UserSignal> brandRoomOrders = orders.filter(o -> o.kind == UserSignal.Kind.BRAND_LIVE_ORDER)
                .name("Brand-room orders")
                .uid("brand-room-orders");
        DataStream<BrandSignal> sessionsByBrand = sessions.map(BrandSignal::of, TypeInformation.of(BrandSignal.class))
                .name("Sessions for brand stages")
                .uid("sessions-for-brand-stages");

        DataStream<UserSignal> reminders = expertOrders
                .filter(o -> !o.refund)
                .name("Expert buyers")
                .uid("expert-buyers")
                .map(BrandSignal::buyer, TypeInformation.of(BrandSignal.class))
                .name("Buyers by brand")
                .uid("buyers-by-brand")
                .union(sessionsByBrand)
                .keyBy(s -> s.brand)
                .process(
                        new GoLiveReminders(config.rules().eligibilityWindow(), config.remindersPerSession()),
                        TypeInformation.of(UserSignal.class))
                .name("Go-live reminders")
                .uid("go-live-reminders");

        BroadcastStream<BroadcastUpdate> broadcast = sessions.map(
                        BroadcastUpdate::of, TypeInformation.of(BroadcastUpdate.class))
                .name("Wrap session updates")
                .uid("wrap-session-updates")
                .union(
                        in.models()
                                .map(BroadcastUpdate::of, TypeInformation.of(BroadcastUpdate.class))
                                .name("Wrap model updates")
                                .uid("wrap-model-updates"),
                        optOuts.getSideOutput(SplitControl.SELLER_SCORES)
                                .map(BroadcastUpdate::of, TypeInformation.of(BroadcastUpdate.class))
                                .name("Wrap seller scores")
                                .uid("wrap-seller-scores"))
                .broadcast(
                        RoutingBroadcast.LIVE_SESSIONS,
                        RoutingBroadcast.MODEL,
                        RoutingBroadcast.SELLER_SCORES,
                        RoutingBroadcast.EXPERT_SCORES);

        // Every order (any channel) feeds the ranker's own-history features; expert orders also make their buyers
        // routable.
        DataStream<Proposal> proposals = orders.union(
                        in.engagements(), in.activity(), optOuts, reminders, in.refusals())
                .keyBy(signal -> signal.user)
                .connect(broadcast)
                .process(
                        new RoutingFunction(
                                        config.rules(),
                                        config.modelRoot(),
                                        config.historyHalfLife(),
                                        config.historyTtl())
                                .cachingModelsIn(config.modelCacheDir()),
                        TypeInformation.of(Proposal.class))
                .name("Route users to live rooms")
                .uid("route-users");

        SingleOutputStreamOperator<RoutingDecision> decisions = proposals
                .keyBy(p -> p.brand)
                .connect(sessionsByBrand
                        .union(optOuts.getSideOutput(SplitControl.BUDGETS))
                        .keyBy(s -> s.brand))
                .process(
                        new BudgetGate(config.rules().zone(), config.budgetBurst(), config.budgetPacing()),
                        TypeInformation.of(RoutingDecision.class))
                .name("Brand budgets and pacing")
                .uid("brand-budgets");
        decisions.sinkTo(outputs.decisions()).name("Routing decisions sink").uid("routing-decisions-sink");
        decisions
                .getSideOutput(BudgetGate.REFUSED)
                .sinkTo(outputs.refusals())
                .name("Routing refusals sink")
                .uid("routing-refusals-sink");

        SingleOutputStreamOperator<ExpertReward> rewards = decisions
                .getSideOutput(BudgetGate.ATTRIBUTABLE)
                .keyBy(p -> p.user)
                .connect(brandRoomOrders.keyBy(o -> o.user))
                .process(
                        new Attribution(config.attributionWindow(), config.refundWindow(), config.attributionMode()),
                        TypeInformation.of(ExpertReward.class))
                .name("Attribute conversions and reward experts")
                .uid("attribution");
        rewards.sinkTo(outputs.rewards()).name("Expert rewards sink").uid("expert-rewards-sink");
        rewards.getSideOutput(Attribution.CONVERSIONS)
                .sinkTo(outputs.conversions())
                .name("Conversions sink")
                .uid("conversions-sink");

        // Per brand and day: routes, hold-outs, refusals, conversions, and the incremental GMV with its interval.
        TypeInformation<BrandOutcome> outcomeType = TypeInformation.of(BrandOutcome.class);
        SingleOutputStreamOperator<RoutingStats> stats = decisions
                .getSideOutput(BudgetGate.ATTRIBUTABLE)
                .map(BrandOutcome::admitted, outcomeType)
                .name("Admitted for stats")
                .uid("admitted-for-stats")
                .union(
                        decisions
                                .getSideOutput(BudgetGate.REFUSED)
                                .map(BrandOutcome::refused, outcomeType)
                                .name("Refused for stats")
                                .uid("refused-for-stats"),
                        rewards.getSideOutput(Attribution.CONVERSIONS)
                                .map(BrandOutcome::converted, outcomeType)
                                .name("Conversions for stats")
                                .uid("conversions-for-stats"),
                        optOuts.getSideOutput(SplitControl.BUDGETS)
                                .map(BrandOutcome::budget, outcomeType)
                                .name("Budgets for stats")
                                .uid("budgets-for-stats"))
                .keyBy(o -> o.brand)
                .process(
                        new PerBrandStats(
                                config.rules(),
                                config.statsFlushInterval(),
                                config.attributionWindow(),
                                config.statsLateness()),
                        TypeInformation.of(RoutingStats.class))
                .name("Per-brand routing stats")
                .uid("routing-stats");
        stats.sinkTo(outputs.stats()).name("Routing stats sink").uid("routing-stats-sink");

        in.deadLetters().sinkTo(outputs.deadLetters()).name("Dead letters sink").uid("dead-letters-sink");
    }
}
