package io.chuanliu.stream.job;

import io.chuanliu.common.config.InvalidSettingException;
import io.chuanliu.common.config.KafkaClientSettings;
import io.chuanliu.common.config.Setting;
import io.chuanliu.common.config.Settings;
import io.chuanliu.common.json.EventShape;
import io.chuanliu.stream.functions.Attribution;
import io.chuanliu.stream.functions.BudgetGate;
import io.chuanliu.stream.rules.OwnHistoryDefaults;
import io.chuanliu.stream.rules.RoutingRules;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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
        JobTopics topics,
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
            "how long a user's state value (own history, touches, routes) lives after its last write (an order, "
                    + "engagement or route)");

    /** Every setting of the job: its own, the topics' and the rules'. */
    public static final List<Setting<?>> ALL = Stream.of(
                    List.<Setting<?>>of(
                            BOOTSTRAP_SERVERS,
                            GROUP_ID,
                            STARTING_OFFSETS,
                            TRANSACTIONAL_ID_PREFIX,
                            TRANSACTION_TIMEOUT,
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
                            KAFKA_CLIENT_PROPERTIES_FILE),
                    JobTopics.ALL,
                    RuleSettings.ALL)
            .flatMap(List::stream)
            .toList();

    /** Reads and checks every setting; fails on the first missing, ill-formed or unknown key. */
    public static RoutingJobConfig from(Settings settings) {
        settings.requireOnly(ALL, List.of(KAFKA_CLIENT_PREFIX, InputShapes.INPUT_PREFIX));
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
        return new RoutingJobConfig(
                settings.get(BOOTSTRAP_SERVERS),
                settings.get(GROUP_ID),
                settings.get(STARTING_OFFSETS),
                settings.get(TRANSACTIONAL_ID_PREFIX),
                transactionTimeout,
                JobTopics.from(settings),
                RuleSettings.from(settings),
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
                InputShapes.from(settings));
    }

    /** The shape of an input: identity unless settings map it. */
    public EventShape inputShape(String input) {
        return inputShapes.getOrDefault(input, EventShape.identity());
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
