package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import java.util.List;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A fitted implicit ALS model with its id mappings. Affinity of a user for a brand is the dot
 * product of their factors.
 */
public final class AffinityModel {

    private final ALSModel als;
    private final Dataset<Row> users;
    private final Dataset<Row> brands;
    private final int rank;
    private final double alpha;

    AffinityModel(ALSModel als, Dataset<Row> users, Dataset<Row> brands, int rank, double alpha) {
        this.als = als;
        this.users = users;
        this.brands = brands;
        this.rank = rank;
        this.alpha = alpha;
    }

    public int rank() {
        return rank;
    }

    public double alpha() {
        return alpha;
    }

    /** Columns user, factors (array of float). */
    public Dataset<Row> userFactors() {
        return als.userFactors()
                .join(users, col("id").equalTo(col("user_id")))
                .select(col("user"), col("features").alias("factors"));
    }

    /** Columns brand, factors (array of float). */
    public Dataset<Row> brandFactors() {
        return als.itemFactors()
                .join(brands, col("id").equalTo(col("brand_id")))
                .select(col("brand"), col("features").alias("factors"));
    }

    /** The top {@code n} brands by affinity of each user in {@code forUsers} (column user): user, brand, score. */
    public Dataset<Row> topBrands(Dataset<Row> forUsers, int n) {
        Dataset<Row> ids = forUsers.select("user").distinct().join(users, "user");
        return withNames(als.recommendForUserSubset(ids, n));
    }

    /** The top {@code n} brands by affinity of every user: user, brand, score. */
    public Dataset<Row> topBrandsOfAllUsers(int n) {
        return withNames(als.recommendForAllUsers(n));
    }

    /** ALS's recommendations (user_id, recommendations) as rows of user, brand, score in the log's own ids. */
    private Dataset<Row> withNames(Dataset<Row> recommendations) {
        return recommendations
                .select(col("user_id"), explode(col("recommendations")).alias("r"))
                .select(
                        col("user_id"),
                        col("r.brand_id").alias("brand_id"),
                        col("r.rating").cast("double").alias("score"))
                .join(users, "user_id")
                .join(brands, "brand_id")
                .select("user", "brand", "score");
    }

    /** Factors as a Row holds them (a list of numbers), as the array the model files and the scorers use. */
    public static float[] factors(List<?> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }
}
