package io.chuanliu.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chuanliu.training.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

    private final SparkSession spark = SparkTestSession.get();

    private Dataset<Row> recs(Object[]... rows) {
        StructType schema = new StructType()
                .add("user", DataTypes.StringType)
                .add("rank", DataTypes.IntegerType)
                .add("brand", DataTypes.StringType);
        return spark.createDataFrame(
                java.util.Arrays.stream(rows).map(RowFactory::create).toList(), schema);
    }

    private Dataset<Row> truth(String[]... rows) {
        StructType schema = new StructType().add("user", DataTypes.StringType).add("brand", DataTypes.StringType);
        return spark.createDataFrame(
                java.util.Arrays.stream(rows)
                        .map(r -> RowFactory.create((Object[]) r))
                        .toList(),
                schema);
    }

    @Test
    void shouldComputeTheTextbookMetricsOnAWorkedExample() {
        // u1 ranks [a, b, c], bought {a, c}; u2 ranks [d, e, f], bought {x}; u3 bought {a} and got no ranking.
        MethodMetrics m = RankingMetrics.compute(
                recs(
                        new Object[] {"u1", 1, "a"},
                        new Object[] {"u1", 2, "b"},
                        new Object[] {"u1", 3, "c"},
                        new Object[] {"u2", 1, "d"},
                        new Object[] {"u2", 2, "e"},
                        new Object[] {"u2", 3, "f"}),
                truth(new String[] {"u1", "a"}, new String[] {"u1", "c"}, new String[] {"u2", "x"}, new String[] {
                    "u3", "a"
                }),
                3,
                10);

        double log2of3 = Math.log(3) / Math.log(2);
        double log2of4 = 2;
        double u1Ndcg = (1 + 1 / log2of4) / (1 + 1 / log2of3);
        assertThat(m.users()).isEqualTo(3);
        assertThat(m.precision()).isCloseTo((2.0 / 3) / 3, within(1e-12));
        assertThat(m.recall()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(m.ndcg()).isCloseTo(u1Ndcg / 3, within(1e-12));
        assertThat(m.map()).isCloseTo(((1 + 2.0 / 3) / 2) / 3, within(1e-12));
        assertThat(m.coverage()).isCloseTo(6.0 / 10, within(1e-12));
    }

    @Test
    void shouldCountOnlyTheTopK() {
        MethodMetrics m = RankingMetrics.compute(
                recs(new Object[] {"u1", 1, "a"}, new Object[] {"u1", 2, "b"}), truth(new String[] {"u1", "b"}), 1, 2);

        assertThat(m.precision()).isZero();
        assertThat(m.recall()).isZero();
        assertThat(List.of(m.ndcg(), m.map())).containsOnly(0.0);
    }

    @Test
    void shouldScoreEveryMethodTogetherAsEachAlone() {
        Dataset<Row> first =
                recs(new Object[] {"u1", 1, "a"}, new Object[] {"u1", 2, "b"}, new Object[] {"u2", 1, "x"});
        Dataset<Row> second =
                recs(new Object[] {"u1", 1, "c"}, new Object[] {"u2", 1, "d"}, new Object[] {"u2", 2, "x"});
        Dataset<Row> relevant = truth(new String[] {"u1", "a"}, new String[] {"u2", "x"}, new String[] {"u3", "a"});

        RankingMetrics.Evaluated together = RankingMetrics.computeAll(
                new java.util.LinkedHashMap<>(java.util.Map.of("first", first, "second", second)), relevant, 2, 5);

        for (var alone : java.util.Map.of("first", first, "second", second).entrySet()) {
            MethodMetrics expected = RankingMetrics.compute(alone.getValue(), relevant, 2, 5);
            MethodMetrics actual = together.summaries().get(alone.getKey());
            for (String metric : List.of("precision", "recall", "ndcg", "map", "coverage")) {
                assertThat(actual.get(metric))
                        .as(alone.getKey() + " " + metric)
                        .isCloseTo(expected.get(metric), within(1e-12));
            }
            assertThat(actual.users()).isEqualTo(3);
        }
        assertThat(together.perUser().count())
                .as("every test user once per method")
                .isEqualTo(6);
        together.perUser().unpersist();
    }
}
