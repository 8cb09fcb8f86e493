package io.chuanliu.training.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Features of (user, brand) pairs, experts and brands, from the canonical interactions before a cut-off. */
public final class InteractionFeatures {

    private InteractionFeatures() {}

    /**
     * Per (user, brand): {@code confidence} (weights decayed with {@code halfLife} back from
     * {@code asOf}; only positive pairs are kept), {@code orders} (non-refunded), {@code engagement} (the decayed
     * weight of likes, carts, views and other engagements alone) and {@code last_time}.
     */
    public static Dataset<Row> userBrand(Dataset<Row> interactions, Duration halfLife, long asOf) {
        double lambda = Math.log(2) / halfLife.toMillis();
        return interactions
                .withColumn(
                        "decayed",
                        col("weight")
                                .multiply(exp(lit(-lambda).multiply(lit(asOf).minus(col("time"))))))
                .groupBy("user", "brand")
                .agg(
                        sum("decayed").alias("confidence"),
                        sum(when(col("kind").equalTo("order").and(col("refund").equalTo(false)), 1)
                                        .otherwise(0))
                                .alias("orders"),
                        sum(when(col("kind").notEqual("order"), col("decayed")).otherwise(0.0))
                                .alias("engagement"),
                        max("time").alias("last_time"))
                .where(col("confidence").gt(0));
    }

    /** Per brand: {@code buyers}, distinct users with a non-refunded order (the brand's popularity). */
    public static Dataset<Row> brandBuyers(Dataset<Row> interactions) {
        return interactions
                .where(col("kind").equalTo("order").and(col("refund").equalTo(false)))
                .groupBy("brand")
                .agg(countDistinct("user").alias("buyers"));
    }

    /**
     * Per expert: {@code buyers} (distinct users who bought through the expert), {@code repeat_buyer_rate}
     * (share of them with two or more such orders) and {@code brands} (distinct brands sold).
     */
    public static Dataset<Row> experts(Dataset<Row> interactions) {
        Dataset<Row> perBuyer = interactions
                .where(col("kind")
                        .equalTo("order")
                        .and(col("refund").equalTo(false))
                        .and(col("expert").isNotNull()))
                .groupBy("expert", "user")
                .agg(count(lit(1)).alias("n"), countDistinct("brand").alias("b"));
        Dataset<Row> brands = interactions
                .where(col("kind").equalTo("order").and(col("expert").isNotNull()))
                .groupBy("expert")
                .agg(countDistinct("brand").alias("brands"));
        return perBuyer.groupBy("expert")
                .agg(
                        count(lit(1)).alias("buyers"),
                        sum(when(col("n").geq(2), 1).otherwise(0))
                                .divide(count(lit(1)))
                                .alias("repeat_buyer_rate"))
                .join(brands, "expert");
    }
}
