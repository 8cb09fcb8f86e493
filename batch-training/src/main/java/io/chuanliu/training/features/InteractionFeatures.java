package io.chuanliu.training.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Per (user, brand) implicit-feedback confidence: orders weigh 1 + log(1 + amount in yuan / 100),
 * engagements 0.5 (cart), 0.3 (like), 0.1 (view); refunds subtract their order; everything decays
 * with a half-life counted back from the newest event in the history.
 */
public final class InteractionFeatures {

    private InteractionFeatures() {}

    /** Columns: user, brand, confidence (> 0 only), last_time. */
    public static Dataset<Row> confidence(Dataset<Row> orders, Dataset<Row> engagements, Duration halfLife) {
        Dataset<Row> orderSignals = orders
                .select(col("user"), col("brand"), col("event_time"),
                        lit(1.0).plus(log1p(col("amount_cents").divide(10_000.0)))
                                .multiply(when(col("refund"), lit(-1.0)).otherwise(lit(1.0)))
                                .alias("weight"));
        Dataset<Row> engagementSignals = engagements
                .select(col("user"), col("brand"), col("event_time"),
                        when(col("kind").equalTo("cart"), lit(0.5))
                                .when(col("kind").equalTo("like"), lit(0.3))
                                .otherwise(lit(0.1)).alias("weight"));
        Dataset<Row> signals = orderSignals.unionByName(engagementSignals);
        long newest = signals.agg(max("event_time")).first().getLong(0);
        double lambda = Math.log(2) / halfLife.toMillis();
        return signals
                .withColumn("decayed", col("weight").multiply(exp(lit(-lambda).multiply(lit(newest).minus(col("event_time"))))))
                .groupBy("user", "brand")
                .agg(sum("decayed").alias("confidence"), max("event_time").alias("last_time"))
                .where(col("confidence").gt(0));
    }
}
