package io.chuanliu.training.model;

import static io.chuanliu.training.model.FiveBrandCatalogue.AS_OF;
import static io.chuanliu.training.model.FiveBrandCatalogue.BRANDS;
import static io.chuanliu.training.model.FiveBrandCatalogue.DAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.training.testing.SparkTestSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The ranker's fit read from windows' users ({@link CandidatePool#labelledWindows}) against the same fit on the
 * windows' labelled candidate rows: the same counts, the same sample, the same ranker.
 */
class LabelledWindowsTest {

    private static final Duration HALF_LIFE = Duration.ofDays(14);
    private static final StructType OWN = new StructType()
            .add("brand", DataTypes.StringType)
            .add("confidence", DataTypes.DoubleType)
            .add("orders", DataTypes.LongType)
            .add("last_time", DataTypes.LongType)
            .add("engagement", DataTypes.DoubleType);
    private static final StructType USERS = new StructType()
            .add("user", DataTypes.StringType)
            .add("own", DataTypes.createArrayType(OWN))
            .add("factors", DataTypes.createArrayType(DataTypes.FloatType))
            .add("seen", DataTypes.createArrayType(DataTypes.StringType))
            .add("bought", DataTypes.createArrayType(DataTypes.StringType));

    private final SparkSession spark = SparkTestSession.get();

    @Test
    void shouldCountSampleAndFitAsTheWindowsLabelledRowsDo() {
        for (boolean excludeSeen : new boolean[] {false, true}) {
            CandidatePool pool = new CandidatePool(2, excludeSeen);
            List<CandidatePool.LabelledWindow> windows = List.of(
                    new CandidatePool.LabelledWindow(BRANDS, users(1, 400), AS_OF),
                    new CandidatePool.LabelledWindow(BRANDS, users(2, 300), AS_OF - 10 * DAY));
            JavaRDD<Row> rows = windows.stream()
                    .map(w -> pool.labelledRows(w.side(), w.users(), w.asOf()))
                    .reduce(JavaRDD::union)
                    .orElseThrow();
            BlendRanker.Labelled labelled = pool.labelledWindows(windows);
            long positives = rows.filter(r -> !r.isNullAt(r.size() - 1)).count();

            assertThat(labelled.counts()).as("exclude seen %s", excludeSeen).containsExactly(rows.count(), positives);
            assertThat(positives).isPositive().isLessThan(rows.count());
            assertThat(labelled.mostRows())
                    .as("a bound of the rows, known without them")
                    .isGreaterThanOrEqualTo(rows.count())
                    .isLessThan(Long.MAX_VALUE);
            // At the bound itself the fit keeps every row without counting them.
            for (long maxRows : new long[] {Long.MAX_VALUE, labelled.mostRows(), rows.count() / 3}) {
                BlendRanker fromRows = BlendRanker.fit(rows, 42, maxRows, HALF_LIFE);
                BlendRanker fromUsers = BlendRanker.fit(labelled, 42, maxRows, HALF_LIFE);

                assertThat(fromUsers.negativeShare()).isEqualTo(fromRows.negativeShare());
                assertThat(fromUsers.ranker())
                        .as("max rows %d", maxRows)
                        .usingRecursiveComparison()
                        .isEqualTo(fromRows.ranker());
            }
            assertThat(BlendRanker.fit(labelled, 42, rows.count() / 3, HALF_LIFE)
                            .negativeShare())
                    .as("the non-purchases are sampled")
                    .isLessThan(1.0);
        }
    }

    /** Users with random histories of the five brands, factors, seen brands and purchases. */
    private Dataset<Row> users(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] names = {"a", "b", "c", "d", "e"};
        List<Row> rows = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            List<Row> own = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            List<String> bought = new ArrayList<>();
            for (String brand : names) {
                if (random.nextInt(3) == 0) {
                    own.add(RowFactory.create(
                            brand,
                            random.nextDouble() * 3,
                            (long) random.nextInt(3),
                            AS_OF - 20 * DAY - random.nextInt(30) * DAY,
                            random.nextDouble()));
                    seen.add(brand);
                }
                if (random.nextInt(4) == 0) {
                    bought.add(brand);
                }
            }
            List<Float> factors =
                    u % 7 == 0 ? null : List.of((float) random.nextDouble(), (float) (random.nextDouble() - 0.5));
            rows.add(RowFactory.create("u" + seed + "-" + u, u % 11 == 0 ? null : own, factors, seen, bought));
        }
        // Cached, as the evaluation caches its windows' users: both reads see the rows in the same order.
        return spark.createDataFrame(rows, USERS).repartition(3).cache();
    }
}
