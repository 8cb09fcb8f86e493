package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Implicit-feedback ALS (Hu, Koren, Volinsky 2008) on user x brand confidences. Ids are mapped to
 * dense integers with zipWithIndex on the cluster, not with a driver-side StringIndexer, so the
 * user count is bounded by the cluster, not by the driver's heap.
 */
public final class AffinityTrainer {

    private final int iterations;
    private final double regParam;
    private final long seed;

    public AffinityTrainer(int iterations, double regParam, long seed) {
        this.iterations = iterations;
        this.regParam = regParam;
        this.seed = seed;
    }

    /** @param confidence columns user, brand, confidence (> 0) */
    public AffinityModel fit(Dataset<Row> confidence, int rank, double alpha) {
        Dataset<Row> users = denseIds(confidence, "user").cache();
        Dataset<Row> brands = denseIds(confidence, "brand").cache();
        Dataset<Row> indexed = confidence
                .join(users, "user")
                .join(brands, "brand")
                .select(col("user_id"), col("brand_id"), col("confidence"));
        // One block per core: the default of ten makes tiny tasks on small clusters.
        int blocks = Math.max(2, confidence.sparkSession().sparkContext().defaultParallelism());
        ALSModel als = new ALS()
                .setNumUserBlocks(blocks)
                .setNumItemBlocks(blocks)
                .setImplicitPrefs(true)
                .setRank(rank)
                .setMaxIter(iterations)
                .setRegParam(regParam)
                .setAlpha(alpha)
                .setUserCol("user_id")
                .setItemCol("brand_id")
                .setRatingCol("confidence")
                .setSeed(seed)
                .fit(indexed);
        return new AffinityModel(als, users, brands, rank, alpha);
    }

    /**
     * Columns: {@code <column>}, {@code <column>_id} (0..n-1 in name order). Sorted, so that the same
     * users and brands get the same ids however the input happens to be partitioned, and ALS (whose
     * initial factors are seeded per id block) fits the same model.
     */
    static Dataset<Row> denseIds(Dataset<Row> df, String column) {
        JavaRDD<Row> ids = df.select(column)
                .distinct()
                .orderBy(column)
                .javaRDD()
                .zipWithIndex()
                .map(t -> RowFactory.create(t._1().getString(0), Math.toIntExact(t._2())));
        StructType schema = new StructType()
                .add(column, DataTypes.StringType, false)
                .add(column + "_id", DataTypes.IntegerType, false);
        return df.sparkSession().createDataFrame(ids, schema);
    }
}
