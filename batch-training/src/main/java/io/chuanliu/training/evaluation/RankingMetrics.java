package io.chuanliu.training.evaluation;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log2;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

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
        Dataset<Row> truth = relevant.select("user", "brand").distinct();
        Dataset<Row> methods = relevant.sparkSession()
                .createDataset(new ArrayList<>(rankings.keySet()), Encoders.STRING())
                .toDF("method");
        Dataset<Row> truthSizes =
                truth.groupBy("user").agg(count(lit(1)).alias("n_relevant")).crossJoin(methods);
        Dataset<Row> marked = tagged(rankings, k)
                .join(truth.withColumn("rel", lit(1)), new String[] {"user", "brand"}, "left")
                .withColumn("rel", coalesce(col("rel"), lit(0)))
                .withColumn(
                        "hits_so_far",
                        sum("rel").over(Window.partitionBy("method", "user").orderBy("rank")));
        Dataset<Row> perUser = marked.groupBy("method", "user")
                .agg(
                        sum("rel").alias("hits"),
                        sum(col("rel").divide(log2(col("rank").plus(1)))).alias("dcg"),
                        sum(when(col("rel").equalTo(1), col("hits_so_far").divide(col("rank")))
                                        .otherwise(0))
                                .alias("ap_sum"));
        StringBuilder ideal = new StringBuilder("array(0D");
        for (int i = 1; i <= k; i++) {
            double idcg = 0;
            for (int j = 1; j <= i; j++) {
                idcg += 1 / (Math.log(j + 1) / Math.log(2));
            }
            ideal.append(", ").append(idcg).append("D");
        }
        ideal.append(")");
        return truthSizes
                .join(perUser, new String[] {"method", "user"}, "left")
                .na()
                .fill(0)
                .withColumn("cut", least(col("n_relevant"), lit(k)))
                .selectExpr(
                        "method",
                        "user",
                        "hits",
                        "n_relevant",
                        "cut",
                        "dcg",
                        "ap_sum",
                        "element_at(" + ideal + ", CAST(cut AS INT) + 1) AS idcg")
                .select(
                        col("method"),
                        col("user"),
                        col("hits").divide(k).alias("precision"),
                        col("hits").divide(col("n_relevant")).alias("recall"),
                        col("dcg").divide(col("idcg")).alias("ndcg"),
                        col("ap_sum").divide(col("cut")).alias("map"));
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
