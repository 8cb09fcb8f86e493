package io.chuanliu.training.evaluation;

import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.training.model.AffinityModel;
import io.chuanliu.training.model.MethodRankings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One test user's row of every method's metrics: the user's rankings by {@link MethodRankings}, each scored
 * against the user's test purchases by {@link RankingMetrics#ofUser}.
 *
 * <p>Input rows: user, own (as {@link io.chuanliu.training.model.CandidatePool#histories}), factors, seen
 * (array of brand, or null), bought (array of brand, not empty). Output rows: {@link #SCHEMA}.
 */
final class UserScores implements MapFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /** The metrics of each method, in the order {@link RankingMetrics#ofUser} returns them. */
    static final List<String> METRICS = List.of("precision", "recall", "ndcg", "map");

    /** Each method's top k, as brand indices of the brand side, best first. */
    static final String TOP = "top";

    /** The purchase probability of each brand of the model's top k. */
    static final String MODEL_SCORES = "model_scores";

    /** user; for each method, its {@link #METRICS} and its {@link #TOP}; then {@link #MODEL_SCORES}. */
    static final StructType SCHEMA = schema();

    private final Broadcast<BrandSide> side;
    private final MethodRankings.Settings settings;
    private final long asOf;

    UserScores(Broadcast<BrandSide> side, MethodRankings.Settings settings, long asOf) {
        this.side = side;
        this.settings = settings;
        this.asOf = asOf;
    }

    /** The column of one method's metric (or its {@link #TOP}). */
    static String column(String method, String metric) {
        return method + "_" + metric;
    }

    private static StructType schema() {
        StructType schema = new StructType().add("user", DataTypes.StringType, false);
        for (String method : MethodRankings.METHODS) {
            for (String metric : METRICS) {
                schema = schema.add(column(method, metric), DataTypes.DoubleType, false);
            }
            schema = schema.add(column(method, TOP), DataTypes.createArrayType(DataTypes.IntegerType, false), false);
        }
        return schema.add(MODEL_SCORES, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    }

    @Override
    public Row call(Row row) {
        BrandSide brands = side.value();
        String user = row.getString(0);
        MethodRankings.Ranked ranked = MethodRankings.rank(
                brands,
                settings,
                asOf,
                user,
                row.isNullAt(1) ? List.of() : row.getList(1),
                row.isNullAt(2) ? null : AffinityModel.factors(row.getList(2)),
                row.isNullAt(3) ? null : row.getList(3));
        Set<String> bought = new HashSet<>(row.getList(4));
        List<Object> values = new ArrayList<>(SCHEMA.size());
        values.add(user);
        for (int[] top : ranked.top()) {
            for (double metric : RankingMetrics.ofTop(brands, top, bought, settings.k())) {
                values.add(metric);
            }
            values.add(Arrays.stream(top).boxed().toArray(Integer[]::new));
        }
        // Object arrays: a Row's arrays are Scala sequences or Java arrays, not Java lists.
        values.add(Arrays.stream(ranked.modelScores()).boxed().toArray(Double[]::new));
        return RowFactory.create(values.toArray());
    }
}
