package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;

import io.chuanliu.training.features.InteractionFeatures;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The candidate brands of each target user, from four sources, with the features the combiner ranks
 * them by:
 *
 * <ul>
 *   <li>own history: every brand the user bought or engaged with (repurchase is most purchases);</li>
 *   <li>ALS: the top brands by affinity;</li>
 *   <li>co-occurrence: brands bought by users who bought the user's brands (cosine over buyer sets,
 *       each user's 20 strongest brands; each brand's 50 nearest neighbours);</li>
 *   <li>popularity: the brands with most buyers.</li>
 * </ul>
 *
 * Features: {@code als_score}, {@code als_rank} (the brand's rank among the user's candidates by
 * ALS), {@code own_confidence} and {@code own_orders} (log scale), {@code own_rank} (the brand's rank
 * among the user's candidates by own confidence: scale-free across windows), {@code order_share} (the
 * brand's share of the user's orders: the empirical chance that the next order repurchases it), {@code days_since} (since the last
 * own interaction), {@code cooc_score}, {@code log_popularity}.
 */
public final class CandidatePool {

    public static final List<String> FEATURES =
            List.of("als_score", "als_rank", "own_confidence", "own_rank", "own_orders", "order_share", "days_since", "cooc_score",
                    "log_popularity");

    private static final int BRANDS_PER_USER_FOR_COOCCURRENCE = 20;
    /**
     * Each brand keeps only its most similar brands: a user's co-occurrence candidates are the
     * neighbours of the user's brands, so without a cap every user fans out to every brand that ever
     * shared a buyer (all 400 in a 400-brand market), which made this the costliest step of training.
     */
    static final int NEIGHBOURS_PER_BRAND = 50;
    private static final double NEVER_DAYS = 365;

    private final Duration halfLife;
    private final int perSource;

    public CandidatePool(Duration halfLife, int perSource) {
        this.halfLife = halfLife;
        this.perSource = perSource;
    }

    /**
     * @param train canonical interactions up to {@code asOf}
     * @param users column user: whose candidates to build
     */
    public Dataset<Row> build(Dataset<Row> train, long asOf, Dataset<Row> users, AffinityModel model) {
        Dataset<Row> userBrand = InteractionFeatures.userBrand(train, halfLife, asOf).cache();
        Dataset<Row> targets = users.select("user").distinct();
        Dataset<Row> own = userBrand.join(targets, "user");

        Dataset<Row> popularity = InteractionFeatures.brandBuyers(train).withColumn("log_popularity", log1p(col("buyers")));
        Dataset<Row> popular = popularity.orderBy(col("buyers").desc(), col("brand")).limit(perSource).select("brand");

        Dataset<Row> similarity = brandSimilarity(userBrand);
        Dataset<Row> cooc = own.select(col("user"), col("brand").alias("a"), col("confidence"))
                .join(similarity, "a")
                .groupBy("user", "b").agg(sum(col("confidence").multiply(col("sim"))).alias("cooc_score"))
                .withColumnRenamed("b", "brand");
        Dataset<Row> coocTop = cooc
                .withColumn("r", row_number().over(Window.partitionBy("user").orderBy(col("cooc_score").desc(), col("brand"))))
                .where(col("r").leq(perSource));

        Dataset<Row> pool = own.select("user", "brand")
                .union(model.topBrands(targets, perSource).select("user", "brand"))
                .union(coocTop.select("user", "brand"))
                .union(targets.crossJoin(popular).select("user", "brand"))
                .distinct();

        Dataset<Row> orderTotals = own.groupBy("user").agg(sum("orders").alias("user_orders"));
        Dataset<Row> features = pool
                .join(model.score(pool).withColumnRenamed("score", "als_score"), new String[] {"user", "brand"}, "left")
                .join(own.select(col("user"), col("brand"), col("confidence").alias("own_confidence"),
                        col("orders").alias("own_orders"), col("last_time")), new String[] {"user", "brand"}, "left")
                .join(cooc, new String[] {"user", "brand"}, "left")
                .join(orderTotals, new String[] {"user"}, "left")
                .join(popularity.select("brand", "log_popularity"), new String[] {"brand"}, "left")
                .select(col("user"), col("brand"),
                        coalesce(col("als_score"), lit(0.0)).alias("als_score"),
                        log1p(coalesce(col("own_confidence"), lit(0.0))).alias("own_confidence"),
                        log1p(coalesce(col("own_orders"), lit(0L)).cast("double")).alias("own_orders"),
                        coalesce(org.apache.spark.sql.functions.try_divide(col("own_orders").cast("double"), col("user_orders").cast("double")), lit(0.0)).alias("order_share"),
                        coalesce(lit(asOf).minus(col("last_time")).divide(86_400_000.0), lit(NEVER_DAYS)).alias("days_since"),
                        coalesce(col("cooc_score"), lit(0.0)).alias("cooc_score"),
                        coalesce(col("log_popularity"), lit(0.0)).alias("log_popularity"));
        return features
                .withColumn("als_rank", row_number().over(Window.partitionBy("user").orderBy(col("als_score").desc(), col("brand")))
                        .cast("double"))
                .withColumn("own_rank", row_number().over(Window.partitionBy("user")
                        .orderBy(col("own_confidence").desc(), col("als_score").desc(), col("brand"))).cast("double"))
                .cache();
    }

    /** Cosine similarity of brands over their (capped) user sets: a, b, sim; a != b; each a's {@link #NEIGHBOURS_PER_BRAND} most similar b. */
    static Dataset<Row> brandSimilarity(Dataset<Row> userBrand) {
        Dataset<Row> strongest = userBrand
                .withColumn("r", row_number().over(Window.partitionBy("user").orderBy(col("confidence").desc(), col("brand"))))
                .where(col("r").leq(BRANDS_PER_USER_FOR_COOCCURRENCE))
                .select("user", "brand").cache();
        Dataset<Row> sizes = strongest.groupBy("brand").agg(count(lit(1)).alias("n"));
        Dataset<Row> pairs = strongest.withColumnRenamed("brand", "a")
                .join(strongest.withColumnRenamed("brand", "b"), "user")
                .where(col("a").notEqual(col("b")))
                .groupBy("a", "b").agg(count(lit(1)).alias("co"));
        return pairs
                .join(sizes.select(col("brand").alias("a"), col("n").alias("na")), "a")
                .join(sizes.select(col("brand").alias("b"), col("n").alias("nb")), "b")
                .select(col("a"), col("b"), col("co").divide(sqrt(col("na").multiply(col("nb")))).alias("sim"))
                .withColumn("r", row_number().over(Window.partitionBy("a").orderBy(col("sim").desc(), col("b"))))
                .where(col("r").leq(NEIGHBOURS_PER_BRAND))
                .drop("r");
    }
}
