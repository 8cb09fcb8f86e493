package io.chuanliu.training.model;

import io.chuanliu.common.ranking.LinearRanker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The learned combiner: logistic regression over the standardised candidate features, trained on
 * windows before the test split (features before each window, purchases in it), so it learns how
 * much a user's own history, ALS, co-occurrence and popularity each predict the next purchase.
 * Fitted by {@link NewtonLogistic}: about ten distributed passes instead of L-BFGS's hundred Spark jobs.
 *
 * <p>Linear rather than trees: the next purchase is roughly a mixture, "repurchase in proportion to
 * past orders" plus "a new brand by taste", which is additive in {@code order_share} and
 * {@code als_score}. Gradient-boosted trees were tried and ranked the user's own brands less
 * smoothly than their history does (their scores are piecewise constant), losing to the
 * own-history baseline on NDCG; logistic regression beat it on every market tried.
 */
public final class BlendRanker {

    private static final long SAMPLE_BUCKETS = 1_000_000;

    /** The seed of Spark SQL's {@code xxhash64}. */
    private static final long SPARK_HASH_SEED = 42;

    /** The L2 penalty on the standardised coefficients: small, it only keeps collinear features finite. */
    static final double REG_PARAM = 1e-4;

    private final LinearRanker ranker;
    private final double negativeShare;

    private BlendRanker(LinearRanker ranker, double negativeShare) {
        this.ranker = ranker;
        this.negativeShare = negativeShare;
    }

    /**
     * @param candidates {@link CandidatePool} outputs with a column {@code bought}: 1 if the user bought
     *     the brand in the window after the features, null otherwise
     * @param maxRows the most rows to fit on: above it, a deterministic share of the non-purchases is
     *     kept, each weighted by the inverse of that share, so the fit stays unbiased
     */
    public static BlendRanker fit(Dataset<Row> candidates, long seed, long maxRows, Duration halfLife) {
        List<String> columns = new java.util.ArrayList<>(List.of("user", "brand"));
        columns.addAll(CandidatePool.FEATURES);
        columns.add("bought");
        return fit(candidates.selectExpr(columns.toArray(String[]::new)).javaRDD(), seed, maxRows, halfLife);
    }

    /**
     * {@link #fit(Dataset, long, long, Duration)} on rows of {@link UserCandidates#LABELLED_SCHEMA}'s layout (user,
     * brand, the {@link CandidatePool#FEATURES}, bought), read twice (counted, then sampled).
     */
    public static BlendRanker fit(JavaRDD<Row> labelled, long seed, long maxRows, Duration halfLife) {
        return fit(new LabelledRows(labelled), seed, maxRows, halfLife);
    }

    /**
     * What the ranker is fitted on: labelled candidates, counted, then sampled. Both are read from their source
     * each time they are asked for.
     */
    public interface Labelled {
        /** Rows, then purchases among them. */
        long[] counts();

        /**
         * At least as many as the rows, known without making them ({@link Long#MAX_VALUE} when unknown): when it is
         * within the fit's most rows, every row is kept and {@link #counts} is not needed.
         */
        default long mostRows() {
            return Long.MAX_VALUE;
        }

        /**
         * The rows the sample keeps as numbers: the {@link CandidatePool#FEATURES}, 1 for a purchase (else 0), then
         * the row's weight: every purchase, weight 1; a non-purchase when its {@link #sampleBucket} is under
         * {@code threshold}, weight {@code 1 / keep}.
         */
        JavaRDD<double[]> sample(long seed, long threshold, double keep);
    }

    /**
     * Fitted on every purchase and a deterministic share of the non-purchases (all of them when there are at most
     * {@code maxRows} rows), weighted back by that share; only the sample is cached.
     */
    public static BlendRanker fit(Labelled labelled, long seed, long maxRows, Duration halfLife) {
        // Every row is kept (weight 1) when there cannot be more than maxRows: no pass to count them.
        double keep = labelled.mostRows() <= maxRows ? 1.0 : negativeShare(labelled.counts(), maxRows);
        long threshold = (long) Math.floor(keep * SAMPLE_BUCKETS);
        JavaRDD<double[]> sample = labelled.sample(seed, threshold, keep).cache();
        NewtonLogistic.Fit fit = NewtonLogistic.fit(sample, CandidatePool.FEATURES.size(), REG_PARAM);
        sample.unpersist();
        LinearRanker ranker = new LinearRanker(
                        LinearRanker.TYPE,
                        CandidatePool.FEATURES,
                        fit.mean(),
                        fit.std(),
                        fit.coefficients(),
                        fit.intercept(),
                        halfLife.toString())
                .requireComputable();
        return new BlendRanker(ranker, keep);
    }

    /** {@link Labelled} read from labelled candidate rows. */
    private record LabelledRows(JavaRDD<Row> rows) implements Labelled {
        @Override
        public long[] counts() {
            int bought = 2 + CandidatePool.FEATURES.size();
            return rows.aggregate(
                    new long[2],
                    (c, row) -> {
                        c[0]++;
                        c[1] += row.isNullAt(bought) ? 0 : 1;
                        return c;
                    },
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        }

        @Override
        public JavaRDD<double[]> sample(long seed, long threshold, double keep) {
            int d = CandidatePool.FEATURES.size();
            int bought = 2 + d;
            return rows.filter(row ->
                            isSampled(row.getString(0), row.getString(1), !row.isNullAt(bought), seed, threshold))
                    .map(row -> {
                        double[] x = new double[d];
                        for (int j = 0; j < d; j++) {
                            x[j] = row.getDouble(2 + j);
                        }
                        return sampleRow(x, !row.isNullAt(bought), keep);
                    });
        }
    }

    /** Whether the sample keeps a candidate: every purchase, and a non-purchase whose bucket is under {@code threshold}. */
    static boolean isSampled(String user, String brand, boolean positive, long seed, long threshold) {
        return positive || sampleBucket(user, brand, seed) < threshold;
    }

    /** A kept candidate as {@link Labelled#sample} gives it: its features, its label, its weight. */
    static double[] sampleRow(double[] features, boolean positive, double keep) {
        double[] row = java.util.Arrays.copyOf(features, features.length + 2);
        row[features.length] = positive ? 1.0 : 0.0;
        row[features.length + 1] = positive ? 1.0 : 1.0 / keep;
        return row;
    }

    /**
     * Which of {@value #SAMPLE_BUCKETS} buckets a (user, brand) pair falls in: Spark SQL's
     * {@code pmod(xxhash64(user, brand, seed), 1000000)}, which hashes its three arguments in turn from Spark's seed
     * 42, so a sample drawn here is the one that query would draw.
     */
    static long sampleBucket(String user, String brand, long seed) {
        long hash = XXH64.hashUTF8String(UTF8String.fromString(user), SPARK_HASH_SEED);
        hash = XXH64.hashUTF8String(UTF8String.fromString(brand), hash);
        hash = XXH64.hashLong(seed, hash);
        return Math.floorMod(hash, SAMPLE_BUCKETS);
    }

    /** What was learned, as published in the manifest. */
    public LinearRanker ranker() {
        return ranker;
    }

    /** {@link #negativeShare(long, long, long)} of {@link Labelled#counts}: rows, then purchases. */
    private static double negativeShare(long[] counts, long maxRows) {
        return negativeShare(counts[0], counts[1], maxRows);
    }

    /** The share of non-purchases to keep so that about {@code maxRows} rows remain (all purchases are kept). */
    static double negativeShare(long rows, long positives, long maxRows) {
        long negatives = rows - positives;
        if (rows <= maxRows || negatives <= 0) {
            return 1.0;
        }
        return Math.max(1.0 / SAMPLE_BUCKETS, (double) Math.max(maxRows - positives, 1) / negatives);
    }

    /** Share of the non-purchases the combiner was fitted on (1 when the candidates fitted under blend.max-rows). */
    public double negativeShare() {
        return negativeShare;
    }

    /**
     * Columns user, brand, score (the purchase probability), and the features that break its ties,
     * computed by {@link LinearRanker#probability}: the code the stream runs, not Spark's pipeline.
     */
    public Dataset<Row> score(Dataset<Row> candidates) {
        return score(candidates, ranker);
    }

    /** {@link #score(Dataset)} with any ranker: also what the serving sample is scored with. */
    public static Dataset<Row> score(Dataset<Row> candidates, LinearRanker ranker) {
        int[] columns = CandidatePool.FEATURES.stream()
                .mapToInt(f -> candidates.schema().fieldIndex(f))
                .toArray();
        int user = candidates.schema().fieldIndex("user");
        int brand = candidates.schema().fieldIndex("brand");
        int own = candidates.schema().fieldIndex("own_confidence");
        int als = candidates.schema().fieldIndex("als_score");
        LinearRanker r = ranker.requireComputable();
        StructType schema = new StructType()
                .add("user", DataTypes.StringType, false)
                .add("brand", DataTypes.StringType, false)
                .add("score", DataTypes.DoubleType, false)
                .add("own_confidence", DataTypes.DoubleType, false)
                .add("als_score", DataTypes.DoubleType, false);
        return candidates.map(
                (MapFunction<Row, Row>) row -> {
                    double[] x = new double[columns.length];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = row.getDouble(columns[i]);
                    }
                    return RowFactory.create(
                            row.getString(user),
                            row.getString(brand),
                            r.probability(x),
                            row.getDouble(own),
                            row.getDouble(als));
                },
                Encoders.row(schema));
    }

    /** Weight of each standardised feature, and the intercept: what the blend learned. */
    public Map<String, Double> weights() {
        return ranker.weightsByFeature();
    }
}
