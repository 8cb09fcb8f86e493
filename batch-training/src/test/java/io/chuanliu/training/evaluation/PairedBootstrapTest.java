package io.chuanliu.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chuanliu.training.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

    private static final StructType PER_USER =
            new StructType().add("user", DataTypes.StringType).add("ndcg", DataTypes.DoubleType);

    private static Dataset<Row> perUser(double[] ndcg) {
        List<Row> rows = new ArrayList<>();
        for (int u = 0; u < ndcg.length; u++) {
            rows.add(RowFactory.create("u" + u, ndcg[u]));
        }
        return SparkTestSession.get().createDataFrame(rows, PER_USER);
    }

    @Test
    void shouldPutAConsistentLeadAboveZeroAndANoisyTieAroundIt() {
        SplittableRandom random = new SplittableRandom(5);
        int users = 2_000;
        double[] baseline = new double[users];
        double[] better = new double[users];
        double[] noisy = new double[users];
        for (int u = 0; u < users; u++) {
            baseline[u] = random.nextDouble();
            better[u] = baseline[u] * 1.05;
            noisy[u] = Math.max(0, baseline[u] + (random.nextDouble() - 0.5) * 0.4);
        }

        LiftInterval lead = PairedBootstrap.lift(perUser(better), perUser(baseline), "ndcg", 0.95, 42);
        LiftInterval tie = PairedBootstrap.lift(perUser(noisy), perUser(baseline), "ndcg", 0.95, 42);

        assertThat(lead.lift()).isCloseTo(0.05, within(1e-9));
        assertThat(lead.low()).as("every user gains 5%%: every resample does").isCloseTo(0.05, within(1e-6));
        assertThat(tie.low()).isNegative();
        assertThat(tie.high()).isPositive();
        assertThat(tie.high() - tie.low()).as("interval width of a noisy tie").isBetween(0.01, 0.1);
        assertThat(PairedBootstrap.lift(perUser(noisy), perUser(baseline), "ndcg", 0.95, 42))
                .as("a rerun")
                .isEqualTo(tie);
    }

    @Test
    void shouldGiveEveryBaselineInOnePassTheIntervalItGetsAlone() {
        SplittableRandom random = new SplittableRandom(9);
        int users = 500;
        double[] model = new double[users];
        double[] first = new double[users];
        double[] second = new double[users];
        for (int u = 0; u < users; u++) {
            model[u] = random.nextDouble();
            first[u] = random.nextDouble();
            second[u] = model[u] * 0.9;
        }
        Dataset<Row> perUser =
                tagged("model", model).unionByName(tagged("first", first)).unionByName(tagged("second", second));

        Map<String, LiftInterval> together =
                PairedBootstrap.lifts(perUser, "model", List.of("first", "second"), "ndcg", 0.95, 42);

        for (Map.Entry<String, double[]> alone :
                Map.of("first", first, "second", second).entrySet()) {
            LiftInterval expected = PairedBootstrap.lift(perUser(model), perUser(alone.getValue()), "ndcg", 0.95, 42);
            LiftInterval actual = together.get(alone.getKey());
            assertThat(actual.lift()).as(alone.getKey()).isCloseTo(expected.lift(), within(1e-12));
            assertThat(actual.low()).as(alone.getKey()).isCloseTo(expected.low(), within(1e-12));
            assertThat(actual.high()).as(alone.getKey()).isCloseTo(expected.high(), within(1e-12));
        }
        assertThat(together.get("second").low())
                .as("the model leads the scaled-down copy in every resample")
                .isCloseTo(1 / 0.9 - 1, within(1e-9));
    }

    private static Dataset<Row> tagged(String method, double[] ndcg) {
        return perUser(ndcg).withColumn("method", org.apache.spark.sql.functions.lit(method));
    }

    @Test
    void shouldPublishOnlyWhenTheIntervalsLowerBoundClearsTheRequiredLift() {
        Map<String, MethodMetrics> methods = Map.of(
                "model",
                new MethodMetrics(0, 0, 0.52, 0, 0, 100),
                "own_history",
                new MethodMetrics(0, 0, 0.50, 0, 0, 100));
        EvaluationResult uncertain = new EvaluationResult(
                10,
                0,
                100,
                methods,
                null,
                16,
                20,
                Map.of(),
                null,
                1,
                Map.of("own_history", new LiftInterval(0.04, -0.01, 0.09, 0.95, 1000)));

        PublicationGate.Verdict strict = new PublicationGate("ndcg", "own_history", 0, 0.95).judge(uncertain);
        PublicationGate.Verdict pointOnly = new PublicationGate("ndcg", "own_history", 0, 0).judge(uncertain);

        assertThat(strict.passed()).isFalse();
        assertThat(strict.message()).contains("+4.0%, 95% CI [-1.0%, +9.0%]", "do not publish");
        assertThat(pointOnly.passed()).isTrue();
    }
}
