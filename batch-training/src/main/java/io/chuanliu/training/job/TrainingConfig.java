package io.chuanliu.training.job;

import io.chuanliu.common.config.InvalidSettingException;
import io.chuanliu.common.config.Setting;
import io.chuanliu.common.config.Settings;
import io.chuanliu.training.input.InputConfig;
import io.chuanliu.training.model.AffinityTrainer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a training run is told, from {@code --key value} arguments; every key is documented
 * in batch-training/README.md. The Spark master is never set here: spark-submit sets it, local runs
 * pass {@code -Dspark.master=local[2]}.
 */
public record TrainingConfig(
        InputConfig input,
        String models,
        String version,
        Instant splitTime,
        Duration horizon,
        int k,
        boolean excludeSeen,
        List<Integer> ranks,
        List<Double> alphas,
        double regParam,
        int iterations,
        int driverSumsMib,
        int driverRatings,
        Duration halfLife,
        int candidatesPerSource,
        int blendWindows,
        long blendMaxRows,
        double lookalikesPerBuyer,
        int maxAudience,
        int audienceBrandsPerUser,
        int matchesPerBrand,
        String gateMetric,
        String gateBaseline,
        double gateMinLift,
        double gateConfidence,
        int maxParallelism,
        int shards,
        long seed,
        int servingSampleUsers,
        int servingSampleMaxRows,
        String evalExport,
        Announcement announcement) {

    /**
     * Where a published model is announced, when training announces it itself (a scheduled run with no
     * second step): the job's model-updates topic on these brokers, with these client settings.
     */
    public record Announcement(String bootstrapServers, String topic, java.util.Map<String, String> client) {}

    public static final Setting<String> ANNOUNCE_BOOTSTRAP = Setting.string(
            "kafka.bootstrap-servers",
            "",
            "when set, a model that passed the gate is verified and announced on model-updates here, as ./chuanliu publish "
                    + "does; empty to leave announcing to a separate publish step");
    public static final Setting<String> ANNOUNCE_TOPIC = Setting.string(
            "topic.model-updates", io.chuanliu.common.Topics.MODEL_UPDATES, "the routing job's model-updates topic");

    public static final Setting<String> MODELS =
            Setting.string("models", null, "directory to write models/<version>/ into");
    public static final Setting<String> VERSION =
            Setting.string("version", "", "model version (default: UTC time of the run, yyyyMMdd-HHmmss)");
    public static final Setting<String> SPLIT_DATE = Setting.string(
            "split.date",
            "",
            "evaluation split T (ISO date or instant): train up to T, test on purchases in (T, T + horizon]; default: newest event - horizon");
    public static final Setting<Duration> HORIZON = Setting.duration(
            "split.horizon",
            Duration.ofDays(7),
            "test window after T; the validation window before T has the same length");
    public static final Setting<Integer> K = Setting.positiveInt("eval.k", 10, "cut-off of the ranking metrics");
    public static final Setting<String> EXCLUDE_SEEN = Setting.oneOf(
            "eval.exclude-seen",
            "false",
            "drop brands the user interacted with before T from rankings (true for catalogues without repurchase)",
            "true",
            "false");
    public static final Setting<List<String>> RANKS =
            Setting.list("als.ranks", List.of("16"), "ALS ranks to try on the validation window");
    public static final Setting<List<String>> ALPHAS = Setting.list(
            "als.alphas", List.of("5", "20"), "ALS implicit confidence scales to try on the validation window");
    public static final Setting<Double> REG_PARAM = Setting.number("als.reg-param", 0.05, "ALS L2 regularisation");
    public static final Setting<Integer> ITERATIONS = Setting.positiveInt("als.iterations", 10, "ALS iterations");
    public static final Setting<Integer> DRIVER_SUMS_MIB = Setting.nonNegativeInt(
            "als.driver-sums-mib",
            (int) (AffinityTrainer.DIRECT_SUMS_BYTES >> 20),
            "an ALS iteration sends the driver every task's per-brand sums directly (one Spark stage) while they come to "
                    + "at most this many MiB in all (tasks x brands x rank^2/2 doubles); above it, or at 0, they are "
                    + "added up per brand in a shuffle first");
    public static final Setting<Integer> DRIVER_RATINGS = Setting.nonNegativeInt(
            "als.driver-ratings",
            (int) AffinityTrainer.DRIVER_RATINGS,
            "an ALS fit of at most this many ratings (user-brand pairs) is collected once and iterated on the driver, "
                    + "with the same arithmetic and order as the Spark jobs (so the same factors) but without a job per "
                    + "iteration; above it, or at 0, every iteration is a Spark job");
    public static final Setting<Duration> HALF_LIFE =
            Setting.duration("features.half-life", Duration.ofDays(14), "age at which an interaction counts half");
    public static final Setting<Integer> CANDIDATES = Setting.positiveInt(
            "candidates.per-source",
            20,
            "brands per user from each candidate source (ALS, co-occurrence, popularity; own history is complete)");
    public static final Setting<Integer> BLEND_WINDOWS =
            Setting.positiveInt("blend.windows", 2, "windows before the test split whose purchases train the combiner");
    public static final Setting<Integer> BLEND_MAX_ROWS = Setting.positiveInt(
            "blend.max-rows",
            2_000_000,
            "most candidate rows the combiner is fitted on; above it non-purchases are sampled (and weighted back)");
    public static final Setting<Double> LOOKALIKES =
            Setting.number("audience.lookalikes-per-buyer", 2.0, "look-alike users added per expert buyer of a brand");
    public static final Setting<Integer> MAX_AUDIENCE =
            Setting.positiveInt("audience.max-size", 1_000_000, "largest audience of one brand");
    public static final Setting<Integer> AUDIENCE_BRANDS_PER_USER = Setting.positiveInt(
            "audience.brands-per-user",
            10,
            "a user is a look-alike candidate only for the brands among their this many strongest affinities");
    public static final Setting<Integer> MATCHES =
            Setting.positiveInt("matching.per-brand", 10, "experts listed per brand (and brands per expert)");
    public static final Setting<String> GATE_METRIC =
            Setting.oneOf("gate.metric", "ndcg", "metric the gate compares", "precision", "recall", "ndcg", "map");
    public static final Setting<String> GATE_BASELINE = Setting.oneOf(
            "gate.baseline",
            "own_history",
            "baseline the model must beat to be published",
            "popularity",
            "own_history",
            "als");
    public static final Setting<Double> GATE_MIN_LIFT =
            Setting.number("gate.min-lift", 0.0, "relative improvement required over the baseline, e.g. 0.02 for +2%");
    public static final Setting<Double> GATE_CONFIDENCE = Setting.fraction(
            "gate.confidence",
            0.95,
            "the model publishes only if the lower end of this paired bootstrap interval of its lift clears gate.min-lift; "
                    + "0 judges the point estimate alone");
    public static final Setting<Integer> MAX_PARALLELISM = Setting.positiveInt(
            "store.max-parallelism",
            1024,
            "the streaming job's job.max-parallelism: the user store is sharded by its key groups");
    public static final Setting<Integer> SHARDS =
            Setting.positiveInt("store.shards", 16, "RocksDB shards of the user store");
    public static final Setting<Integer> SEED = Setting.positiveInt("seed", 42, "random seed of ALS and the combiner");
    public static final Setting<Integer> SERVING_SAMPLE = Setting.nonNegativeInt(
            "publish.serving-sample-users",
            1000,
            "users whose scores for every brand at the model's cut-off go to serving_sample.csv, for checking that a stream "
                    + "computes the same; 0 for none");
    public static final Setting<Integer> SERVING_SAMPLE_ROWS = Setting.positiveInt(
            "publish.serving-sample-max-rows",
            250_000,
            "at most this many (user, brand) rows in serving_sample.csv: fewer users when the catalogue is large");

    public static final Setting<String> EVAL_EXPORT = Setting.string(
            "eval.export",
            "",
            "directory to write the evaluation's candidate rows to as CSV (training windows and test split, every feature "
                    + "and whether the user bought the brand, plus each test user's purchase count), for analysing rankers "
                    + "offline; empty for none");

    /** The ALS trainer these settings ask for. */
    public AffinityTrainer affinityTrainer() {
        return new AffinityTrainer(iterations, regParam, seed, (long) driverSumsMib << 20, driverRatings);
    }

    public static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(InputConfig.SETTINGS);
        all.addAll(List.of(
                MODELS,
                VERSION,
                SPLIT_DATE,
                HORIZON,
                K,
                EXCLUDE_SEEN,
                RANKS,
                ALPHAS,
                REG_PARAM,
                ITERATIONS,
                DRIVER_SUMS_MIB,
                DRIVER_RATINGS,
                HALF_LIFE,
                CANDIDATES,
                BLEND_WINDOWS,
                BLEND_MAX_ROWS,
                LOOKALIKES,
                MAX_AUDIENCE,
                AUDIENCE_BRANDS_PER_USER,
                MATCHES,
                GATE_METRIC,
                GATE_BASELINE,
                GATE_MIN_LIFT,
                GATE_CONFIDENCE,
                MAX_PARALLELISM,
                SHARDS,
                SEED,
                SERVING_SAMPLE,
                SERVING_SAMPLE_ROWS,
                EVAL_EXPORT,
                ANNOUNCE_BOOTSTRAP,
                ANNOUNCE_TOPIC,
                io.chuanliu.common.config.KafkaClientSettings.FILE));
        return all;
    }

    public static TrainingConfig fromArgs(String... args) {
        Settings s = Settings.fromArgs(args)
                .requireOnly(all(), List.of(io.chuanliu.common.config.KafkaClientSettings.PREFIX));
        String version = s.get(VERSION);
        if (version.isEmpty()) {
            version = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC)
                    .format(Instant.now());
        }
        if (!version.matches("[A-Za-z0-9._-]+") || version.startsWith(".")) {
            throw new InvalidSettingException(
                    VERSION.key(),
                    "expected letters, digits, '.', '_' or '-' (it names a directory), got '" + version + "'");
        }
        int shards = s.get(SHARDS);
        if (shards > s.get(MAX_PARALLELISM)) {
            throw new InvalidSettingException(
                    SHARDS.key(), "must not exceed " + MAX_PARALLELISM.key() + " (" + s.get(MAX_PARALLELISM) + ")");
        }
        return new TrainingConfig(
                InputConfig.from(s),
                s.get(MODELS),
                version,
                splitTime(s.get(SPLIT_DATE)),
                s.get(HORIZON),
                s.get(K),
                Boolean.parseBoolean(s.get(EXCLUDE_SEEN)),
                parse(s.get(RANKS), RANKS, Integer::parseInt),
                parse(s.get(ALPHAS), ALPHAS, Double::parseDouble),
                s.get(REG_PARAM),
                s.get(ITERATIONS),
                s.get(DRIVER_SUMS_MIB),
                s.get(DRIVER_RATINGS),
                s.get(HALF_LIFE),
                s.get(CANDIDATES),
                s.get(BLEND_WINDOWS),
                s.get(BLEND_MAX_ROWS),
                s.get(LOOKALIKES),
                s.get(MAX_AUDIENCE),
                s.get(AUDIENCE_BRANDS_PER_USER),
                s.get(MATCHES),
                s.get(GATE_METRIC),
                s.get(GATE_BASELINE),
                s.get(GATE_MIN_LIFT),
                s.get(GATE_CONFIDENCE),
                s.get(MAX_PARALLELISM),
                shards,
                s.get(SEED),
                s.get(SERVING_SAMPLE),
                s.get(SERVING_SAMPLE_ROWS),
                s.get(EVAL_EXPORT),
                announcement(s));
    }

    private static Announcement announcement(Settings s) {
        java.util.Map<String, String> client = io.chuanliu.common.config.KafkaClientSettings.from(
                s,
                "training",
                io.chuanliu.training.publish.ModelAnnouncer.OWNED_CLIENT_KEYS,
                "use --kafka.bootstrap-servers for the servers; the rest is fixed");
        if (s.get(ANNOUNCE_BOOTSTRAP).isBlank()) {
            if (!client.isEmpty()) {
                throw new InvalidSettingException(
                        ANNOUNCE_BOOTSTRAP.key(), "Kafka client settings are given but no brokers to announce on");
            }
            return null;
        }
        return new Announcement(s.get(ANNOUNCE_BOOTSTRAP), s.get(ANNOUNCE_TOPIC), client);
    }

    private static Instant splitTime(String raw) {
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return raw.length() == 10
                    ? LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw new InvalidSettingException(
                    SPLIT_DATE.key(),
                    "expected a date like 2026-10-22 or an instant like 2026-10-22T00:00:00Z, got '" + raw + "'");
        }
    }

    private static <T> List<T> parse(
            List<String> raw, Setting<?> setting, java.util.function.Function<String, T> parser) {
        try {
            return raw.stream().map(parser).toList();
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(setting.key(), "expected numbers, got " + raw);
        }
    }
}
