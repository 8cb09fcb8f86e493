package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Brand-to-brand co-occurrence: the cosine of two brands' buyer sets, counting each user's
 * {@value #BRANDS_PER_USER} strongest brands (so that a few very active users do not link every
 * brand to every other), and keeping each brand's nearest neighbours.
 */
public final class CoOccurrence {

    static final int BRANDS_PER_USER = 20;

    private CoOccurrence() {}

    /**
     * @param userBrand columns user, brand, confidence
     * @return a, b, sim: a != b, each a's {@code neighbours} most similar b (ties by name)
     */
    public static Dataset<Row> nearestNeighbours(Dataset<Row> userBrand, int neighbours) {
        Dataset<Row> strongest = userBrand
                .withColumn(
                        "r",
                        row_number()
                                .over(Window.partitionBy("user")
                                        .orderBy(col("confidence").desc(), col("brand"))))
                .where(col("r").leq(BRANDS_PER_USER))
                .select("user", "brand");
        Dataset<Row> sizes = strongest.groupBy("brand").agg(count(lit(1)).alias("n"));
        Dataset<Row> pairs = strongest
                .withColumnRenamed("brand", "a")
                .join(strongest.withColumnRenamed("brand", "b"), "user")
                .where(col("a").notEqual(col("b")))
                .groupBy("a", "b")
                .agg(count(lit(1)).alias("co"));
        return pairs.join(sizes.select(col("brand").alias("a"), col("n").alias("na")), "a")
                .join(sizes.select(col("brand").alias("b"), col("n").alias("nb")), "b")
                .select(
                        col("a"),
                        col("b"),
                        col("co").divide(sqrt(col("na").multiply(col("nb")))).alias("sim"))
                .withColumn(
                        "r",
                        row_number()
                                .over(Window.partitionBy("a").orderBy(col("sim").desc(), col("b"))))
                .where(col("r").leq(neighbours))
                .select("a", "b", "sim");
    }
}
