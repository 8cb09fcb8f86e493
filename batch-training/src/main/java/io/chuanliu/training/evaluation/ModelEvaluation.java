package io.chuanliu.training.evaluation;

import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.training.job.TrainingConfig;
import io.chuanliu.training.model.AffinityModel;
import io.chuanliu.training.model.AffinityTrainer;
import io.chuanliu.training.model.BlendRanker;
import io.chuanliu.training.model.BrandSides;
import io.chuanliu.training.model.CandidatePool;
import io.chuanliu.training.model.MethodRankings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
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
 *   <li>test split T: ALS refitted up to T; then, in one pass over the test users ({@link TestSplitScores}),
 *       each user's candidates built up to T, ranked by the combiner and by every baseline, and every
 *       ranking scored on the user's purchases in (T, T + horizon].</li>
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
        this.trainer = config.affinityTrainer();
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
                double ndcg = AlsNdcg.mean(
                        BrandSides.factorsOnly(candidate),
                        candidate,
                        validation.truth(),
                        config.excludeSeen() ? validation.userBrand() : null,
                        k);
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
        List<CandidatePool.LabelledWindow> windows = new ArrayList<>(List.of(window(validation, best)));
        for (int window = 2; window <= config.blendWindows(); window++) {
            SplitData earlier = SplitData.of(
                    interactions,
                    blendSplits.get(blendSplits.size() - 1).split().previous(),
                    config.halfLife());
            blendSplits.add(earlier);
            AffinityModel earlierModel = trainer.fit(earlier.confidence(), best.rank(), best.alpha());
            windowModels.add(earlierModel);
            windows.add(window(earlier, earlierModel));
        }
        if (!config.evalExport().isEmpty()) {
            JavaRDD<Row> blendRows = windows.stream()
                    .map(w -> pool.labelledRows(w.side(), w.users(), w.asOf()))
                    .reduce(JavaRDD::union)
                    .orElseThrow();
            CandidateExport.training(
                    config.evalExport(),
                    interactions.sparkSession().createDataFrame(blendRows, CandidatePool.labelledSchema()));
        }
        steps.accept("ranker windows (" + config.blendWindows() + ")");
        BlendRanker blend =
                BlendRanker.fit(pool.labelledWindows(windows), config.seed(), config.blendMaxRows(), config.halfLife());
        windows.forEach(window -> window.users().unpersist());
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
        if (!config.evalExport().isEmpty()) {
            Dataset<Row> testCandidates =
                    pool.labelled(testSide, testData.users(testModel, config.excludeSeen()), test.cut());
            CandidateExport.test(config.evalExport(), testCandidates, testData.truth());
            testCandidates.unpersist();
        }
        steps.accept("test split (ALS fit, brand side)");
        TestSplitScores scores = TestSplitScores.of(
                testData,
                testSide,
                testModel,
                new MethodRankings.Settings(blend.ranker(), pool.perSource(), config.excludeSeen(), k),
                catalogue);
        Map<String, MethodMetrics> methods = scores.summaries();
        steps.accept("every method ranked and scored");
        // The model's lift over each other method on the gate's metric, with a paired bootstrap interval over the test
        // users.
        Map<String, LiftInterval> lifts = scores.lifts(
                config.gateMetric(), config.gateConfidence() > 0 ? config.gateConfidence() : 0.95, config.seed());
        steps.accept("bootstrap intervals");
        long testUsers = methods.get(MethodRankings.MODEL).users();
        testModel.close();
        testData.close();
        return new EvaluationResult(
                k,
                test.cut(),
                testUsers,
                methods,
                scores.modelTopK(),
                best.rank(),
                best.alpha(),
                tried,
                blend.ranker(),
                blend.negativeShare(),
                lifts);
    }

    /**
     * One window, whose labelled candidates the ranker is fitted on: its brand side, and its users (one row each,
     * cached; the candidates are built from them each time they are read).
     */
    private CandidatePool.LabelledWindow window(SplitData split, AffinityModel model) {
        BrandSide side =
                BrandSides.collect(split.brandBuyers(), split.userBrand(), model, CandidatePool.NEIGHBOURS_PER_BRAND);
        return new CandidatePool.LabelledWindow(
                side,
                split.users(model, config.excludeSeen()).cache(),
                split.split().cut());
    }
}
