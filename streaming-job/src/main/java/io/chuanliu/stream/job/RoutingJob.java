package io.chuanliu.stream.job;

import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.common.json.EventParser;
import io.chuanliu.stream.functions.ParseEvents;
import io.chuanliu.stream.functions.RoutingFunction;
import io.chuanliu.stream.records.BroadcastUpdate;
import io.chuanliu.stream.records.ModelUpdate;
import io.chuanliu.stream.records.RawRecord;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The Chuanliu routing job. {@link #main} reads the config and wires; {@link #define} builds the
 * graph, so tests run exactly what a cluster runs.
 *
 * <pre>
 * expert-orders, engagements, user-activity -> parse -> keyBy(user) ----+-> route users -> routing-decisions
 * live-sessions, model-updates -> parse -> broadcast --------------------+
 * every parse -> dead letters -> dead-letters
 * </pre>
 *
 * <p>Operator uids are stable: savepoints depend on them, so a released uid never changes.
 */
public final class RoutingJob {

    /** Brand gap of the foundation: the same brand is routed to a user at most once a day. */
    static final Duration BRAND_GAP = Duration.ofHours(24);

    private final RoutingJobConfig config;
    private final KafkaEndpoints kafka;

    public RoutingJob(RoutingJobConfig config) {
        this.config = config;
        this.kafka = new KafkaEndpoints(config);
    }

    public static void main(String[] args) throws Exception {
        RoutingJobConfig config = RoutingJobConfig.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new RoutingJob(config).define(env);
        env.execute(config.jobName());
    }

    public void define(StreamExecutionEnvironment env) {
        env.setMaxParallelism(config.maxParallelism());
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        env.getCheckpointConfig().setCheckpointTimeout(KafkaEndpoints.checkpointTimeout(config.checkpointInterval()).toMillis());

        SingleOutputStreamOperator<UserSignal> orders = parse(env, config.expertOrdersTopic(), "expert-orders",
                "Expert orders", ExpertOrder.class, UserSignal::of, UserSignal.class);
        SingleOutputStreamOperator<UserSignal> engagements = parse(env, config.engagementsTopic(), "engagements",
                "Engagements", Engagement.class, UserSignal::of, UserSignal.class);
        SingleOutputStreamOperator<UserSignal> activity = parse(env, config.userActivityTopic(), "user-activity",
                "User activity", UserActivity.class, UserSignal::of, UserSignal.class);
        SingleOutputStreamOperator<SessionUpdate> sessions = parse(env, config.liveSessionsTopic(), "live-sessions",
                "Live sessions", LiveSession.class, SessionUpdate::of, SessionUpdate.class);

        SingleOutputStreamOperator<ModelUpdate> models = parse(env, config.modelUpdatesTopic(), "model-updates",
                "Model updates", ModelRef.class, ModelUpdate::of, ModelUpdate.class);
        BroadcastStream<BroadcastUpdate> broadcast = sessions.map(BroadcastUpdate::of, TypeInformation.of(BroadcastUpdate.class))
                .name("Wrap session updates").uid("wrap-session-updates")
                .union(models.map(BroadcastUpdate::of, TypeInformation.of(BroadcastUpdate.class))
                        .name("Wrap model updates").uid("wrap-model-updates"))
                .broadcast(RoutingFunction.LIVE_SESSIONS, RoutingFunction.MODEL);
        DataStream<RoutingDecision> decisions = orders.union(engagements, activity)
                .keyBy(signal -> signal.user)
                .connect(broadcast)
                .process(new RoutingFunction(config.eligibilityWindow(), config.minGapBetweenRoutes(), BRAND_GAP))
                .name("Route users to live rooms")
                .uid("route-users");
        decisions.sinkTo(kafka.atLeastOnceSink(config.routingDecisionsTopic(), RoutingDecision::user))
                .name("Routing decisions sink")
                .uid("routing-decisions-sink");

        DataStream<DeadLetter> deadLetters = orders.getSideOutput(ParseEvents.DEAD_LETTERS)
                .union(engagements.getSideOutput(ParseEvents.DEAD_LETTERS),
                        activity.getSideOutput(ParseEvents.DEAD_LETTERS),
                        sessions.getSideOutput(ParseEvents.DEAD_LETTERS),
                        models.getSideOutput(ParseEvents.DEAD_LETTERS));
        deadLetters.sinkTo(kafka.atLeastOnceSink(config.deadLettersTopic(), DeadLetter::sourceTopic))
                .name("Dead letters sink")
                .uid("dead-letters-sink");
    }

    private <T extends Event, OUT> SingleOutputStreamOperator<OUT> parse(StreamExecutionEnvironment env, String topic,
            String id, String title, Class<T> type, SerializableFunction<T, OUT> convert, Class<OUT> outType) {
        DataStream<RawRecord> raw = env.fromSource(kafka.source(topic), kafka.watermarks(), title + " source")
                .uid(id + "-source");
        return raw.process(new ParseEvents<>(new EventParser<>(type, config.maxFutureSkew().toMillis()), convert),
                        TypeInformation.of(outType))
                .name("Parse " + title.toLowerCase(java.util.Locale.ROOT))
                .uid("parse-" + id);
    }
}
