package io.chuanliu.stream.job;

import io.chuanliu.common.Topics;
import io.chuanliu.common.config.InvalidSettingException;
import io.chuanliu.common.config.KafkaClientSettings;
import io.chuanliu.common.config.Setting;
import io.chuanliu.common.config.Settings;
import io.chuanliu.common.json.EventShape;
import io.chuanliu.stream.functions.Attribution;
import io.chuanliu.stream.functions.BudgetGate;
import io.chuanliu.stream.rules.OwnHistoryDefaults;
import io.chuanliu.stream.rules.QuietHours;
import io.chuanliu.stream.rules.RoutingRules;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the routing job is told, read once in {@code main()} from {@code --key value} arguments.
 * Cluster concerns (state backend, checkpoint storage, reporters) live in the cluster's config.yaml.
 */
public record RoutingJobConfig(
        String bootstrapServers,
        String groupId,
        String startingOffsets,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        Topics topics,
        RoutingRules rules,
        Duration attributionWindow,
        Duration refundWindow,
        Attribution.Mode attributionMode,
        int remindersPerSession,
        double budgetBurst,
        BudgetGate.PacingMode budgetPacing,
        Duration maxFutureSkew,
        Duration outOfOrderness,
        Duration sourceIdleness,
        Duration checkpointInterval,
        int maxParallelism,
        String jobName,
        Duration bufferTimeout,
        String modelRoot,
        String modelCacheDir,
        Duration historyHalfLife,
        Duration historyTtl,
        Duration statsFlushInterval,
        Duration statsLateness,
        Map<String, String> kafkaClient,
        Map<String, EventShape> inputShapes)
        implements Serializable {

    /** The topic names the job reads and writes. */
    public record Topics(
            String expertOrders,
            String engagements,
            String liveSessions,
            String userActivity,
            String control,
            String modelUpdates,
            String routingDecisions,
            String expertRewards,
            String conversions,
            String deadLetters,
            String routingRefusals,
            String routingStats)
            implements Serializable {

        /** Every topic of the job by the setting that names it. */
        public Map<String, String> bySetting() {
            Map<String, String> topics = new java.util.LinkedHashMap<>();
            topics.put(EXPERT_ORDERS_TOPIC.key(), expertOrders);
            topics.put(ENGAGEMENTS_TOPIC.key(), engagements);
            topics.put(LIVE_SESSIONS_TOPIC.key(), liveSessions);
            topics.put(USER_ACTIVITY_TOPIC.key(), userActivity);
            topics.put(CONTROL_TOPIC.key(), control);
            topics.put(MODEL_UPDATES_TOPIC.key(), modelUpdates);
            topics.put(ROUTING_DECISIONS_TOPIC.key(), routingDecisions);
            topics.put(EXPERT_REWARDS_TOPIC.key(), expertRewards);
            topics.put(CONVERSIONS_TOPIC.key(), conversions);
            topics.put(DEAD_LETTERS_TOPIC.key(), deadLetters);
            topics.put(ROUTING_REFUSALS_TOPIC.key(), routingRefusals);
            topics.put(ROUTING_STATS_TOPIC.key(), routingStats);
            return topics;
        }
    }

    private static final RoutingRules DEFAULT_RULES = RoutingRules.defaults();

    public static final Setting<String> BOOTSTRAP_SERVERS =
            Setting.string("kafka.bootstrap-servers", null, "Kafka bootstrap servers, host:port[,host:port]");
    public static final Setting<String> GROUP_ID =
            Setting.string("kafka.group-id", "chuanliu-routing", "consumer group of the job's Kafka sources");
    public static final Setting<String> STARTING_OFFSETS = Setting.oneOf(
            "kafka.starting-offsets",
            "committed",
            "where a fresh job starts reading: committed (falling back to earliest), earliest or latest",
            "committed",
            "earliest",
            "latest");
    public static final Setting<String> TRANSACTIONAL_ID_PREFIX = Setting.string(
            "kafka.transactional-id-prefix",
            "chuanliu-routing",
            "prefix of the transactional ids of the exactly-once sinks; unique per job on a Kafka cluster");
    public static final Setting<Duration> TRANSACTION_TIMEOUT = Setting.duration(
            "kafka.transaction-timeout",
            Duration.ofHours(1),
            "how long the broker keeps a sink transaction open: longer than any outage the job must survive without losing "
                    + "rewards, and at most the brokers' transaction.max.timeout.ms");
    public static final Setting<String> EXPERT_ORDERS_TOPIC = Setting.string(
            "topic.expert-orders",
            io.chuanliu.common.Topics.EXPERT_ORDERS,
            "expert and brand-room orders, keyed by user");
    public static final Setting<String> ENGAGEMENTS_TOPIC = Setting.string(
            "topic.engagements", io.chuanliu.common.Topics.ENGAGEMENTS, "likes, carts and views, keyed by user");
    public static final Setting<String> LIVE_SESSIONS_TOPIC = Setting.string(
            "topic.live-sessions", io.chuanliu.common.Topics.LIVE_SESSIONS, "brand live-room sessions, keyed by brand");
    public static final Setting<String> USER_ACTIVITY_TOPIC = Setting.string(
            "topic.user-activity",
            io.chuanliu.common.Topics.USER_ACTIVITY,
            "app activity (traffic slots), keyed by user");
    public static final Setting<String> CONTROL_TOPIC = Setting.string(
            "topic.control",
            io.chuanliu.common.Topics.CONTROL,
            "opt-outs, seller scores and brand budgets, keyed by user or brand, compacted");
    public static final Setting<String> MODEL_UPDATES_TOPIC = Setting.string(
            "topic.model-updates",
            io.chuanliu.common.Topics.MODEL_UPDATES,
            "published models (ModelRef), keyed by model name, compacted");
    public static final Setting<String> ROUTING_DECISIONS_TOPIC = Setting.string(
            "topic.routing-decisions",
            io.chuanliu.common.Topics.ROUTING_DECISIONS,
            "routing decisions out (at least once), keyed by user");
    public static final Setting<String> EXPERT_REWARDS_TOPIC = Setting.string(
            "topic.expert-rewards",
            io.chuanliu.common.Topics.EXPERT_REWARDS,
            "expert rewards out (exactly once, read committed), keyed by expert");
    public static final Setting<String> CONVERSIONS_TOPIC = Setting.string(
            "topic.conversions",
            io.chuanliu.common.Topics.CONVERSIONS,
            "routed and hold-out conversions out (exactly once), keyed by user");
    public static final Setting<String> DEAD_LETTERS_TOPIC = Setting.string(
            "topic.dead-letters", io.chuanliu.common.Topics.DEAD_LETTERS, "invalid input out, keyed by source topic");
    public static final Setting<String> ROUTING_REFUSALS_TOPIC = Setting.string(
            "topic.routing-refusals",
            io.chuanliu.common.Topics.ROUTING_REFUSALS,
            "proposals the budget stage refused, written and read back by the job "
                    + "(at least once) so the user's caps do not count them; keyed by user");
    public static final Setting<Duration> ELIGIBILITY_WINDOW = Setting.duration(
            "routing.eligibility-window",
            DEFAULT_RULES.eligibilityWindow(),
            "how long an expert order or engagement keeps its buyer routable to the brand");
    public static final Setting<Duration> MIN_GAP = Setting.duration(
            "routing.min-gap", DEFAULT_RULES.minGap(), "shortest time between two routes to the same user");
    public static final Setting<Integer> MAX_ROUTES_PER_DAY = Setting.positiveInt(
            "routing.max-routes-per-day", DEFAULT_RULES.maxRoutesPerDay(), "routes per user per local day");
    public static final Setting<Integer> MAX_ROUTES_PER_BRAND_PER_DAY = Setting.positiveInt(
            "routing.max-routes-per-brand-per-day",
            DEFAULT_RULES.maxRoutesPerBrandPerDay(),
            "routes of one brand to one user per local day");
    public static final Setting<QuietHours> QUIET_HOURS = Setting.of(
            "routing.quiet-hours",
            DEFAULT_RULES.quietHours(),
            "local hours without routes",
            "HH:mm-HH:mm or none",
            QuietHours::parse);
    public static final Setting<ZoneId> TIME_ZONE = Setting.of(
            "routing.time-zone",
            DEFAULT_RULES.zone(),
            "time zone of days (caps, budgets) and quiet hours",
            "a time-zone id such as Asia/Shanghai",
            ZoneId::of);
    public static final Setting<Double> MIN_SELLER_SCORE = Setting.number(
            "routing.min-seller-score",
            DEFAULT_RULES.minSellerScore(),
            "a brand whose seller score is under this gets no routed traffic");
    public static final Setting<Double> UNSCORED_SELLER_SCORE = Setting.number(
            "routing.unscored-seller-score",
            DEFAULT_RULES.unscoredSellerScore(),
            "seller score assumed for a brand without one");
    public static final Setting<Double> SELLER_WEIGHT = Setting.number(
            "routing.seller-weight",
            DEFAULT_RULES.sellerWeight(),
            "exponent of the seller-score factor in the score; 0 ignores seller scores");
    public static final Setting<Double> AUDIENCE_STRENGTH = Setting.fraction(
            "routing.audience-strength",
            DEFAULT_RULES.audienceStrength(),
            "signal strength of look-alike audience membership (an expert order is 1)");
    public static final Setting<Double> MIN_EXPERT_SCORE = Setting.number(
            "routing.min-expert-score",
            DEFAULT_RULES.minExpertScore(),
            "an expert whose word-of-mouth score (带货口碑分, control topic) is under this makes no one eligible, 0..100");
    public static final Setting<Double> UNSCORED_EXPERT_SCORE = Setting.number(
            "routing.unscored-expert-score",
            DEFAULT_RULES.unscoredExpertScore(),
            "word-of-mouth score of an expert without one, 0..100");
    public static final Setting<Double> HOLDOUT_FRACTION = Setting.fraction(
            "holdout.fraction",
            DEFAULT_RULES.holdoutFraction(),
            "share of users never routed (by user-id hash), to measure incremental GMV");
    public static final Setting<Duration> ATTRIBUTION_WINDOW = Setting.duration(
            "attribution.window", Duration.ofHours(2), "how long after a decision a brand-room order converts it");
    public static final Setting<Duration> REFUND_WINDOW = Setting.duration(
            "attribution.refund-window",
            Duration.ofDays(7),
            "a refund this long after its brand-room order still reverses the order's expert rewards");
    public static final Setting<String> ATTRIBUTION_MODE = Setting.oneOf(
            "attribution.mode",
            "proportional",
            "how reward credit is split among the experts that touched the user",
            "proportional",
            "last_touch");
    public static final Setting<Integer> REMINDERS_PER_SESSION = Setting.positiveInt(
            "reminders.max-per-session",
            1000,
            "go-live reminders a brand's session may send, to its most recent expert buyers");
    public static final Setting<Double> BUDGET_BURST = Setting.fraction(
            "budget.burst", 0.05, "share of a daily budget that may be spent ahead of the even pace over the session");
    public static final Setting<String> BUDGET_PACING = Setting.oneOf(
            "budget.pacing",
            "first-come",
            "which proposals a budget's even pace admits: value (those whose score is among the best the rest of the day's "
                    + "budget can pay for) or first-come (any, in order of arrival)",
            "value",
            "first-come");
    public static final Setting<Duration> MAX_FUTURE_SKEW = Setting.duration(
            "validation.max-future-skew",
            Duration.ofHours(1),
            "how far ahead of the wall clock an event time may be before it is dead-lettered");
    public static final Setting<Duration> OUT_OF_ORDERNESS = Setting.duration(
            "watermark.out-of-orderness",
            Duration.ofSeconds(5),
            "bounded out-of-orderness of event times within a partition");
    public static final Setting<Duration> SOURCE_IDLENESS = Setting.duration(
            "watermark.idleness",
            Duration.ofSeconds(30),
            "after this long without records a partition stops holding the watermark back");
    public static final Setting<Duration> CHECKPOINT_INTERVAL = Setting.duration(
            "checkpoint.interval",
            Duration.ofSeconds(10),
            "checkpoint interval; offsets are committed and rewards published on checkpoints");
    public static final Setting<Integer> MAX_PARALLELISM = Setting.positiveInt(
            "job.max-parallelism",
            1024,
            "key groups of the user key; fixed for the life of the job's state and of the model's user shards");
    public static final Setting<String> JOB_NAME =
            Setting.string("job.name", "Chuanliu routing", "job name in the Flink UI");
    public static final Setting<Duration> BUFFER_TIMEOUT = Setting.duration(
            "job.buffer-timeout",
            Duration.ofMillis(100),
            "longest a network buffer between operators waits to fill before it is sent: lower cuts decision latency (each "
                    + "keyed hop can wait this long), higher raises throughput (e.g. 10ms for latency)");
    /** Any Kafka client setting, passed to every source, sink and admin client: e.g. --kafka.client.security.protocol SASL_SSL. */
    public static final String KAFKA_CLIENT_PREFIX = KafkaClientSettings.PREFIX;

    public static final Setting<String> KAFKA_CLIENT_PROPERTIES_FILE = KafkaClientSettings.FILE;
    /** Client settings the job sets itself: passing them would break exactly-once or the job's own wiring. */
    static final Set<String> JOB_OWNED_CLIENT_KEYS = Set.of(
            "bootstrap.servers",
            "group.id",
            "transactional.id",
            "transaction.timeout.ms",
            "enable.idempotence",
            "isolation.level",
            "key.serializer",
            "value.serializer",
            "key.deserializer",
            "value.deserializer",
            "enable.auto.commit",
            "client.id");

    public static final Setting<String> MODEL_ROOT = Setting.string(
            "model.root",
            "",
            "directory (a path, or a URI such as s3a://bucket/models) every announced model must lie under (empty: anywhere); "
                    + "set it wherever others can write to model-updates");
    public static final Setting<String> MODEL_CACHE_DIR = Setting.string(
            "model.cache-dir",
            "",
            "local directory each TaskManager copies models on remote file systems (hdfs:, s3a:, ...) to, only its own shards "
                    + "(empty: the JVM's temporary directory); each subtask deletes its copies when it closes");
    public static final Setting<Duration> HISTORY_HALF_LIFE = Setting.duration(
            "ranker.half-life",
            OwnHistoryDefaults.HALF_LIFE,
            "half-life of the own-history features the job keeps per user; equal to training's features.half-life, "
                    + "or every model is refused");
    public static final Setting<String> ROUTING_STATS_TOPIC = Setting.string(
            "topic.routing-stats",
            io.chuanliu.common.Topics.ROUTING_STATS,
            "per-brand, per-day routing and incremental-GMV snapshots out (at least once), "
                    + "keyed by brand|day, compacted");
    public static final Setting<Duration> STATS_FLUSH_INTERVAL = Setting.duration(
            "stats.flush-interval",
            Duration.ofSeconds(10),
            "at most how often a brand's routing-stats snapshot is written while its counts change (processing time)");
    public static final Setting<Duration> STATS_LATENESS = Setting.duration(
            "stats.lateness",
            Duration.ofDays(1),
            "how long after a day's attribution window closes its routing-stats still take late conversions; then the day's "
                    + "last snapshot is written and its state dropped");
    public static final Setting<Duration> HISTORY_TTL = Setting.duration(
            "ranker.history-ttl",
            OwnHistoryDefaults.TTL,
            "how long a user's own history is kept after the user's last order or engagement");

    public static final List<Setting<?>> ALL = List.of(
            BOOTSTRAP_SERVERS,
            GROUP_ID,
            STARTING_OFFSETS,
            TRANSACTIONAL_ID_PREFIX,
            TRANSACTION_TIMEOUT,
            EXPERT_ORDERS_TOPIC,
            ENGAGEMENTS_TOPIC,
            LIVE_SESSIONS_TOPIC,
            USER_ACTIVITY_TOPIC,
            CONTROL_TOPIC,
            MODEL_UPDATES_TOPIC,
            ROUTING_DECISIONS_TOPIC,
            EXPERT_REWARDS_TOPIC,
            CONVERSIONS_TOPIC,
            DEAD_LETTERS_TOPIC,
            ROUTING_REFUSALS_TOPIC,
            ROUTING_STATS_TOPIC,
            ELIGIBILITY_WINDOW,
            MIN_GAP,
            MAX_ROUTES_PER_DAY,
            MAX_ROUTES_PER_BRAND_PER_DAY,
            QUIET_HOURS,
            TIME_ZONE,
            MIN_SELLER_SCORE,
            UNSCORED_SELLER_SCORE,
            SELLER_WEIGHT,
            AUDIENCE_STRENGTH,
            HOLDOUT_FRACTION,
            MIN_EXPERT_SCORE,
            UNSCORED_EXPERT_SCORE,
            ATTRIBUTION_WINDOW,
            REFUND_WINDOW,
            ATTRIBUTION_MODE,
            REMINDERS_PER_SESSION,
            BUDGET_BURST,
            BUDGET_PACING,
            MAX_FUTURE_SKEW,
            OUT_OF_ORDERNESS,
            SOURCE_IDLENESS,
            CHECKPOINT_INTERVAL,
            MAX_PARALLELISM,
            JOB_NAME,
            BUFFER_TIMEOUT,
            MODEL_ROOT,
            MODEL_CACHE_DIR,
            HISTORY_HALF_LIFE,
            HISTORY_TTL,
            STATS_FLUSH_INTERVAL,
            STATS_LATENESS,
            KAFKA_CLIENT_PROPERTIES_FILE);

    private static double score(Settings settings, Setting<Double> setting) {
        double value = settings.get(setting);
        if (value < 0 || value > 100) {
            throw new InvalidSettingException(setting.key(), "expected a score in 0..100, got " + value);
        }
        return value;
    }

    /** Reads and checks every setting; fails on the first missing, ill-formed or unknown key. */
    public static RoutingJobConfig from(Settings settings) {
        settings.requireOnly(ALL, List.of(KAFKA_CLIENT_PREFIX, INPUT_PREFIX));
        double minSellerScore = settings.get(MIN_SELLER_SCORE);
        if (minSellerScore < 0 || minSellerScore > 100) {
            throw new InvalidSettingException(
                    MIN_SELLER_SCORE.key(), "expected a score in 0..100, got " + minSellerScore);
        }
        Duration transactionTimeout = settings.get(TRANSACTION_TIMEOUT);
        Duration checkpointTimeout = KafkaEndpoints.checkpointTimeout(settings.get(CHECKPOINT_INTERVAL));
        if (transactionTimeout.compareTo(checkpointTimeout) <= 0) {
            throw new InvalidSettingException(
                    TRANSACTION_TIMEOUT.key(),
                    "must be longer than the checkpoint timeout ("
                            + checkpointTimeout.toMinutes()
                            + " min), or a slow checkpoint's rewards are aborted before they are committed; got "
                            + transactionTimeout);
        }
        RoutingRules rules = new RoutingRules(
                settings.get(ELIGIBILITY_WINDOW),
                settings.get(MIN_GAP),
                settings.get(MAX_ROUTES_PER_DAY),
                settings.get(MAX_ROUTES_PER_BRAND_PER_DAY),
                settings.get(QUIET_HOURS),
                settings.get(TIME_ZONE),
                minSellerScore,
                settings.get(UNSCORED_SELLER_SCORE),
                settings.get(SELLER_WEIGHT),
                settings.get(AUDIENCE_STRENGTH),
                settings.get(HOLDOUT_FRACTION),
                score(settings, MIN_EXPERT_SCORE),
                score(settings, UNSCORED_EXPERT_SCORE));
        Topics topics = new Topics(
                settings.get(EXPERT_ORDERS_TOPIC),
                settings.get(ENGAGEMENTS_TOPIC),
                settings.get(LIVE_SESSIONS_TOPIC),
                settings.get(USER_ACTIVITY_TOPIC),
                settings.get(CONTROL_TOPIC),
                settings.get(MODEL_UPDATES_TOPIC),
                settings.get(ROUTING_DECISIONS_TOPIC),
                settings.get(EXPERT_REWARDS_TOPIC),
                settings.get(CONVERSIONS_TOPIC),
                settings.get(DEAD_LETTERS_TOPIC),
                settings.get(ROUTING_REFUSALS_TOPIC),
                settings.get(ROUTING_STATS_TOPIC));
        return new RoutingJobConfig(
                settings.get(BOOTSTRAP_SERVERS),
                settings.get(GROUP_ID),
                settings.get(STARTING_OFFSETS),
                settings.get(TRANSACTIONAL_ID_PREFIX),
                transactionTimeout,
                topics,
                rules,
                settings.get(ATTRIBUTION_WINDOW),
                settings.get(REFUND_WINDOW),
                Attribution.Mode.valueOf(settings.get(ATTRIBUTION_MODE).toUpperCase(Locale.ROOT)),
                settings.get(REMINDERS_PER_SESSION),
                settings.get(BUDGET_BURST),
                BudgetGate.PacingMode.valueOf(
                        settings.get(BUDGET_PACING).toUpperCase(Locale.ROOT).replace('-', '_')),
                settings.get(MAX_FUTURE_SKEW),
                settings.get(OUT_OF_ORDERNESS),
                settings.get(SOURCE_IDLENESS),
                settings.get(CHECKPOINT_INTERVAL),
                settings.get(MAX_PARALLELISM),
                settings.get(JOB_NAME),
                settings.get(BUFFER_TIMEOUT),
                settings.get(MODEL_ROOT),
                settings.get(MODEL_CACHE_DIR),
                settings.get(HISTORY_HALF_LIFE),
                settings.get(HISTORY_TTL),
                settings.get(STATS_FLUSH_INTERVAL),
                settings.get(STATS_LATENESS),
                kafkaClient(settings),
                inputShapes(settings));
    }

    /**
     * The platform's own event shapes, per input: --input.&lt;input&gt;.field.&lt;field&gt;,
     * .value.&lt;field&gt;.&lt;value&gt;, .time-format, .time-zone ({@link EventShape}).
     */
    public static final String INPUT_PREFIX = "input.";

    /** The inputs a platform produces, by the name their settings use, and the event each is read as. */
    public static final Map<String, Class<?>> PLATFORM_INPUTS = Map.of(
            "expert-orders", io.chuanliu.common.events.ExpertOrder.class,
            "engagements", io.chuanliu.common.events.Engagement.class,
            "user-activity", io.chuanliu.common.events.UserActivity.class,
            "live-sessions", io.chuanliu.common.events.LiveSession.class,
            "control", io.chuanliu.common.events.ControlEvent.class);

    /** The shape of an input: identity unless settings map it. */
    public EventShape inputShape(String input) {
        return inputShapes.getOrDefault(input, EventShape.identity());
    }

    private static Map<String, EventShape> inputShapes(Settings settings) {
        Map<String, Map<String, String>> byInput = new TreeMap<>();
        for (Map.Entry<String, String> e : settings.under(INPUT_PREFIX).entrySet()) {
            int dot = e.getKey().indexOf('.');
            String input = dot < 0 ? e.getKey() : e.getKey().substring(0, dot);
            if (!PLATFORM_INPUTS.containsKey(input) || dot < 0) {
                throw new InvalidSettingException(
                        INPUT_PREFIX + e.getKey(),
                        "expected input.<input>.<mapping> with <input> one of "
                                + new TreeMap<>(PLATFORM_INPUTS).keySet());
            }
            byInput.computeIfAbsent(input, i -> new TreeMap<>()).put(e.getKey().substring(dot + 1), e.getValue());
        }
        Map<String, EventShape> shapes = new TreeMap<>();
        byInput.forEach((input, mapping) -> {
            try {
                shapes.put(input, EventShape.of(mapping, PLATFORM_INPUTS.get(input)));
            } catch (IllegalArgumentException ex) {
                throw new InvalidSettingException(
                        INPUT_PREFIX + input + "." + ex.getMessage().split(":", 2)[0],
                        ex.getMessage().contains(":")
                                ? ex.getMessage().split(":", 2)[1].trim()
                                : ex.getMessage());
            }
        });
        return Map.copyOf(shapes);
    }

    /** The properties file's Kafka client settings, then the --kafka.client.* ones over them. */
    private static Map<String, String> kafkaClient(Settings settings) {
        return KafkaClientSettings.from(
                settings,
                "the job",
                JOB_OWNED_CLIENT_KEYS,
                "use the job's own setting (kafka.bootstrap-servers, "
                        + "kafka.group-id, kafka.transactional-id-prefix, kafka.transaction-timeout) or leave it out");
    }

    public static RoutingJobConfig fromArgs(String... args) {
        return from(Settings.fromArgs(args));
    }
}
