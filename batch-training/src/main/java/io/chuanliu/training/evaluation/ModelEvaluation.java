package io.chuanliu.training.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.chuanliu.training.features.InteractionFeatures;
import io.chuanliu.training.job.TrainingConfig;
import io.chuanliu.training.model.AffinityModel;
import io.chuanliu.training.model.AffinityTrainer;
import io.chuanliu.training.model.BlendRanker;
import io.chuanliu.training.model.CandidatePool;
import io.chuanliu.training.model.Rankings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The time-split evaluation, also where hyperparameters and the combiner are learned:
 *
 * <ol>
 *   <li>validation split V = T - horizon: each (rank, alpha) of ALS is fitted on data up to V and
 *       scored by NDCG@k on purchases in (V, T]; the best is kept;</li>
 *   <li>the combiner is trained on candidates built from data up to V, labelled by (V, T], and on
 *       {@code blend.windows - 1} earlier windows of the same length;</li>
 *   <li>test split T: ALS refitted up to T, candidates built up to T, ranked by the combiner, and
 *       every method scored on purchases in (T, T + horizon].</li>
 * </ol>
 */
public final class ModelEvaluation {

    private final TrainingConfig config;
    private final AffinityTrainer trainer;

    public ModelEvaluation(TrainingConfig config) {
        this.config = config;
        this.trainer = new AffinityTrainer(config.iterations(), config.regParam(), config.seed());
    }

    public EvaluationResult run(Dataset<Row> interactions, TimeSplit test, long catalogue) {
        int k = config.k();
        TimeSplit validation = test.previous();
        Dataset<Row> validationTrain = validation.before(interactions).cache();
        Dataset<Row> validationTruth = validation.truth(interactions).cache();
        if (validationTruth.isEmpty()) {
            throw new IllegalArgumentException("no purchases in the validation window before "
                    + java.time.Instant.ofEpochMilli(test.cut()) + ": move split.date later or shorten split.horizon");
        }
        Dataset<Row> validationConfidence = confidence(validationTrain, validation.cut()).cache();

        Map<String, Double> tried = new LinkedHashMap<>();
        AffinityModel best = null;
        double bestNdcg = -1;
        for (int rank : config.ranks()) {
            for (double alpha : config.alphas()) {
                AffinityModel candidate = trainer.fit(validationConfidence, rank, alpha);
                double ndcg = RankingMetrics.compute(
                        Rankings.topK(seenFiltered(candidate.topBrands(validationTruth, k + extra()), validationTrain), k),
                        validationTruth, k, catalogue).ndcg();
                tried.put("rank=" + rank + ",alpha=" + alpha, ndcg);
                if (ndcg > bestNdcg) {
                    bestNdcg = ndcg;
                    best = candidate;
                }
            }
        }
        CandidatePool pool = new CandidatePool(config.halfLife(), Math.max(config.candidatesPerSource(), k));
        Dataset<Row> blendRows = seenFiltered(pool.build(validationTrain, validation.cut(), validationTruth, best),
                validationTrain).join(labels(validationTruth), new String[] {"user", "brand"}, "left");
        TimeSplit earlier = validation;
        for (int window = 2; window <= config.blendWindows(); window++) {
            earlier = earlier.previous();
            Dataset<Row> earlierTrain = earlier.before(interactions);
            Dataset<Row> earlierTruth = earlier.truth(interactions);
            AffinityModel earlierModel = trainer.fit(confidence(earlierTrain, earlier.cut()), best.rank(), best.alpha());
            blendRows = blendRows.unionByName(seenFiltered(pool.build(earlierTrain, earlier.cut(), earlierTruth, earlierModel),
                    earlierTrain).join(labels(earlierTruth), new String[] {"user", "brand"}, "left"));
        }
        BlendRanker blend = BlendRanker.fit(blendRows, config.seed());

        Dataset<Row> testTrain = test.before(interactions).cache();
        Dataset<Row> testTruth = test.truth(interactions).cache();
        if (testTruth.isEmpty()) {
            throw new IllegalArgumentException("no purchases by known users in the test window after "
                    + java.time.Instant.ofEpochMilli(test.cut()) + ": move split.date earlier");
        }
        AffinityModel testModel = trainer.fit(confidence(testTrain, test.cut()), best.rank(), best.alpha());
        Dataset<Row> testCandidates = seenFiltered(pool.build(testTrain, test.cut(), testTruth, testModel), testTrain);
        Dataset<Row> modelTopK = blend.topK(testCandidates, k).cache();

        Map<String, MethodMetrics> methods = new LinkedHashMap<>();
        methods.put("model", RankingMetrics.compute(modelTopK, testTruth, k, catalogue));
        methods.put("als", RankingMetrics.compute(
                Rankings.topK(seenFiltered(testModel.topBrands(testTruth, k + extra()), testTrain), k), testTruth, k, catalogue));
        methods.put("own_history", RankingMetrics.compute(ownHistory(testTrain, test.cut(), testTruth, k), testTruth, k, catalogue));
        methods.put("popularity", RankingMetrics.compute(popularity(testTrain, testTruth, k), testTruth, k, catalogue));
        return new EvaluationResult(k, test.cut(), testTruth.select("user").distinct().count(), methods, modelTopK,
                best.rank(), best.alpha(), tried, blend.weights());
    }

    private static Dataset<Row> labels(Dataset<Row> truth) {
        return truth.select("user", "brand").distinct().withColumn("bought", lit(1.0));
    }

    private Dataset<Row> confidence(Dataset<Row> train, long asOf) {
        return InteractionFeatures.userBrand(train, config.halfLife(), asOf).select("user", "brand", "confidence");
    }

    private int extra() {
        return config.excludeSeen() ? 100 : 0;
    }

    private Dataset<Row> seenFiltered(Dataset<Row> scored, Dataset<Row> train) {
        return config.excludeSeen() ? Rankings.withoutSeen(scored, train.select("user", "brand").distinct()) : scored;
    }

    /** The user's own brands by decayed confidence, then the most popular brands to fill k. */
    private Dataset<Row> ownHistory(Dataset<Row> train, long asOf, Dataset<Row> truth, int k) {
        Dataset<Row> users = truth.select("user").distinct();
        Dataset<Row> own = InteractionFeatures.userBrand(train, config.halfLife(), asOf).join(users, "user")
                .select(col("user"), col("brand"), col("confidence").plus(1e6).alias("score"));
        Dataset<Row> popular = users.crossJoin(topPopular(train, k + 100).select(col("brand"), col("buyers").cast("double").alias("score")));
        Dataset<Row> scored = seenFiltered(own.unionByName(popular), train)
                .groupBy("user", "brand").agg(org.apache.spark.sql.functions.max("score").alias("score"));
        return Rankings.topK(scored, k);
    }

    private Dataset<Row> popularity(Dataset<Row> train, Dataset<Row> truth, int k) {
        Dataset<Row> users = truth.select("user").distinct();
        Dataset<Row> scored = users.crossJoin(topPopular(train, k + extra()).select(col("brand"), col("buyers").cast("double").alias("score")));
        return Rankings.topK(seenFiltered(scored, train), k);
    }

    private static Dataset<Row> topPopular(Dataset<Row> train, int n) {
        return InteractionFeatures.brandBuyers(train).orderBy(col("buyers").desc(), col("brand")).limit(n);
    }
}
