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

import org.apache.spark.sql.Dataset;
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

    private RankingMetrics() {}

    /**
     * @param recommendations columns user, rank (1-based), brand
     * @param relevant columns user, brand: the test purchases of the test users
     */
    public static MethodMetrics compute(Dataset<Row> recommendations, Dataset<Row> relevant, int k, long catalogue) {
        return summarise(perUser(recommendations, relevant, k), recommendations, relevant, k, catalogue);
    }

    /** As {@link #compute}, from the {@link #perUser} metrics already computed for the same recommendations. */
    public static MethodMetrics summarise(Dataset<Row> perUser, Dataset<Row> recommendations, Dataset<Row> relevant, int k,
            long catalogue) {
        Row row = perUser.agg(avg("precision"), avg("recall"), avg("ndcg"), avg("map"), count(lit(1))).first();
        Dataset<Row> truthSizes = relevant.select("user").distinct();
        long covered = recommendations.where(col("rank").leq(k)).join(truthSizes, "user").agg(countDistinct("brand")).first().getLong(0);
        return new MethodMetrics(row.getDouble(0), row.getDouble(1), row.getDouble(2), row.getDouble(3),
                catalogue == 0 ? 0 : (double) covered / catalogue, row.getLong(4));
    }

    /**
     * Each test user's metrics: user, precision, recall, ndcg, map (zeros for a user without a hit or
     * without recommendations).
     */
    public static Dataset<Row> perUser(Dataset<Row> recommendations, Dataset<Row> relevant, int k) {
        Dataset<Row> truth = relevant.select("user", "brand").distinct();
        Dataset<Row> truthSizes = truth.groupBy("user").agg(count(lit(1)).alias("n_relevant"));
        Dataset<Row> topK = recommendations.where(col("rank").leq(k)).select("user", "rank", "brand");
        Dataset<Row> marked = topK
                .join(truth.withColumn("rel", lit(1)), new String[] {"user", "brand"}, "left")
                .withColumn("rel", coalesce(col("rel"), lit(0)))
                .withColumn("hits_so_far", sum("rel").over(Window.partitionBy("user").orderBy("rank")));
        Dataset<Row> perUser = marked.groupBy("user").agg(
                sum("rel").alias("hits"),
                sum(col("rel").divide(log2(col("rank").plus(1)))).alias("dcg"),
                sum(when(col("rel").equalTo(1), col("hits_so_far").divide(col("rank"))).otherwise(0)).alias("ap_sum"));
        StringBuilder ideal = new StringBuilder("array(0D");
        for (int i = 1; i <= k; i++) {
            double idcg = 0;
            for (int j = 1; j <= i; j++) {
                idcg += 1 / (Math.log(j + 1) / Math.log(2));
            }
            ideal.append(", ").append(idcg).append("D");
        }
        ideal.append(")");
        return truthSizes.join(perUser, new String[] {"user"}, "left").na().fill(0)
                .withColumn("cut", least(col("n_relevant"), lit(k)))
                .selectExpr("user", "hits", "n_relevant", "cut", "dcg", "ap_sum",
                        "element_at(" + ideal + ", CAST(cut AS INT) + 1) AS idcg")
                .select(col("user"), col("hits").divide(k).alias("precision"), col("hits").divide(col("n_relevant")).alias("recall"),
                        col("dcg").divide(col("idcg")).alias("ndcg"), col("ap_sum").divide(col("cut")).alias("map"));
    }
}
