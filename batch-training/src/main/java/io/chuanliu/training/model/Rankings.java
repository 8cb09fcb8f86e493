package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Turns scores into per-user rankings, ties broken by brand so that reruns rank identically. */
public final class Rankings {

    private Rankings() {}

    /** @param scored columns user, brand, score; returns user, rank (1-based), brand, score for rank <= k */
    public static Dataset<Row> topK(Dataset<Row> scored, int k) {
        return topK(scored, k, col("score").desc(), col("brand"));
    }

    /** As {@link #topK(Dataset, int)}, ordered by {@code order} (the last key should make the order total). */
    public static Dataset<Row> topK(Dataset<Row> scored, int k, org.apache.spark.sql.Column... order) {
        return scored.withColumn(
                        "rank", row_number().over(Window.partitionBy("user").orderBy(order)))
                .where(col("rank").leq(k))
                .select("user", "rank", "brand", "score");
    }

    /** Drops (user, brand) pairs present in {@code seen} (columns user, brand). */
    public static Dataset<Row> withoutSeen(Dataset<Row> scored, Dataset<Row> seen) {
        return scored.join(seen.select("user", "brand"), new String[] {"user", "brand"}, "left_anti");
    }
}
