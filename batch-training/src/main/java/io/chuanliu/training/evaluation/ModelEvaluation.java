package io.chuanliu.training.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.training.job.TrainingConfig;
import io.chuanliu.training.model.AffinityModel;
import io.chuanliu.training.model.AffinityTopK;
import io.chuanliu.training.model.AffinityTrainer;
import io.chuanliu.training.model.BlendRanker;
import io.chuanliu.training.model.BrandSides;
import io.chuanliu.training.model.CandidatePool;
import io.chuanliu.training.model.Rankings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final java.util.function.Consumer<String> steps;

    public ModelEvaluation(TrainingConfig config) {
        this(config, step -> {});
    }

    /** @param steps told the name of each step as it ends, for progress lines */
    public ModelEvaluation(TrainingConfig config, java.util.function.Consumer<String> steps) {
        this.steps = steps;
        this.config = config;
        this.trainer = new AffinityTrainer(
                config.iterations(), config.regParam(), config.seed(), (long) config.driverSumsMib() << 20);
    }

    public EvaluationResult run(Dataset<Row> interactions, TimeSplit test, long catalogue) {
        int k = config.k();
        SplitData validation = SplitData.of(interactions, test.previous(), config.halfLife());
        if (validation.truth().isEmpty()) {
            throw new IllegalArgumentException("no purchases in the validation window before "
                    + java.time.Instant.ofEpochMilli(test.cut()) + ": move split.date later or shorten split.horizon");
        }

        Map<String, Double> tried = new LinkedHashMap<>();
        AffinityModel best = null;
        double bestNdcg = -1;
        for (int rank : config.ranks()) {
            for (double alpha : config.alphas()) {
                AffinityModel candidate = trainer.fit(validation.confidence(), rank, alpha);
                double ndcg = RankingMetrics.meanNdcg(
                        alsTopK(BrandSides.factorsOnly(candidate), candidate, validation, k), validation.truth(), k);
                tried.put("rank=" + rank + ",alpha=" + alpha, ndcg);
                if (ndcg > bestNdcg) {
                    if (best != null) {
                        best.close();
                    }
                    bestNdcg = ndcg;
                    best = candidate;
                } else {
                    candidate.close();
                }
            }
        }
        steps.accept("als grid (" + tried.size() + " fits)");
        CandidatePool pool = new CandidatePool(Math.max(config.candidatesPerSource(), k), config.excludeSeen());
        List<SplitData> blendSplits = new ArrayList<>(List.of(validation));
        List<AffinityModel> windowModels = new ArrayList<>(List.of(best));
        Dataset<Row> blendRows = labelled(candidates(pool, validation, best), validation);
        for (int window = 2; window <= config.blendWindows(); window++) {
            SplitData earlier = SplitData.of(
                    interactions,
                    blendSplits.get(blendSplits.size() - 1).split().previous(),
                    config.halfLife());
            blendSplits.add(earlier);
            AffinityModel earlierModel = trainer.fit(earlier.confidence(), best.rank(), best.alpha());
            windowModels.add(earlierModel);
            blendRows = blendRows.unionByName(labelled(candidates(pool, earlier, earlierModel), earlier));
        }
        if (!config.evalExport().isEmpty()) {
            CandidateExport.training(config.evalExport(), blendRows);
        }
        steps.accept("ranker windows (" + config.blendWindows() + ")");
        BlendRanker blend = BlendRanker.fit(blendRows, config.seed(), config.blendMaxRows(), config.halfLife());
        blendSplits.forEach(SplitData::close);
        windowModels.forEach(AffinityModel::close);
        steps.accept("ranker fit");

        SplitData testData = SplitData.of(interactions, test, config.halfLife());
        if (testData.truth().isEmpty()) {
            throw new IllegalArgumentException("no purchases by known users in the test window after "
                    + java.time.Instant.ofEpochMilli(test.cut()) + ": move split.date earlier");
        }
        AffinityModel testModel = trainer.fit(testData.confidence(), best.rank(), best.alpha());
        BrandSide testSide = BrandSides.collect(
                testData.brandBuyers(), testData.userBrand(), testModel, CandidatePool.NEIGHBOURS_PER_BRAND);
        Dataset<Row> testCandidates = candidates(pool, testData, testSide, testModel);
        Dataset<Row> modelTopK = blend.topK(testCandidates, k).cache();
        if (!config.evalExport().isEmpty()) {
            CandidateExport.test(config.evalExport(), labelled(testCandidates, testData), testData.truth());
        }

        steps.accept("test split and ranking");
        Map<String, Dataset<Row>> rankings = new LinkedHashMap<>();
        rankings.put("model", modelTopK);
        rankings.put("als", alsTopK(testSide, testModel, testData, k).cache());
        // Item-to-item co-occurrence alone: the pool holds each user's top co-occurring brands, ties (none) by
        // popularity.
        rankings.put(
                "cooc",
                Rankings.topK(
                                testCandidates.select(
                                        col("user"),
                                        col("brand"),
                                        col("cooc_score").alias("score"),
                                        col("log_popularity")),
                                k,
                                col("score").desc(),
                                col("log_popularity").desc(),
                                col("brand"))
                        .cache());
        rankings.put("own_history", ownHistory(testData, k).cache());
        rankings.put("popularity", popularity(testData, k).cache());
        RankingMetrics.Evaluated evaluated = RankingMetrics.computeAll(rankings, testData.truth(), k, catalogue);
        Map<String, MethodMetrics> methods = evaluated.summaries();
        steps.accept("baselines and metrics");
        // The model's lift over each other method on the gate's metric, with a paired bootstrap interval over the test
        // users.
        List<String> baselines = rankings.keySet().stream()
                .filter(method -> !method.equals("model"))
                .toList();
        Map<String, LiftInterval> lifts = PairedBootstrap.lifts(
                evaluated.perUser(),
                "model",
                baselines,
                config.gateMetric(),
                config.gateConfidence() > 0 ? config.gateConfidence() : 0.95,
                config.seed());
        steps.accept("bootstrap intervals");
        evaluated.perUser().unpersist();
        long testUsers = methods.get("model").users();
        rankings.forEach((method, topK) -> {
            if (topK != modelTopK) {
                topK.unpersist();
            }
        });
        testCandidates.unpersist();
        testModel.close();
        testData.close();
        return new EvaluationResult(
                k,
                test.cut(),
                testUsers,
                methods,
                modelTopK,
                best.rank(),
                best.alpha(),
                tried,
                blend.ranker(),
                blend.negativeShare(),
                lifts);
    }

    private Dataset<Row> candidates(CandidatePool pool, SplitData split, AffinityModel model) {
        return candidates(
                pool,
                split,
                BrandSides.collect(split.brandBuyers(), split.userBrand(), model, CandidatePool.NEIGHBOURS_PER_BRAND),
                model);
    }

    private Dataset<Row> candidates(CandidatePool pool, SplitData split, BrandSide side, AffinityModel model) {
        return seenFiltered(pool.build(side, split.userBrand(), split.split().cut(), split.truth(), model), split);
    }

    private static Dataset<Row> labelled(Dataset<Row> candidates, SplitData split) {
        return candidates.join(labels(split.truth()), new String[] {"user", "brand"}, "left");
    }

    /** ALS alone: each test user's top k by affinity, the user's own brands left out when they do not count. */
    private Dataset<Row> alsTopK(BrandSide side, AffinityModel model, SplitData split, int k) {
        return AffinityTopK.of(side, model, split.truth(), config.excludeSeen() ? split.userBrand() : null, k);
    }

    private static Dataset<Row> labels(Dataset<Row> truth) {
        return truth.select("user", "brand").distinct().withColumn("bought", lit(1.0));
    }

    private int extra() {
        return config.excludeSeen() ? 100 : 0;
    }

    private Dataset<Row> seenFiltered(Dataset<Row> scored, SplitData split) {
        return config.excludeSeen()
                ? Rankings.withoutSeen(
                        scored, split.train().select("user", "brand").distinct())
                : scored;
    }

    /** The user's own brands by decayed confidence, then the most popular brands to fill k. */
    private Dataset<Row> ownHistory(SplitData split, int k) {
        Dataset<Row> users = split.truth().select("user").distinct();
        Dataset<Row> own = split.userBrand()
                .join(users, "user")
                .select(col("user"), col("brand"), col("confidence").plus(1e6).alias("score"));
        Dataset<Row> popular = users.crossJoin(topPopular(split, k + 100)
                .select(col("brand"), col("buyers").cast("double").alias("score")));
        Dataset<Row> scored = seenFiltered(own.unionByName(popular), split)
                .groupBy("user", "brand")
                .agg(org.apache.spark.sql.functions.max("score").alias("score"));
        return Rankings.topK(scored, k);
    }

    private Dataset<Row> popularity(SplitData split, int k) {
        Dataset<Row> users = split.truth().select("user").distinct();
        Dataset<Row> scored = users.crossJoin(topPopular(split, k + extra())
                .select(col("brand"), col("buyers").cast("double").alias("score")));
        return Rankings.topK(seenFiltered(scored, split), k);
    }

    private static Dataset<Row> topPopular(SplitData split, int n) {
        return split.brandBuyers().orderBy(col("buyers").desc(), col("brand")).limit(n);
    }
}
