package io.chuanliu.training.evaluation;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the time-split evaluation found.
 *
 * @param methods metrics by method: {@code model} (the blend), {@code als}, {@code own_history}, {@code popularity}
 * @param modelTopK the blend's top-k for each test user: user, rank, brand, score
 * @param rank the ALS rank chosen on the validation window
 * @param alpha the ALS alpha chosen on the validation window
 * @param validationNdcg NDCG@k of ALS on the validation window for each (rank, alpha) tried
 * @param blendWeights the combiner's weights of the standardised features and its intercept
 * @param blendNegativeShare the share of non-purchase candidates the combiner was fitted on
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
        Map<String, Double> blendWeights,
        double blendNegativeShare) {}
