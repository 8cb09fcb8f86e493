package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The learned combiner: logistic regression over the standardised candidate features, trained on
 * windows before the test split (features before each window, purchases in it), so it learns how
 * much a user's own history, ALS, co-occurrence and popularity each predict the next purchase.
 *
 * <p>Linear rather than trees: the next purchase is roughly a mixture, "repurchase in proportion to
 * past orders" plus "a new brand by taste", which is additive in {@code order_share} and
 * {@code als_score}. Gradient-boosted trees were tried and ranked the user's own brands less
 * smoothly than their history does (their scores are piecewise constant), losing to the
 * own-history baseline on NDCG; logistic regression beat it on every market tried.
 */
public final class BlendRanker {

    private static final long SAMPLE_BUCKETS = 1_000_000;

    private final PipelineModel pipeline;
    private final double negativeShare;

    private BlendRanker(PipelineModel pipeline, double negativeShare) {
        this.pipeline = pipeline;
        this.negativeShare = negativeShare;
    }

    /**
     * @param candidates {@link CandidatePool} outputs with a column {@code bought}: 1 if the user bought
     *     the brand in the window after the features, null otherwise
     * @param maxRows the most rows to fit on: above it, a deterministic share of the non-purchases is
     *     kept, each weighted by the inverse of that share, so the fit stays unbiased
     */
    public static BlendRanker fit(Dataset<Row> candidates, long seed, long maxRows) {
        Dataset<Row> labelled = candidates.withColumn("label", when(col("bought").isNull(), 0.0).otherwise(1.0));
        Row counts = labelled.agg(count(lit(1)), sum("label")).first();
        double keep = negativeShare(counts.getLong(0), (long) counts.getDouble(1), maxRows);
        long threshold = (long) Math.floor(keep * SAMPLE_BUCKETS);
        Dataset<Row> sample = labelled
                .where(col("label").equalTo(1.0).or(pmod(xxhash64(col("user"), col("brand"), lit(seed)), lit(SAMPLE_BUCKETS)).lt(threshold)))
                .withColumn("weight", when(col("label").equalTo(1.0), 1.0).otherwise(1.0 / keep))
                .cache();
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(CandidatePool.FEATURES.toArray(String[]::new)).setOutputCol("raw_features"),
                new StandardScaler().setInputCol("raw_features").setOutputCol("features").setWithMean(true).setWithStd(true),
                new LogisticRegression().setMaxIter(100).setRegParam(1e-4).setFeaturesCol("features").setLabelCol("label")
                        .setWeightCol("weight")
        }).fit(sample);
        sample.unpersist();
        return new BlendRanker(model, keep);
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

    /** Columns user, brand, score (the purchase probability), and the features that break its ties. */
    public Dataset<Row> score(Dataset<Row> candidates) {
        return pipeline.transform(candidates)
                .select(col("user"), col("brand"), functions.vector_to_array(col("probability"), "float64").getItem(1).alias("score"),
                        col("own_confidence"), col("als_score"));
    }

    /**
     * The top k of each user. Trees give piecewise-constant scores, so equal scores are ordered by
     * the user's own history, then by ALS, then by brand.
     */
    public Dataset<Row> topK(Dataset<Row> candidates, int k) {
        return Rankings.topK(score(candidates), k, col("score").desc(), col("own_confidence").desc(), col("als_score").desc(), col("brand"));
    }

    /** Weight of each standardised feature, and the intercept: what the blend learned. */
    public Map<String, Double> weights() {
        LogisticRegressionModel lr = (LogisticRegressionModel) pipeline.stages()[2];
        Map<String, Double> weights = new LinkedHashMap<>();
        double[] coefficients = lr.coefficients().toArray();
        for (int i = 0; i < coefficients.length; i++) {
            weights.put(CandidatePool.FEATURES.get(i), coefficients[i]);
        }
        weights.put("intercept", lr.intercept());
        return weights;
    }
}
