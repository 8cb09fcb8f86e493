package io.chuanliu.stream.job;

import io.chuanliu.common.Topics;
import io.chuanliu.common.config.Setting;
import io.chuanliu.common.config.Settings;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Everything the routing job is told, read once in {@code main()} from {@code --key value} arguments.
 * Cluster concerns (state backend, checkpoint storage, reporters) live in the cluster's config.yaml.
 */
public record RoutingJobConfig(
        String bootstrapServers,
        String groupId,
        String startingOffsets,
        String expertOrdersTopic,
        String engagementsTopic,
        String liveSessionsTopic,
        String userActivityTopic,
        String modelUpdatesTopic,
        String routingDecisionsTopic,
        String deadLettersTopic,
        Duration eligibilityWindow,
        Duration minGapBetweenRoutes,
        Duration maxFutureSkew,
        Duration outOfOrderness,
        Duration sourceIdleness,
        Duration checkpointInterval,
        int maxParallelism,
        String jobName)
        implements Serializable {

    public static final Setting<String> BOOTSTRAP_SERVERS =
            Setting.string("kafka.bootstrap-servers", null, "Kafka bootstrap servers, host:port[,host:port]");
    public static final Setting<String> GROUP_ID =
            Setting.string("kafka.group-id", "chuanliu-routing", "consumer group of the job's Kafka sources");
    public static final Setting<String> STARTING_OFFSETS = Setting.string("kafka.starting-offsets", "committed",
            "where a fresh job starts reading: committed (falling back to earliest), earliest or latest");
    public static final Setting<String> EXPERT_ORDERS_TOPIC =
            Setting.string("topic.expert-orders", Topics.EXPERT_ORDERS, "expert orders, keyed by user");
    public static final Setting<String> ENGAGEMENTS_TOPIC =
            Setting.string("topic.engagements", Topics.ENGAGEMENTS, "likes, carts and views, keyed by user");
    public static final Setting<String> LIVE_SESSIONS_TOPIC =
            Setting.string("topic.live-sessions", Topics.LIVE_SESSIONS, "brand live-room sessions, keyed by brand");
    public static final Setting<String> USER_ACTIVITY_TOPIC =
            Setting.string("topic.user-activity", Topics.USER_ACTIVITY, "app activity (traffic slots), keyed by user");
    public static final Setting<String> MODEL_UPDATES_TOPIC =
            Setting.string("topic.model-updates", Topics.MODEL_UPDATES, "published models (ModelRef), keyed by model name, compacted");
    public static final Setting<String> ROUTING_DECISIONS_TOPIC =
            Setting.string("topic.routing-decisions", Topics.ROUTING_DECISIONS, "routing decisions out, keyed by user");
    public static final Setting<String> DEAD_LETTERS_TOPIC =
            Setting.string("topic.dead-letters", Topics.DEAD_LETTERS, "invalid input out, keyed by source topic");
    public static final Setting<Duration> ELIGIBILITY_WINDOW = Setting.duration("routing.eligibility-window",
            Duration.ofDays(7), "how long an expert order or engagement keeps its buyer routable to the brand");
    public static final Setting<Duration> MIN_GAP = Setting.duration("routing.min-gap", Duration.ofMinutes(30),
            "shortest time between two routes to the same user");
    public static final Setting<Duration> MAX_FUTURE_SKEW = Setting.duration("validation.max-future-skew",
            Duration.ofHours(1), "how far ahead of the wall clock an event time may be before it is dead-lettered");
    public static final Setting<Duration> OUT_OF_ORDERNESS = Setting.duration("watermark.out-of-orderness",
            Duration.ofSeconds(5), "bounded out-of-orderness of event times within a partition");
    public static final Setting<Duration> SOURCE_IDLENESS = Setting.duration("watermark.idleness",
            Duration.ofSeconds(30), "after this long without records a partition stops holding the watermark back");
    public static final Setting<Duration> CHECKPOINT_INTERVAL = Setting.duration("checkpoint.interval",
            Duration.ofSeconds(10), "checkpoint interval; Kafka offsets are committed on checkpoints");
    public static final Setting<Integer> MAX_PARALLELISM = Setting.positiveInt("job.max-parallelism", 1024,
            "key groups of the user key; fixed for the life of the job's state and of the model's user shards");
    public static final Setting<String> JOB_NAME = Setting.string("job.name", "Chuanliu routing", "job name in the Flink UI");

    public static final List<Setting<?>> ALL = List.of(BOOTSTRAP_SERVERS, GROUP_ID, STARTING_OFFSETS,
            EXPERT_ORDERS_TOPIC, ENGAGEMENTS_TOPIC, LIVE_SESSIONS_TOPIC, USER_ACTIVITY_TOPIC, MODEL_UPDATES_TOPIC, ROUTING_DECISIONS_TOPIC,
            DEAD_LETTERS_TOPIC, ELIGIBILITY_WINDOW, MIN_GAP, MAX_FUTURE_SKEW, OUT_OF_ORDERNESS, SOURCE_IDLENESS,
            CHECKPOINT_INTERVAL, MAX_PARALLELISM, JOB_NAME);

    /** Reads and checks every setting; fails on the first missing, ill-formed or unknown key. */
    public static RoutingJobConfig from(Settings settings) {
        settings.requireOnly(ALL);
        String startingOffsets = settings.get(STARTING_OFFSETS);
        if (!List.of("committed", "earliest", "latest").contains(startingOffsets)) {
            throw new io.chuanliu.common.config.InvalidSettingException(STARTING_OFFSETS.key(),
                    "expected committed, earliest or latest, got '" + startingOffsets + "'");
        }
        return new RoutingJobConfig(
                settings.get(BOOTSTRAP_SERVERS),
                settings.get(GROUP_ID),
                startingOffsets,
                settings.get(EXPERT_ORDERS_TOPIC),
                settings.get(ENGAGEMENTS_TOPIC),
                settings.get(LIVE_SESSIONS_TOPIC),
                settings.get(USER_ACTIVITY_TOPIC),
                settings.get(MODEL_UPDATES_TOPIC),
                settings.get(ROUTING_DECISIONS_TOPIC),
                settings.get(DEAD_LETTERS_TOPIC),
                settings.get(ELIGIBILITY_WINDOW),
                settings.get(MIN_GAP),
                settings.get(MAX_FUTURE_SKEW),
                settings.get(OUT_OF_ORDERNESS),
                settings.get(SOURCE_IDLENESS),
                settings.get(CHECKPOINT_INTERVAL),
                settings.get(MAX_PARALLELISM),
                settings.get(JOB_NAME));
    }

    public static RoutingJobConfig fromArgs(String... args) {
        return from(Settings.fromArgs(args));
    }
}
