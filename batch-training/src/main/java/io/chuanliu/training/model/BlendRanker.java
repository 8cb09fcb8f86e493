package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The learned combiner: gradient-boosted trees over the candidate features, trained on the
 * validation window (features before it, purchases in it), so it learns when a user's own history,
 * ALS, co-occurrence and popularity each predict the next purchase. Trees rather than a linear model
 * because the signals interact: ALS matters most where the user has no history with the brand.
 */
public final class BlendRanker {

    private final PipelineModel pipeline;

    private BlendRanker(PipelineModel pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * @param candidates a {@link CandidatePool} output
     * @param purchases columns user, brand: what the users bought in the window after the features
     */
    public static BlendRanker fit(Dataset<Row> candidates, Dataset<Row> purchases, long seed) {
        Dataset<Row> labelled = candidates
                .join(purchases.select("user", "brand").distinct().withColumn("bought", lit(1.0)),
                        new String[] {"user", "brand"}, "left")
                .withColumn("label", when(col("bought").isNull(), 0.0).otherwise(1.0));
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(CandidatePool.FEATURES.toArray(String[]::new)).setOutputCol("features"),
                new GBTClassifier().setMaxIter(30).setMaxDepth(4).setStepSize(0.2).setSeed(seed)
                        .setFeaturesCol("features").setLabelCol("label")
        }).fit(labelled.cache());
        return new BlendRanker(model);
    }

    /** Columns user, brand, score (the purchase probability), and the features that break its ties. */
    public Dataset<Row> score(Dataset<Row> candidates) {
        return pipeline.transform(candidates)
                .select(col("user"), col("brand"), functions.vector_to_array(col("probability"), "float64").getItem(1).alias("score"),
                        col("own_confidence"), col("als_score"));
    }

    /**
     * The top k of each user. Trees give piecewise-constant scores, so equal scores are ordered by
     * the user's own history, then by ALS, then by brand.
     */
    public Dataset<Row> topK(Dataset<Row> candidates, int k) {
        return Rankings.topK(score(candidates), k, col("score").desc(), col("own_confidence").desc(), col("als_score").desc(), col("brand"));
    }

    /** Importance of each feature in the trees (sums to 1), for the manifest and for reading what the blend learned. */
    public Map<String, Double> importances() {
        GBTClassificationModel gbt = (GBTClassificationModel) pipeline.stages()[1];
        Map<String, Double> importances = new LinkedHashMap<>();
        double[] values = gbt.featureImportances().toArray();
        for (int i = 0; i < values.length; i++) {
            importances.put(CandidatePool.FEATURES.get(i), values[i]);
        }
        return importances;
    }
}
