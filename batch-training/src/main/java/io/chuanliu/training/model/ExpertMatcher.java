package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Expert-brand matching: how well an expert's buyer base fits a brand. The expert's taste is the
 * mean of its buyers' user factors; the score is its cosine with the brand's factors. Shared buyers
 * (the expert's buyers in the brand's audience) are reported beside it.
 */
public final class ExpertMatcher {

    private ExpertMatcher() {}

    /**
     * @param expertBuyers columns expert, user
     * @param userFactors the model's {@link AffinityModel#userFactors()}, as the caller holds them (cached)
     * @return brand, expert, score, shared_buyers, rank_for_brand, rank_for_expert: each brand's top
     *     {@code top} experts and each expert's top {@code top} brands
     */
    public static Dataset<Row> match(
            Dataset<Row> expertBuyers, AffinityModel model, Dataset<Row> userFactors, Dataset<Row> audiences, int top) {
        Dataset<Row> expertTaste = expertBuyers
                .select("expert", "user")
                .distinct()
                .join(userFactors, "user")
                .groupBy("expert")
                .agg(org.apache
                        .spark
                        .sql
                        .functions
                        .expr("aggregate(collect_list(factors), CAST(NULL AS ARRAY<DOUBLE>), "
                                + "(acc, f) -> CASE WHEN acc IS NULL THEN transform(f, x -> CAST(x AS DOUBLE)) "
                                + "ELSE zip_with(acc, f, (a, b) -> a + b) END)")
                        .alias("taste"));
        Dataset<Row> scored = expertTaste
                .crossJoin(model.brandFactors())
                .selectExpr(
                        "expert",
                        "brand",
                        "aggregate(zip_with(taste, factors, (a, b) -> a * b), 0D, (s, v) -> s + v) / "
                                + "(sqrt(aggregate(taste, 0D, (s, v) -> s + v * v)) * sqrt(aggregate(factors, 0D, (s, v) -> s + v * v)) + 1e-12) AS score");
        Dataset<Row> shared = expertBuyers
                .select("expert", "user")
                .distinct()
                .join(audiences.select("brand", "user"), "user")
                .groupBy("brand", "expert")
                .agg(count(lit(1)).alias("shared_buyers"));
        return scored.join(shared, new String[] {"brand", "expert"}, "left")
                .na()
                .fill(0L, new String[] {"shared_buyers"})
                .withColumn(
                        "rank_for_brand",
                        row_number()
                                .over(Window.partitionBy("brand")
                                        .orderBy(col("score").desc(), col("expert"))))
                .withColumn(
                        "rank_for_expert",
                        row_number()
                                .over(Window.partitionBy("expert")
                                        .orderBy(col("score").desc(), col("brand"))))
                .where(col("rank_for_brand").leq(top).or(col("rank_for_expert").leq(top)))
                .orderBy("brand", "rank_for_brand");
    }
}
