package io.chuanliu.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chuanliu.training.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The combiner on candidates whose purchases follow a known logistic law: the chance of a purchase
 * is sigmoid(1.5 order_share + 0.8 als_score - 4), the other features are noise.
 */
class BlendRankerTest {

    private static final int ROWS = 40_000;
    private static final java.time.Duration HALF_LIFE = java.time.Duration.ofDays(14);
    private static Dataset<Row> candidates;

    @BeforeAll
    static void candidatesWithAKnownLaw() {
        SparkSession spark = SparkTestSession.get();
        SplittableRandom random = new SplittableRandom(7);
        StructType schema = new StructType().add("user", DataTypes.StringType).add("brand", DataTypes.StringType);
        for (String feature : CandidatePool.FEATURES) {
            schema = schema.add(feature, DataTypes.DoubleType);
        }
        schema = schema.add("bought", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Object[] values = new Object[CandidatePool.FEATURES.size() + 3];
            values[0] = "u" + i / 20;
            values[1] = "b" + i % 20;
            for (int f = 0; f < CandidatePool.FEATURES.size(); f++) {
                values[f + 2] = gaussian(random);
            }
            double orderShare = (double) values[2 + CandidatePool.FEATURES.indexOf("order_share")];
            double als = (double) values[2 + CandidatePool.FEATURES.indexOf("als_score")];
            boolean bought = random.nextDouble() < 1 / (1 + Math.exp(-(1.5 * orderShare + 0.8 * als - 4)));
            values[values.length - 1] = bought ? 1.0 : null;
            rows.add(RowFactory.create(values));
        }
        candidates = spark.createDataFrame(rows, schema).cache();
    }

    @Test
    void shouldLearnWhichFeaturesPredictAPurchase() {
        Map<String, Double> weights =
                BlendRanker.fit(candidates, 42, Long.MAX_VALUE, HALF_LIFE).weights();

        assertThat(weights.get("order_share")).isGreaterThan(1.2);
        assertThat(weights.get("als_score")).isGreaterThan(0.5);
        assertThat(weights.get("order_share")).isGreaterThan(weights.get("als_score"));
        assertThat(Math.abs(weights.get("cooc_score"))).isLessThan(0.2);
    }

    @Test
    void shouldLearnTheSameWeightsFromAWeightedSampleOfTheNonPurchases() {
        BlendRanker full = BlendRanker.fit(candidates, 42, Long.MAX_VALUE, HALF_LIFE);
        BlendRanker sampled = BlendRanker.fit(candidates, 42, 8_000, HALF_LIFE);

        assertThat(full.negativeShare()).isEqualTo(1.0);
        assertThat(sampled.negativeShare()).isBetween(0.15, 0.2);
        for (String feature : List.of("order_share", "als_score")) {
            assertThat(sampled.weights().get(feature))
                    .as(feature)
                    .isCloseTo(full.weights().get(feature), within(0.25));
        }
        // Weighting the kept non-purchases back keeps the scores probabilities: they average to the purchase rate.
        double rate = candidates.where("bought IS NOT NULL").count() / (double) ROWS;
        double meanScore = sampled.score(candidates)
                .agg(org.apache.spark.sql.functions.avg("score"))
                .first()
                .getDouble(0);
        assertThat(meanScore).isCloseTo(rate, within(0.1 * rate));
    }

    @Test
    void shouldReachTheOptimumSparksLogisticRegressionFindsForTheSameObjective() {
        BlendRanker blend = BlendRanker.fit(candidates, 42, Long.MAX_VALUE, HALF_LIFE);
        io.chuanliu.common.ranking.LinearRanker ranker = blend.ranker();

        // Spark's own solver (L-BFGS) on the same standardised features and the same penalty.
        PipelineModel spark = new Pipeline()
                .setStages(new PipelineStage[] {
                    new VectorAssembler()
                            .setInputCols(CandidatePool.FEATURES.toArray(String[]::new))
                            .setOutputCol("raw_features"),
                    new StandardScaler()
                            .setInputCol("raw_features")
                            .setOutputCol("features")
                            .setWithMean(true)
                            .setWithStd(true),
                    new LogisticRegression()
                            .setMaxIter(500)
                            .setTol(1e-12)
                            .setRegParam(BlendRanker.REG_PARAM)
                            .setStandardization(false)
                            .setFeaturesCol("features")
                            .setLabelCol("label")
                })
                .fit(candidates.withColumn(
                        "label",
                        functions.when(functions.col("bought").isNull(), 0.0).otherwise(1.0)));
        StandardScalerModel scaler = (StandardScalerModel) spark.stages()[1];
        LogisticRegressionModel lr = (LogisticRegressionModel) spark.stages()[2];

        for (int j = 0; j < CandidatePool.FEATURES.size(); j++) {
            String feature = CandidatePool.FEATURES.get(j);
            assertThat(ranker.mean()[j])
                    .as("mean of " + feature)
                    .isCloseTo(scaler.mean().apply(j), within(1e-12));
            assertThat(ranker.std()[j])
                    .as("std of " + feature)
                    .isCloseTo(scaler.std().apply(j), within(1e-12));
            assertThat(ranker.weights()[j])
                    .as("weight of " + feature)
                    .isCloseTo(lr.coefficients().apply(j), within(1e-5));
        }
        assertThat(ranker.intercept()).isCloseTo(lr.intercept(), within(1e-5));
        assertThat(ranker.halfLife()).isEqualTo("PT336H");
    }

    @Test
    void shouldScoreWithThePublishedRankersOwnArithmetic() {
        BlendRanker blend = BlendRanker.fit(candidates, 42, 8_000, HALF_LIFE);

        List<Row> rows = candidates.orderBy("user", "brand").collectAsList();
        List<Row> scores =
                blend.score(candidates).orderBy("user", "brand").select("score").collectAsList();

        assertThat(scores).hasSize(ROWS);
        for (int i = 0; i < ROWS; i += 97) {
            assertThat(scores.get(i).getDouble(0)).isEqualTo(blend.ranker().probability(features(rows.get(i))));
        }
    }

    @Test
    void shouldNotCountTheRowsWhenTheirBoundIsWithinTheLimit() {
        BlendRanker counted = BlendRanker.fit(candidates, 42, Long.MAX_VALUE, HALF_LIFE);
        org.apache.spark.api.java.JavaRDD<double[]> every =
                candidates.javaRDD().map(row -> BlendRanker.sampleRow(features(row), !row.isNullAt(row.size() - 1), 1));
        BlendRanker.Labelled bounded = new BlendRanker.Labelled() {
            @Override
            public long[] counts() {
                throw new AssertionError("counted although at most " + mostRows() + " rows can come");
            }

            @Override
            public long mostRows() {
                return ROWS + 1;
            }

            @Override
            public org.apache.spark.api.java.JavaRDD<double[]> sample(long seed, long threshold, double keep) {
                assertThat(keep).isEqualTo(1.0);
                return every;
            }
        };

        BlendRanker unCounted = BlendRanker.fit(bounded, 42, ROWS + 1, HALF_LIFE);

        assertThat(unCounted.negativeShare()).isEqualTo(1.0);
        assertThat(unCounted.ranker()).usingRecursiveComparison().isEqualTo(counted.ranker());
    }

    private static double[] features(Row row) {
        double[] x = new double[CandidatePool.FEATURES.size()];
        for (int j = 0; j < x.length; j++) {
            x[j] = row.getDouble(2 + j);
        }
        return x;
    }

    @Test
    void shouldKeepEveryRowUnderTheLimitAndEnoughNonPurchasesOverIt() {
        assertThat(BlendRanker.negativeShare(1_000, 100, 2_000)).isEqualTo(1.0);
        assertThat(BlendRanker.negativeShare(10_100, 100, 1_100)).isCloseTo(0.1, within(1e-12));
        assertThat(BlendRanker.negativeShare(10_100, 2_000, 1_000))
                .as("more purchases than the limit")
                .isGreaterThan(0);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Test
    void shouldSampleTheSamePairsAsSparkSqlsHashOfUserAndBrand() {
        List<String[]> pairs = List.of(
                new String[] {"u1", "b1"},
                new String[] {"", "brand"},
                new String[] {"14911", "85123A"},
                new String[] {"用户七", "品牌"},
                new String[] {"a user id longer than thirty-two bytes, to cross xxhash's stripes", "x"});
        List<Row> rows = pairs.stream().map(p -> RowFactory.create(p[0], p[1])).toList();
        StructType schema = new StructType().add("user", DataTypes.StringType).add("brand", DataTypes.StringType);
        for (long seed : new long[] {42, -7}) {
            List<Row> spark = SparkTestSession.get()
                    .createDataFrame(rows, schema)
                    .select(functions.pmod(
                            functions.xxhash64(functions.col("user"), functions.col("brand"), functions.lit(seed)),
                            functions.lit(1_000_000L)))
                    .collectAsList();
            for (int i = 0; i < pairs.size(); i++) {
                assertThat(BlendRanker.sampleBucket(pairs.get(i)[0], pairs.get(i)[1], seed))
                        .as("bucket of %s, %s with seed %d", pairs.get(i)[0], pairs.get(i)[1], seed)
                        .isEqualTo(spark.get(i).getLong(0));
            }
        }
    }
}
