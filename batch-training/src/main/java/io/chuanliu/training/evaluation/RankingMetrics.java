package io.chuanliu.training.evaluation;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import io.chuanliu.common.ranking.BrandSide;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Full-ranking metrics at k over a set of test users, computed in Spark (no collection to the driver):
 *
 * <ul>
 *   <li>precision@k = hits / k; recall@k = hits / |relevant|</li>
 *   <li>NDCG@k = sum over hits of 1 / log2(rank + 1), divided by the ideal sum over min(|relevant|, k) ranks</li>
 *   <li>MAP@k = mean over users of sum over hits of (hits so far / rank), divided by min(|relevant|, k)</li>
 *   <li>coverage = distinct brands recommended / brands in the catalogue</li>
 * </ul>
 *
 * Users with no recommendation count with zeros: every test user is in the denominator.
 */
public final class RankingMetrics {

    private static final String ONLY = "only";

    private RankingMetrics() {}

    /**
     * @param recommendations columns user, rank (1-based), brand
     * @param relevant columns user, brand: the test purchases of the test users
     */
    public static MethodMetrics compute(Dataset<Row> recommendations, Dataset<Row> relevant, int k, long catalogue) {
        Evaluated evaluated = computeAll(Map.of(ONLY, recommendations), relevant, k, catalogue);
        evaluated.perUser().unpersist();
        return evaluated.summaries().get(ONLY);
    }

    /** Every method's per-user metrics and summary, computed together. */
    public record Evaluated(Dataset<Row> perUser, Map<String, MethodMetrics> summaries) {}

    /**
     * Every method at once: one shuffle for all the per-user metrics and one aggregation each for the
     * averages and the coverage, instead of three actions per method.
     *
     * @param rankings method -> columns user, rank (1-based), brand
     * @return {@link #perUser(Map, Dataset, int)} (cached; the caller unpersists it) and each method's summary
     */
    public static Evaluated computeAll(
            Map<String, Dataset<Row>> rankings, Dataset<Row> relevant, int k, long catalogue) {
        Dataset<Row> perUser = perUser(rankings, relevant, k).cache();
        Map<String, Row> averages = new HashMap<>();
        for (Row row : perUser.groupBy("method")
                .agg(avg("precision"), avg("recall"), avg("ndcg"), avg("map"), count(lit(1)))
                .collectAsList()) {
            averages.put(row.getString(0), row);
        }
        Map<String, Long> covered = new HashMap<>();
        Dataset<Row> testUsers = relevant.select("user").distinct();
        for (Row row : tagged(rankings, k)
                .join(testUsers, "user")
                .groupBy("method")
                .agg(countDistinct("brand"))
                .collectAsList()) {
            covered.put(row.getString(0), row.getLong(1));
        }
        Map<String, MethodMetrics> summaries = new LinkedHashMap<>();
        for (String method : rankings.keySet()) {
            Row row = averages.get(method);
            if (row == null) {
                summaries.put(method, new MethodMetrics(0, 0, 0, 0, 0, 0));
                continue;
            }
            summaries.put(
                    method,
                    new MethodMetrics(
                            row.getDouble(1),
                            row.getDouble(2),
                            row.getDouble(3),
                            row.getDouble(4),
                            catalogue == 0 ? 0 : (double) covered.getOrDefault(method, 0L) / catalogue,
                            row.getLong(5)));
        }
        return new Evaluated(perUser, summaries);
    }

    /**
     * Each test user's metrics: user, precision, recall, ndcg, map (zeros for a user without a hit or
     * without recommendations).
     */
    public static Dataset<Row> perUser(Dataset<Row> recommendations, Dataset<Row> relevant, int k) {
        return perUser(Map.of(ONLY, recommendations), relevant, k).drop("method");
    }

    /** As {@link #perUser(Dataset, Dataset, int)} for every method: columns method, user, precision, recall, ndcg, map. */
    public static Dataset<Row> perUser(Map<String, Dataset<Row>> rankings, Dataset<Row> relevant, int k) {
        // Each test user's purchases (rank 0, no method) and every method's top k, grouped by user once and scored
        // in plain Java: one shuffle instead of a join, a window and two aggregations.
        Dataset<Row> truth = relevant.select(
                lit(null).cast("string").alias("method"), col("user"), lit(0).alias("rank"), col("brand"));
        return tagged(rankings, k)
                .unionByName(truth)
                .groupByKey((MapFunction<Row, String>) row -> row.getString(1), Encoders.STRING())
                .flatMapGroups(new UserMetrics(new ArrayList<>(rankings.keySet()), k), Encoders.row(PER_USER));
    }

    /** Columns of {@link #perUser(Map, Dataset, int)}. */
    private static final StructType PER_USER = new StructType()
            .add("method", DataTypes.StringType, false)
            .add("user", DataTypes.StringType, false)
            .add("precision", DataTypes.DoubleType, false)
            .add("recall", DataTypes.DoubleType, false)
            .add("ndcg", DataTypes.DoubleType, false)
            .add("map", DataTypes.DoubleType, false);

    /**
     * One user's rows (purchases with a null method, recommendations with theirs) to one row per method,
     * for users with at least one purchase; a method without recommendations for the user scores zeros.
     */
    private static final class UserMetrics implements FlatMapGroupsFunction<String, Row, Row> {
        private static final long serialVersionUID = 1L;
        private final List<String> methods;
        private final int k;

        UserMetrics(List<String> methods, int k) {
            this.methods = methods;
            this.k = k;
        }

        @Override
        public Iterator<Row> call(String user, Iterator<Row> rows) {
            Set<String> bought = new HashSet<>();
            Map<String, List<Row>> ranked = new HashMap<>();
            while (rows.hasNext()) {
                Row row = rows.next();
                if (row.isNullAt(0)) {
                    bought.add(row.getString(3));
                } else {
                    ranked.computeIfAbsent(row.getString(0), m -> new ArrayList<>())
                            .add(row);
                }
            }
            if (bought.isEmpty()) {
                return java.util.Collections.emptyIterator();
            }
            List<Row> out = new ArrayList<>(methods.size());
            for (String method : methods) {
                List<Row> top = ranked.getOrDefault(method, new ArrayList<>());
                top.sort(java.util.Comparator.comparingInt(RankingMetrics::rank));
                int[] hitRanks = top.stream()
                        .filter(row -> bought.contains(row.getString(3)))
                        .mapToInt(RankingMetrics::rank)
                        .toArray();
                double[] m = ofUser(hitRanks, bought.size(), k);
                out.add(RowFactory.create(method, user, m[0], m[1], m[2], m[3]));
            }
            return out.iterator();
        }
    }

    /**
     * {@link #ofUser} of a top list of brand ids ({@code side}'s) against the names of the brands the user bought.
     */
    public static double[] ofTop(BrandSide side, int[] top, Set<?> bought, int k) {
        int[] hitRanks = new int[top.length];
        int hits = 0;
        for (int i = 0; i < top.length; i++) {
            if (bought.contains(side.name(top[i]))) {
                hitRanks[hits++] = i + 1;
            }
        }
        return ofUser(java.util.Arrays.copyOf(hitRanks, hits), bought.size(), k);
    }

    /**
     * One user's metrics at k, in the order precision, recall, NDCG, MAP.
     *
     * @param hitRanks the 1-based ranks at which the user's top k holds a purchase, ascending
     * @param relevant how many distinct brands the user bought in the test window (at least one)
     */
    public static double[] ofUser(int[] hitRanks, int relevant, int k) {
        int cut = Math.min(relevant, k);
        double ideal = 0;
        for (int rank = 1; rank <= cut; rank++) {
            ideal += 1 / log2(rank + 1);
        }
        double dcg = 0;
        double apSum = 0;
        for (int h = 0; h < hitRanks.length; h++) {
            dcg += 1 / log2(hitRanks[h] + 1);
            apSum += (double) (h + 1) / hitRanks[h];
        }
        int hits = hitRanks.length;
        return new double[] {(double) hits / k, (double) hits / relevant, dcg / ideal, apSum / cut};
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static int rank(Row row) {
        return ((Number) row.get(2)).intValue();
    }

    /** Every method's top k in one table: method, user, rank, brand. */
    private static Dataset<Row> tagged(Map<String, Dataset<Row>> rankings, int k) {
        Dataset<Row> all = null;
        for (Map.Entry<String, Dataset<Row>> e : rankings.entrySet()) {
            Dataset<Row> one = e.getValue()
                    .where(col("rank").leq(k))
                    .select(lit(e.getKey()).alias("method"), col("user"), col("rank"), col("brand"));
            all = all == null ? one : all.unionByName(one);
        }
        return all;
    }
}
