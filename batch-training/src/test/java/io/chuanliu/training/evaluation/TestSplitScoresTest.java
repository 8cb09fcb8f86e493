package io.chuanliu.training.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.common.ranking.LinearRanker;
import io.chuanliu.common.ranking.RankerFeatures;
import io.chuanliu.training.input.InputConfig;
import io.chuanliu.training.input.InteractionReader;
import io.chuanliu.training.job.TrainingConfig;
import io.chuanliu.training.model.AffinityModel;
import io.chuanliu.training.model.AffinityTopK;
import io.chuanliu.training.model.AffinityTrainer;
import io.chuanliu.training.model.BlendRanker;
import io.chuanliu.training.model.BrandSides;
import io.chuanliu.training.model.CandidatePool;
import io.chuanliu.training.model.MethodRankings;
import io.chuanliu.training.model.Rankings;
import io.chuanliu.training.testing.SparkTestSession;
import io.chuanliu.training.testing.TrainingTestData;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The test split's one pass over its users scores every method as separate Spark rankings of the same
 * definitions do ({@link RankingMetrics#computeAll} over {@link AffinityTopK}, the candidate pool ranked by
 * the ranker's probability and by co-occurrence, and plain queries for own history and popularity), and
 * bootstraps the same intervals: on a generated market, with and without the seen brands.
 */
class TestSplitScoresTest {

    private static final int K = 10;
    private static final long DAY = 86_400_000L;

    private static SplitData split;
    private static AffinityModel model;
    private static BrandSide side;

    @BeforeAll
    static void fitOnAGeneratedMarket() throws Exception {
        InputConfig input = TrainingConfig.fromArgs(
                        "--history",
                        TrainingTestData.market(2_000).resolve("history").toString(),
                        "--models",
                        "unused")
                .input();
        Dataset<Row> interactions = new InteractionReader(SparkTestSession.get(), input)
                .read()
                .valid()
                .cache();
        long newest = interactions.agg(max("time")).first().getLong(0);
        split = SplitData.of(interactions, new TimeSplit(newest - 7 * DAY, 7 * DAY), Duration.ofDays(14));
        model = new AffinityTrainer(10, 0.05, 42).fit(split.confidence(), 8, 20);
        side = BrandSides.collect(split.brandBuyers(), split.userBrand(), model, CandidatePool.NEIGHBOURS_PER_BRAND);
    }

    @AfterAll
    static void release() {
        model.close();
        split.close();
    }

    @ParameterizedTest(name = "seen brands left out: {0}")
    @ValueSource(booleans = {false, true})
    void shouldScoreAlsAloneForTheGridAsItsSeparateRankingsAreScored(boolean excludeSeen) {
        Dataset<Row> seen = excludeSeen ? split.userBrand() : null;
        BrandSide factorsOnly = BrandSides.factorsOnly(model);

        double onePass = AlsNdcg.mean(factorsOnly, model, split.truth(), seen, K);
        double separate = RankingMetrics.compute(
                        AffinityTopK.of(factorsOnly, model, split.truth(), seen, K), split.truth(), K, side.size())
                .ndcg();

        assertThat(onePass).isPositive().isCloseTo(separate, within(1e-12));
    }

    @ParameterizedTest(name = "seen brands left out: {0}")
    @ValueSource(booleans = {false, true})
    void shouldScoreEveryMethodAsTheSeparateRankingsDo(boolean excludeSeen) {
        LinearRanker ranker = ranker();
        TestSplitScores scores = TestSplitScores.of(
                split, side, model, new MethodRankings.Settings(ranker, K, excludeSeen, K), side.size());

        Map<String, Dataset<Row>> separate = separateRankings(ranker, excludeSeen);
        RankingMetrics.Evaluated expected = RankingMetrics.computeAll(separate, split.truth(), K, side.size());

        assertThat(scores.summaries().keySet()).containsExactlyElementsOf(MethodRankings.METHODS);
        for (String method : MethodRankings.METHODS) {
            MethodMetrics one = scores.summaries().get(method);
            MethodMetrics other = expected.summaries().get(method);
            assertThat(one.users())
                    .as(method + " users")
                    .isEqualTo(other.users())
                    .isPositive();
            for (String metric : List.of("precision", "recall", "ndcg", "map", "coverage")) {
                assertThat(one.get(metric)).as(method + " " + metric).isCloseTo(other.get(metric), within(1e-12));
            }
        }
        assertThat(scores.modelTopK().select("user", "rank", "brand").collectAsList())
                .as("the model's top k")
                .containsExactlyInAnyOrderElementsOf(separate.get(MethodRankings.MODEL)
                        .select("user", "rank", "brand")
                        .collectAsList());

        Map<String, LiftInterval> lifts = scores.lifts("ndcg", 0.95, 7);
        Map<String, LiftInterval> expectedLifts = PairedBootstrap.lifts(
                expected.perUser(),
                MethodRankings.MODEL,
                MethodRankings.METHODS.subList(1, MethodRankings.METHODS.size()),
                "ndcg",
                0.95,
                7);
        assertThat(lifts.keySet()).containsExactlyElementsOf(expectedLifts.keySet());
        lifts.forEach((method, lift) -> {
            assertThat(lift.lift())
                    .as(method + " lift")
                    .isCloseTo(expectedLifts.get(method).lift(), within(1e-12));
            assertThat(lift.low())
                    .as(method + " low")
                    .isCloseTo(expectedLifts.get(method).low(), within(1e-12));
            assertThat(lift.high())
                    .as(method + " high")
                    .isCloseTo(expectedLifts.get(method).high(), within(1e-12));
        });
        expected.perUser().unpersist();
    }

    /** Each method as its own Spark query, as the evaluation ran them before the one pass. */
    private static Map<String, Dataset<Row>> separateRankings(LinearRanker ranker, boolean excludeSeen) {
        Dataset<Row> candidates = seenFiltered(
                new CandidatePool(K, excludeSeen)
                        .build(side, split.userBrand(), split.split().cut(), split.truth(), model),
                excludeSeen);
        Dataset<Row> users = split.truth().select("user").distinct();
        Dataset<Row> popular = split.brandBuyers()
                .orderBy(col("buyers").desc(), col("brand"))
                .limit(K + 100)
                .select(col("brand"), col("buyers").cast("double").alias("score"));
        Dataset<Row> own = split.userBrand()
                .join(users, "user")
                .select(col("user"), col("brand"), col("confidence").plus(1e6).alias("score"));
        Map<String, Dataset<Row>> rankings = new LinkedHashMap<>();
        rankings.put(
                MethodRankings.MODEL,
                Rankings.topK(
                        BlendRanker.score(candidates, ranker),
                        K,
                        col("score").desc(),
                        col("own_confidence").desc(),
                        col("als_score").desc(),
                        col("brand")));
        rankings.put(
                MethodRankings.ALS,
                AffinityTopK.of(side, model, split.truth(), excludeSeen ? split.userBrand() : null, K));
        rankings.put(
                MethodRankings.COOC,
                Rankings.topK(
                        candidates.select(
                                col("user"), col("brand"), col("cooc_score").alias("score"), col("log_popularity")),
                        K,
                        col("score").desc(),
                        col("log_popularity").desc(),
                        col("brand")));
        rankings.put(
                MethodRankings.OWN_HISTORY,
                Rankings.topK(
                        seenFiltered(own.unionByName(users.crossJoin(popular)), excludeSeen)
                                .groupBy("user", "brand")
                                .agg(max("score").alias("score")),
                        K));
        rankings.put(
                MethodRankings.POPULARITY,
                Rankings.topK(
                        seenFiltered(users.crossJoin(popular.limit(K + (excludeSeen ? 100 : 0))), excludeSeen), K));
        return rankings;
    }

    private static Dataset<Row> seenFiltered(Dataset<Row> scored, boolean excludeSeen) {
        return excludeSeen
                ? Rankings.withoutSeen(
                        scored, split.train().select("user", "brand").distinct())
                : scored;
    }

    /** A ranker that weighs own history, ALS and co-occurrence, so that every source's brands can win. */
    private static LinearRanker ranker() {
        int n = RankerFeatures.NAMES.size();
        double[] weights = new double[n];
        double[] std = new double[n];
        java.util.Arrays.fill(std, 1);
        weights[RankerFeatures.NAMES.indexOf("own_confidence")] = 1.5;
        weights[RankerFeatures.NAMES.indexOf("als_score")] = 2;
        weights[RankerFeatures.NAMES.indexOf("cooc_score")] = 0.5;
        return new LinearRanker(LinearRanker.TYPE, RankerFeatures.NAMES, new double[n], std, weights, -3, "PT336H");
    }
}
