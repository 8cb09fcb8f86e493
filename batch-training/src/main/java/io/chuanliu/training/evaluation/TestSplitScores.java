package io.chuanliu.training.evaluation;

import static org.apache.spark.sql.functions.col;

import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.training.model.AffinityModel;
import io.chuanliu.training.model.MethodRankings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Every method ranked and scored on the test split in one pass over its users ({@link UserScores}): each
 * user's history, ALS factors, seen brands and test purchases are grouped once, {@link MethodRankings} ranks
 * every method from the user's one candidate pool, and {@link RankingMetrics#ofUser} scores each ranking.
 * One row per test user comes out, cached while the job runs (the model's top k is written from it); the
 * averages, the coverage and the bootstrap's resamples are sums over those rows, so the driver receives a few
 * numbers per method and one bit per brand, never a row per user.
 */
final class TestSplitScores {

    private final Dataset<Row> byUser;
    private final Broadcast<BrandSide> side;
    private final Map<String, MethodMetrics> summaries;

    private TestSplitScores(Dataset<Row> byUser, Broadcast<BrandSide> side, Map<String, MethodMetrics> summaries) {
        this.byUser = byUser;
        this.side = side;
        this.summaries = summaries;
    }

    /**
     * @param split the test split (its truth names the test users)
     * @param side the brand side of {@code model} as of the split
     * @param catalogue brands in the catalogue, coverage's denominator
     */
    static TestSplitScores of(
            SplitData split, BrandSide side, AffinityModel model, MethodRankings.Settings settings, long catalogue) {
        Broadcast<BrandSide> broadcast = JavaSparkContext.fromSparkContext(
                        split.truth().sparkSession().sparkContext())
                .broadcast(side);
        Dataset<Row> byUser = split.users(model, settings.excludeSeen())
                .map(new UserScores(broadcast, settings, split.split().cut()), Encoders.row(UserScores.SCHEMA))
                .cache();
        return new TestSplitScores(byUser, broadcast, summarise(byUser, side.size(), catalogue));
    }

    /** Each method's averages over the test users and its coverage, in the order of {@link MethodRankings#METHODS}. */
    Map<String, MethodMetrics> summaries() {
        return summaries;
    }

    /** The model's lift over every other method on {@code metric}, from the same resamples of the test users. */
    Map<String, LiftInterval> lifts(String metric, double confidence, long seed) {
        List<Column> columns = new ArrayList<>(List.of(col("user")));
        for (String method : MethodRankings.METHODS) {
            columns.add(col(UserScores.column(method, metric)));
        }
        return PairedBootstrap.lifts(
                byUser.select(columns.toArray(Column[]::new)), MethodRankings.METHODS, confidence, seed);
    }

    /** The model's top k of each test user: user, rank (1-based), brand, score (the purchase probability). */
    Dataset<Row> modelTopK() {
        Broadcast<BrandSide> brands = side;
        return byUser.select(
                        col("user"),
                        col(UserScores.column(MethodRankings.MODEL, UserScores.TOP)),
                        col(UserScores.MODEL_SCORES))
                .flatMap(
                        (FlatMapFunction<Row, Row>) row -> {
                            List<Integer> top = row.getList(1);
                            List<Double> scores = row.getList(2);
                            List<Row> out = new ArrayList<>(top.size());
                            for (int i = 0; i < top.size(); i++) {
                                out.add(RowFactory.create(
                                        row.getString(0), i + 1, brands.value().name(top.get(i)), scores.get(i)));
                            }
                            return out.iterator();
                        },
                        Encoders.row(new StructType()
                                .add("user", DataTypes.StringType, false)
                                .add("rank", DataTypes.IntegerType, false)
                                .add("brand", DataTypes.StringType, false)
                                .add("score", DataTypes.DoubleType, false)));
    }

    private static Map<String, MethodMetrics> summarise(Dataset<Row> byUser, int brands, long catalogue) {
        List<String> methods = MethodRankings.METHODS;
        int[] metricColumns = new int[methods.size() * UserScores.METRICS.size()];
        int[] topColumns = new int[methods.size()];
        for (int m = 0; m < methods.size(); m++) {
            for (int j = 0; j < UserScores.METRICS.size(); j++) {
                metricColumns[m * UserScores.METRICS.size() + j] =
                        UserScores.SCHEMA.fieldIndex(UserScores.column(methods.get(m), UserScores.METRICS.get(j)));
            }
            topColumns[m] = UserScores.SCHEMA.fieldIndex(UserScores.column(methods.get(m), UserScores.TOP));
        }
        Totals totals = byUser.javaRDD()
                .treeAggregate(
                        new Totals(metricColumns.length, methods.size(), brands),
                        (acc, row) -> acc.add(row, metricColumns, topColumns),
                        Totals::merge);
        Map<String, MethodMetrics> summaries = new LinkedHashMap<>();
        for (int m = 0; m < methods.size(); m++) {
            double[] mean = new double[UserScores.METRICS.size()];
            for (int j = 0; j < mean.length; j++) {
                mean[j] = totals.users == 0 ? 0 : totals.sums[m * mean.length + j] / totals.users;
            }
            summaries.put(
                    methods.get(m),
                    new MethodMetrics(
                            mean[0],
                            mean[1],
                            mean[2],
                            mean[3],
                            catalogue == 0 ? 0 : (double) totals.covered[m].cardinality() / catalogue,
                            totals.users));
        }
        return summaries;
    }

    /** Sums of every method's metrics over users, and the brands each method recommended to anyone. */
    private static final class Totals implements Serializable {
        private static final long serialVersionUID = 1L;
        private long users;
        private final double[] sums;
        private final BitSet[] covered;

        Totals(int sums, int methods, int brands) {
            this.sums = new double[sums];
            this.covered = new BitSet[methods];
            for (int m = 0; m < methods; m++) {
                covered[m] = new BitSet(brands);
            }
        }

        Totals add(Row row, int[] metricColumns, int[] topColumns) {
            users++;
            for (int i = 0; i < metricColumns.length; i++) {
                sums[i] += row.getDouble(metricColumns[i]);
            }
            for (int m = 0; m < topColumns.length; m++) {
                for (Object brand : row.getList(topColumns[m])) {
                    covered[m].set((Integer) brand);
                }
            }
            return this;
        }

        Totals merge(Totals other) {
            users += other.users;
            for (int i = 0; i < sums.length; i++) {
                sums[i] += other.sums[i];
            }
            for (int m = 0; m < covered.length; m++) {
                covered[m].or(other.covered[m]);
            }
            return this;
        }
    }
}
