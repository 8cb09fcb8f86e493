package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;

import io.chuanliu.common.ranking.BrandSide;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * ALS alone as a ranking: each user's {@code k} brands of highest affinity, scored against the
 * broadcast brand factors in one pass per user ({@link BrandSide#affinity}, the definition the
 * ranker's features use), ranked in the same pass. No join per recommended brand and no window.
 */
public final class AffinityTopK implements FlatMapFunction<Row, Row>, Serializable {

    private static final long serialVersionUID = 1L;

    /** The columns of {@link Rankings#topK}: user, rank (1-based), brand, score. */
    static final StructType SCHEMA = new StructType()
            .add("user", DataTypes.StringType, false)
            .add("rank", DataTypes.IntegerType, false)
            .add("brand", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, false);

    private final Broadcast<BrandSide> brands;
    private final int k;

    private AffinityTopK(Broadcast<BrandSide> brands, int k) {
        this.brands = brands;
        this.k = k;
    }

    /**
     * @param side the brand factors of {@code model} (co-occurrence and popularity are not read)
     * @param users column user: whose rankings to make; users ALS does not know get none
     * @param seen columns user, brand: brands left out of each user's ranking, or null to keep all
     * @return user, rank, brand, score for ranks 1..k, ties by brand name
     */
    public static Dataset<Row> of(BrandSide side, AffinityModel model, Dataset<Row> users, Dataset<Row> seen, int k) {
        Broadcast<BrandSide> broadcast = JavaSparkContext.fromSparkContext(
                        users.sparkSession().sparkContext())
                .broadcast(side);
        Dataset<Row> targets = users.select("user").distinct().join(model.userFactors(), "user");
        return withSeen(targets, seen)
                .select("user", "factors", "seen")
                .flatMap(new AffinityTopK(broadcast, k), Encoders.row(SCHEMA));
    }

    /**
     * {@code users} (a column user, one row each) with a column seen: each user's brands in {@code seen} (columns
     * user, brand), what {@link #top} leaves out; null for a user without any, or for every user when {@code seen} is
     * null.
     */
    public static Dataset<Row> withSeen(Dataset<Row> users, Dataset<Row> seen) {
        return seen == null
                ? users.withColumn(
                        "seen", org.apache.spark.sql.functions.lit(null).cast("array<string>"))
                : users.join(
                        seen.join(users.select("user"), "user")
                                .groupBy("user")
                                .agg(collect_list(col("brand")).alias("seen")),
                        new String[] {"user"},
                        "left");
    }

    /**
     * One user's top {@code k} as {@link #of} ranks it: the brand ids of highest affinity to {@code factors}, ties by
     * brand, the {@code seen} brands (names; null for none) left out.
     */
    public static int[] top(BrandSide side, float[] factors, List<Object> seen, int k) {
        Set<Integer> excluded = new HashSet<>();
        if (seen != null) {
            for (Object brand : seen) {
                int b = side.indexOf((String) brand);
                if (b >= 0) {
                    excluded.add(b);
                }
            }
        }
        return UserCandidates.topByAffinity(side, factors, k, excluded);
    }

    @Override
    public Iterator<Row> call(Row row) {
        BrandSide side = brands.value();
        String user = row.getString(0);
        float[] factors = AffinityModel.factors(row.getList(1));
        int[] top = top(side, factors, row.isNullAt(2) ? null : row.getList(2), k);
        List<Row> out = new ArrayList<>(top.length);
        for (int i = 0; i < top.length; i++) {
            out.add(RowFactory.create(user, i + 1, side.name(top[i]), side.affinity(factors, top[i])));
        }
        return out.iterator();
    }
}
