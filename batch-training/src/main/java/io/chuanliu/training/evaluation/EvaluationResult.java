package io.chuanliu.training.evaluation;

import io.chuanliu.common.ranking.LinearRanker;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the time-split evaluation found.
 *
 * @param methods metrics by method: {@code model} (the blend), {@code als}, {@code cooc} (co-occurrence alone),
 *     {@code own_history}, {@code popularity}
 * @param modelTopK the blend's top-k for each test user: user, rank, brand, score
 * @param rank the ALS rank chosen on the validation window
 * @param alpha the ALS alpha chosen on the validation window
 * @param validationNdcg NDCG@k of ALS on the validation window for each (rank, alpha) tried
 * @param ranker the combiner as published and served: logistic regression on standardised features
 * @param blendNegativeShare the share of non-purchase candidates the combiner was fitted on
 * @param lifts the model's lift over each other method on the gate's metric, with a paired bootstrap interval
 */
public record EvaluationResult(
        int k,
        long splitTime,
        long testUsers,
        Map<String, MethodMetrics> methods,
        Dataset<Row> modelTopK,
        int rank,
        double alpha,
        Map<String, Double> validationNdcg,
        LinearRanker ranker,
        double blendNegativeShare,
        Map<String, LiftInterval> lifts) {

    /** The combiner's weight of each standardised feature, and its intercept. */
    public Map<String, Double> blendWeights() {
        return ranker.weightsByFeature();
    }
}
