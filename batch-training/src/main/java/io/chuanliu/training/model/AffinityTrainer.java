package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.col;

import io.chuanliu.training.job.TrainingConfig;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Implicit-feedback ALS (Hu, Koren, Volinsky) on user x brand confidences. Ids are mapped to dense
 * integers with zipWithIndex on the cluster, not with a driver-side StringIndexer, so the user count
 * is bounded by the cluster, not by the driver's heap.
 */
public final class AffinityTrainer {

    private final TrainingConfig config;

    public AffinityTrainer(TrainingConfig config) {
        this.config = config;
    }

    /** @param confidence columns user, brand, confidence */
    public AffinityModel fit(Dataset<Row> confidence) {
        Dataset<Row> users = denseIds(confidence, "user").cache();
        Dataset<Row> brands = denseIds(confidence, "brand").cache();
        Dataset<Row> indexed = confidence.join(users, "user").join(brands, "brand")
                .select(col("user_id"), col("brand_id"), col("confidence"))
                .cache();
        ALSModel als = new ALS()
                .setImplicitPrefs(true)
                .setRank(config.rank())
                .setMaxIter(config.iterations())
                .setRegParam(config.regParam())
                .setAlpha(config.alpha())
                .setUserCol("user_id")
                .setItemCol("brand_id")
                .setRatingCol("confidence")
                .setSeed(config.seed())
                .fit(indexed);
        Dataset<Row> userFactors = als.userFactors().join(users, col("id").equalTo(col("user_id")))
                .select(col("user"), col("features").alias("factors"));
        Dataset<Row> brandFactors = als.itemFactors().join(brands, col("id").equalTo(col("brand_id")))
                .select(col("brand"), col("features").alias("factors"));
        return new AffinityModel(userFactors, brandFactors, config.rank());
    }

    /** Columns: {@code <column>}, {@code <column>_id} (0..n-1). */
    static Dataset<Row> denseIds(Dataset<Row> df, String column) {
        JavaRDD<Row> ids = df.select(column).distinct().javaRDD()
                .zipWithIndex()
                .map(t -> RowFactory.create(t._1().getString(0), Math.toIntExact(t._2())));
        StructType schema = new StructType()
                .add(column, DataTypes.StringType, false)
                .add(column + "_id", DataTypes.IntegerType, false);
        return df.sparkSession().createDataFrame(ids, schema);
    }
}
