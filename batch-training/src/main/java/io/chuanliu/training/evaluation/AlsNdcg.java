package io.chuanliu.training.evaluation;

import static org.apache.spark.sql.functions.collect_set;

import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.training.model.AffinityModel;
import io.chuanliu.training.model.AffinityTopK;
import java.util.HashSet;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * ALS alone's mean NDCG@k over a split's users, in one pass over them: what the grid of ALS settings compares. Each
 * user's purchases, factors and seen brands are grouped once; the user's top k is {@link AffinityTopK}'s and the NDCG
 * {@link RankingMetrics#ofUser}'s, averaged over every user with a purchase (zero for a user ALS does not know). The
 * same figure as {@link RankingMetrics#compute}'s NDCG of {@link AffinityTopK#of}'s rankings, without materialising
 * the rankings and grouping them again with the purchases.
 */
final class AlsNdcg {

    private AlsNdcg() {}

    /**
     * @param side the brand factors of {@code model}
     * @param seen columns user, brand: brands left out of each user's ranking, or null to keep all
     */
    static double mean(BrandSide side, AffinityModel model, Dataset<Row> truth, Dataset<Row> seen, int k) {
        Broadcast<BrandSide> broadcast = JavaSparkContext.fromSparkContext(
                        truth.sparkSession().sparkContext())
                .broadcast(side);
        Dataset<Row> users = AffinityTopK.withSeen(
                truth.groupBy("user")
                        .agg(collect_set("brand").alias("bought"))
                        .join(model.userFactors(), new String[] {"user"}, "left"),
                seen);
        double[] sum = users.select("bought", "factors", "seen")
                .javaRDD()
                .treeAggregate(
                        new double[2],
                        (acc, row) -> {
                            acc[0] += row.isNullAt(1) ? 0 : ndcg(broadcast.value(), row, k);
                            acc[1]++;
                            return acc;
                        },
                        (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
        broadcast.destroy();
        return sum[1] == 0 ? 0 : sum[0] / sum[1];
    }

    /** One user's NDCG@k: row bought, factors, seen. */
    private static double ndcg(BrandSide side, Row row, int k) {
        int[] top = AffinityTopK.top(
                side, AffinityModel.factors(row.getList(1)), row.isNullAt(2) ? null : row.getList(2), k);
        return RankingMetrics.ofTop(side, top, new HashSet<>(row.getList(0)), k)[2];
    }
}
