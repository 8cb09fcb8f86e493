package io.chuanliu.training.job;

import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.chuanliu.training.features.InteractionFeatures;
import io.chuanliu.training.model.AffinityModel;
import io.chuanliu.training.model.AffinityTrainer;
import io.chuanliu.training.model.BrandFactors;
import io.chuanliu.training.publish.ModelManifest;
import io.chuanliu.training.publish.ModelWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Daily training: expert orders and engagements -> per (user, brand) confidence -> implicit ALS ->
 * {@code models/<version>/} with the brand side as JSON lines, the user side as Parquet and a
 * manifest with checksums.
 *
 * <p>Run with spark-submit (which sets the master) or, locally, with {@code -Dspark.master=local[2]}.
 */
public final class TrainingJob {

    static final List<String> ORDER_COLUMNS = List.of("user", "brand", "amount_cents", "event_time", "refund");
    static final List<String> ENGAGEMENT_COLUMNS = List.of("user", "brand", "kind", "event_time");

    private final SparkSession spark;
    private final TrainingConfig config;

    public TrainingJob(SparkSession spark, TrainingConfig config) {
        this.spark = spark;
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        TrainingConfig config = TrainingConfig.fromArgs(args);
        SparkSession spark = SparkSession.builder().appName("chuanliu-training").getOrCreate();
        try {
            TrainingResult result = new TrainingJob(spark, config).run();
            System.out.printf("model %s written to %s in %.1f s: %s%n", result.version(), result.uri(),
                    result.elapsedMillis() / 1000.0, result.rowCounts());
        } finally {
            spark.stop();
        }
    }

    public TrainingResult run() throws Exception {
        long started = System.nanoTime();
        ModelWriter writer = new ModelWriter(spark.sparkContext().hadoopConfiguration(),
                config.models() + "/" + config.version());
        writer.requireUnpublished();

        Dataset<Row> orders = read("expert_orders.parquet", ORDER_COLUMNS);
        Dataset<Row> engagements = read("engagements.parquet", ENGAGEMENT_COLUMNS);
        Dataset<Row> confidence = InteractionFeatures.confidence(orders, engagements, config.halfLife()).cache();
        AffinityModel model = new AffinityTrainer(config).fit(confidence);

        List<BrandFactors> brands = model.brandFactors().collectAsList().stream()
                .map(r -> new BrandFactors(r.getString(0), toFloats(r.getList(1))))
                .sorted(java.util.Comparator.comparing(BrandFactors::brand))
                .toList();
        writer.writeJsonLines("brand_factors.jsonl", brands);
        model.userFactors().write().mode("overwrite").parquet(writer.directory() + "/user_factors");

        Row window = orders.agg(min("event_time"), max("event_time")).first();
        Map<String, Long> rowCounts = new LinkedHashMap<>();
        rowCounts.put("expert_orders", orders.count());
        rowCounts.put("engagements", engagements.count());
        rowCounts.put("user_brand_pairs", confidence.count());
        rowCounts.put("users", model.userFactors().count());
        rowCounts.put("brands", (long) brands.size());
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("algorithm", "als-implicit");
        parameters.put("rank", config.rank());
        parameters.put("iterations", config.iterations());
        parameters.put("reg_param", config.regParam());
        parameters.put("alpha", config.alpha());
        parameters.put("half_life", config.halfLife().toString());
        parameters.put("seed", config.seed());
        writer.writeManifest(new ModelManifest("affinity", config.version(), Instant.now().toString(),
                Map.of("from", Instant.ofEpochMilli(window.getLong(0)).toString(),
                        "to", Instant.ofEpochMilli(window.getLong(1)).toString()),
                parameters, rowCounts, Map.of(), writer.checksums()));
        confidence.unpersist();
        return new TrainingResult(config.version(), writer.directory().toString(), rowCounts,
                (System.nanoTime() - started) / 1_000_000);
    }

    private Dataset<Row> read(String table, List<String> required) {
        String path = config.history() + "/" + table;
        Dataset<Row> df = spark.read().parquet(path);
        List<String> missing = required.stream().filter(c -> !Arrays.asList(df.columns()).contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(path + " lacks columns " + missing + "; it has " + Arrays.toString(df.columns()));
        }
        return df;
    }

    private static float[] toFloats(List<Object> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }
}
