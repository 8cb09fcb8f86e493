package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Each brand's audience (人群包): its expert buyers, plus look-alikes, {@code lookalikesPerBuyer} for
 * each buyer, at most {@code maxSize} in all. Look-alikes are chosen from the users who have the
 * brand among their own few strongest affinities (see {@code audience.brands-per-user}), highest
 * affinity first, and who have not bought it through an expert: a user joins a handful of
 * audiences, not every brand's whose factors happen to align with a heavy user's (decision 10).
 */
public final class Audiences {

    private Audiences() {}

    /**
     * @param expertBuyers columns brand, user
     * @param scored columns user, brand, score: each user's strongest brands by affinity
     * @return brand, user, source (buyer or lookalike), score
     */
    public static Dataset<Row> build(
            Dataset<Row> expertBuyers, Dataset<Row> scored, double lookalikesPerBuyer, int maxSize) {
        Dataset<Row> buyers = expertBuyers.select("brand", "user").distinct();
        Dataset<Row> quota = buyers.groupBy("brand")
                .agg(count(lit(1)).alias("buyers"))
                .withColumn(
                        "quota",
                        least(
                                ceil(col("buyers").multiply(lookalikesPerBuyer)),
                                lit(maxSize).minus(col("buyers"))));
        Dataset<Row> lookalikes = scored.join(buyers, new String[] {"brand", "user"}, "left_anti")
                .withColumn(
                        "r",
                        row_number()
                                .over(Window.partitionBy("brand")
                                        .orderBy(col("score").desc(), col("user"))))
                .join(quota, "brand")
                .where(col("r").leq(col("quota")))
                .select(col("brand"), col("user"), lit("lookalike").alias("source"), col("score"));
        Dataset<Row> buyerRows = buyers.join(scored, new String[] {"brand", "user"}, "left")
                .select(
                        col("brand"),
                        col("user"),
                        lit("buyer").alias("source"),
                        org.apache
                                .spark
                                .sql
                                .functions
                                .coalesce(col("score"), lit(0.0))
                                .alias("score"));
        return buyerRows.unionByName(lookalikes);
    }

    /** An empty table of {@link #build}'s columns: the audiences of a log without sales through experts. */
    public static Dataset<Row> none(SparkSession spark) {
        return spark.createDataFrame(
                List.of(),
                new StructType()
                        .add("brand", DataTypes.StringType, true)
                        .add("user", DataTypes.StringType, true)
                        .add("source", DataTypes.StringType, true)
                        .add("score", DataTypes.DoubleType, true));
    }

    /** brand, buyers, lookalikes. */
    public static Dataset<Row> sizes(Dataset<Row> audiences) {
        return audiences
                .groupBy("brand")
                .agg(
                        sum(when(col("source").equalTo("buyer"), 1).otherwise(0))
                                .alias("buyers"),
                        sum(when(col("source").equalTo("lookalike"), 1).otherwise(0))
                                .alias("lookalikes"))
                .orderBy("brand");
    }
}
