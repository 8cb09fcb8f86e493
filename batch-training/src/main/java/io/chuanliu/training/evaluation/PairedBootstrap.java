package io.chuanliu.training.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A paired bootstrap of the model's lift over a baseline: the test users are resampled with
 * replacement (Poisson(1) weights, so each replicate is one pass with no shuffle), both methods are
 * scored on the same resample, and the interval is the replicates' percentiles. Each user's weights
 * come from a generator seeded by the user id and the seed, so a rerun gives the same interval. The
 * driver receives two sums per replicate, never a row per user.
 */
public final class PairedBootstrap {

    public static final int REPLICATES = 1000;

    private PairedBootstrap() {}

    /**
     * @param model {@link RankingMetrics#perUser} of the model
     * @param baseline {@link RankingMetrics#perUser} of the baseline, over the same test users
     * @param metric precision, recall, ndcg or map
     */
    public static LiftInterval lift(
            Dataset<Row> model, Dataset<Row> baseline, String metric, double confidence, long seed) {
        Dataset<Row> both = model.select(lit("model").alias("method"), col("user"), col(metric))
                .unionByName(baseline.select(lit("baseline").alias("method"), col("user"), col(metric)));
        return lifts(both, "model", List.of("baseline"), metric, confidence, seed)
                .get("baseline");
    }

    /**
     * The model's lift over each baseline, every interval from the same resamples of the test users in
     * one pass.
     *
     * @param perUser {@link RankingMetrics#perUser(Map, Dataset, int)}: method, user and the metric, every
     *     method over the same test users
     * @return baseline -> the model's lift over it
     */
    public static Map<String, LiftInterval> lifts(
            Dataset<Row> perUser, String model, List<String> baselines, String metric, double confidence, long seed) {
        List<String> methods = new ArrayList<>();
        methods.add(model);
        methods.addAll(baselines);
        // One row per user: user, then the metric of each method in the order of methods.
        Dataset<Row> wide = perUser.groupBy("user")
                .pivot("method", new ArrayList<Object>(methods))
                .agg(first(col(metric)));
        return lifts(wide, methods, confidence, seed);
    }

    /**
     * As {@link #lifts(Dataset, String, List, String, double, long)} from one row per test user.
     *
     * @param byUser columns user, then the metric of each of {@code methods} (null counts as 0)
     * @param methods the model first, then the baselines
     */
    public static Map<String, LiftInterval> lifts(
            Dataset<Row> byUser, List<String> methods, double confidence, long seed) {
        int n = methods.size();
        double[] sums = byUser.javaRDD()
                .treeAggregate(
                        new double[n * (REPLICATES + 1)],
                        (acc, row) -> {
                            double[] v = new double[n];
                            for (int i = 0; i < n; i++) {
                                v[i] = row.isNullAt(1 + i) ? 0 : row.getDouble(1 + i);
                                acc[n * REPLICATES + i] += v[i];
                            }
                            SplittableRandom random = new SplittableRandom(
                                    seed ^ (row.getString(0).hashCode() * 0x9E3779B97F4A7C15L));
                            for (int r = 0; r < REPLICATES; r++) {
                                int w = poisson1(random);
                                if (w != 0) {
                                    for (int i = 0; i < n; i++) {
                                        acc[n * r + i] += w * v[i];
                                    }
                                }
                            }
                            return acc;
                        },
                        (x, y) -> {
                            for (int i = 0; i < x.length; i++) {
                                x[i] += y[i];
                            }
                            return x;
                        });
        double tail = (1 - confidence) / 2;
        Map<String, LiftInterval> lifts = new LinkedHashMap<>();
        for (int b = 1; b < n; b++) {
            double[] replicates = new double[REPLICATES];
            for (int r = 0; r < REPLICATES; r++) {
                replicates[r] = lift(sums[n * r], sums[n * r + b]);
            }
            Arrays.sort(replicates);
            lifts.put(
                    methods.get(b),
                    new LiftInterval(
                            lift(sums[n * REPLICATES], sums[n * REPLICATES + b]),
                            percentile(replicates, tail),
                            percentile(replicates, 1 - tail),
                            confidence,
                            REPLICATES));
        }
        return lifts;
    }

    private static double lift(double model, double baseline) {
        if (baseline == 0) {
            return model > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        return model / baseline - 1;
    }

    private static double percentile(double[] sorted, double q) {
        int i = (int) Math.floor(q * (sorted.length - 1));
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** A Poisson(1) draw (Knuth): how many times the user is in this resample. */
    static int poisson1(SplittableRandom random) {
        double limit = Math.exp(-1);
        double p = random.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= random.nextDouble();
            k++;
        }
        return k;
    }
}
