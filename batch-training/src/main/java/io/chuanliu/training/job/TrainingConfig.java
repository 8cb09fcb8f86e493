package io.chuanliu.training.job;

import io.chuanliu.common.config.Setting;
import io.chuanliu.common.config.Settings;
import java.time.Duration;
import java.util.List;

/**
 * What a training run is told. The Spark master is never set here: spark-submit sets it, and the
 * local runner passes {@code -Dspark.master=local[2]}.
 *
 * @param history directory with {@code expert_orders.parquet} and {@code engagements.parquet}
 * @param models directory under which {@code <version>/} is written
 * @param version model version; defaults to the UTC time of the run (yyyyMMdd-HHmmss)
 */
public record TrainingConfig(
        String history,
        String models,
        String version,
        int rank,
        int iterations,
        double regParam,
        double alpha,
        Duration halfLife,
        long seed) {

    public static final Setting<String> HISTORY = Setting.string("history", null,
            "directory holding expert_orders.parquet and engagements.parquet");
    public static final Setting<String> MODELS = Setting.string("models", null, "directory to write models/<version>/ into");
    public static final Setting<String> VERSION = Setting.string("version", "",
            "model version (default: UTC time of the run, yyyyMMdd-HHmmss)");
    public static final Setting<Integer> RANK = Setting.positiveInt("als.rank", 16, "latent factors per user and brand");
    public static final Setting<Integer> ITERATIONS = Setting.positiveInt("als.iterations", 10, "ALS iterations");
    public static final Setting<Double> REG_PARAM = Setting.number("als.reg-param", 0.05, "ALS L2 regularisation");
    public static final Setting<Double> ALPHA = Setting.number("als.alpha", 10.0, "implicit-feedback confidence scale");
    public static final Setting<Duration> HALF_LIFE = Setting.duration("features.half-life", Duration.ofDays(14),
            "age at which an interaction counts half");
    public static final Setting<Integer> SEED = Setting.positiveInt("seed", 42, "random seed of ALS");

    public static final List<Setting<?>> ALL =
            List.of(HISTORY, MODELS, VERSION, RANK, ITERATIONS, REG_PARAM, ALPHA, HALF_LIFE, SEED);

    public static TrainingConfig fromArgs(String... args) {
        Settings s = Settings.fromArgs(args).requireOnly(ALL);
        String version = s.get(VERSION);
        if (version.isEmpty()) {
            version = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
        }
        if (!version.matches("[A-Za-z0-9._-]+")) {
            throw new io.chuanliu.common.config.InvalidSettingException(VERSION.key(),
                    "expected letters, digits, '.', '_' or '-' (it names a directory), got '" + version + "'");
        }
        return new TrainingConfig(s.get(HISTORY), s.get(MODELS), version, s.get(RANK), s.get(ITERATIONS),
                s.get(REG_PARAM), s.get(ALPHA), s.get(HALF_LIFE), s.get(SEED));
    }
}
