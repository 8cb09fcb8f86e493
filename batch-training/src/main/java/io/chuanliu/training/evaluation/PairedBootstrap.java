package io.chuanliu.training.evaluation;

import java.util.Arrays;
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
    public static LiftInterval lift(Dataset<Row> model, Dataset<Row> baseline, String metric, double confidence, long seed) {
        Dataset<Row> paired = model.select(model.col("user"), model.col(metric).alias("m"))
                .join(baseline.select(baseline.col("user"), baseline.col(metric).alias("b")), "user");
        double[] sums = paired.javaRDD().treeAggregate(new double[2 * REPLICATES + 2], (acc, row) -> {
            double m = row.getDouble(1);
            double b = row.getDouble(2);
            acc[2 * REPLICATES] += m;
            acc[2 * REPLICATES + 1] += b;
            SplittableRandom random = new SplittableRandom(seed ^ (row.getString(0).hashCode() * 0x9E3779B97F4A7C15L));
            for (int r = 0; r < REPLICATES; r++) {
                int w = poisson1(random);
                acc[2 * r] += w * m;
                acc[2 * r + 1] += w * b;
            }
            return acc;
        }, (x, y) -> {
            for (int i = 0; i < x.length; i++) {
                x[i] += y[i];
            }
            return x;
        });
        double[] lifts = new double[REPLICATES];
        for (int r = 0; r < REPLICATES; r++) {
            lifts[r] = lift(sums[2 * r], sums[2 * r + 1]);
        }
        Arrays.sort(lifts);
        double tail = (1 - confidence) / 2;
        return new LiftInterval(lift(sums[2 * REPLICATES], sums[2 * REPLICATES + 1]), percentile(lifts, tail),
                percentile(lifts, 1 - tail), confidence, REPLICATES);
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
