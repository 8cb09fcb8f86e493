package io.chuanliu.training.evaluation;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes the evaluation's candidate rows as CSV with a header ({@code eval.export}), so rankers can
 * be tried offline on exactly what the combiner saw:
 *
 * <ul>
 *   <li>{@code training/}: the candidates of the windows before the test split, every feature and
 *       {@code bought} (1 or 0);</li>
 *   <li>{@code test/}: the test split's candidates, the same columns;</li>
 *   <li>{@code test_purchases/}: user and the number of distinct brands bought in the test window
 *       (the ideal ranking of NDCG counts them, including brands no candidate source offered).</li>
 * </ul>
 */
final class CandidateExport {

    private CandidateExport() {}

    static void training(String dir, Dataset<Row> labelled) {
        csv(withLabel(labelled), dir + "/training");
    }

    static void test(String dir, Dataset<Row> labelled, Dataset<Row> truth) {
        csv(withLabel(labelled), dir + "/test");
        csv(truth.groupBy("user").agg(countDistinct("brand").alias("purchases")), dir + "/test_purchases");
    }

    private static Dataset<Row> withLabel(Dataset<Row> labelled) {
        return labelled.withColumn("bought", coalesce(col("bought"), lit(0.0)));
    }

    private static void csv(Dataset<Row> rows, String path) {
        rows.write().mode(SaveMode.Overwrite).option("header", true).csv(path);
    }
}
