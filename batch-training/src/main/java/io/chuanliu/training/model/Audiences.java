package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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

    public static final String BUYER = "buyer";
    public static final String LOOKALIKE = "lookalike";

    private static final StructType COLUMNS = new StructType()
            .add("brand", DataTypes.StringType, true)
            .add("user", DataTypes.StringType, true)
            .add("source", DataTypes.StringType, true)
            .add("score", DataTypes.DoubleType, true);

    private Audiences() {}

    /**
     * In one pass over the users and one shuffle by brand: each user's strongest brands are ranked next to the
     * brands the user bought through an expert, so that a user's buyer rows carry the score and its look-alike
     * candidates leave its own purchases out without a join on (brand, user); then each brand's rows, buyers
     * first and look-alikes by score, are numbered in one window, which also counts the brand's buyers for its
     * quota.
     *
     * @param expertBuyers columns brand, user (repeats allowed)
     * @param userFactors columns user, factors: every user the model knows
     * @param strongest each user's strongest brands ({@code audience.brands-per-user} of them)
     * @return brand, user, source (buyer or lookalike), score: a buyer's score is the brand's among the
     *     user's strongest, else 0
     */
    public static Dataset<Row> build(
            Dataset<Row> expertBuyers,
            Dataset<Row> userFactors,
            AffinityModel.StrongestBrands strongest,
            double lookalikesPerBuyer,
            int maxSize) {
        Dataset<Row> bought =
                expertBuyers.groupBy("user").agg(collect_set("brand").alias("bought"));
        Dataset<Row> rows = userFactors
                .select("user", "factors")
                .join(bought, new String[] {"user"}, "full_outer")
                .flatMap(new PerUser(strongest), Encoders.row(COLUMNS));
        Column buyer = col("source").equalTo(BUYER);
        Column buyers = sum(when(buyer, 1L).otherwise(0L)).over(Window.partitionBy("brand"));
        Column quota = least(
                ceil(col("buyers").multiply(lookalikesPerBuyer)), lit(maxSize).minus(col("buyers")));
        return rows.withColumn("buyers", buyers)
                .withColumn(
                        "r",
                        row_number()
                                .over(Window.partitionBy("brand")
                                        .orderBy(
                                                when(buyer, 0).otherwise(1),
                                                col("score").desc(),
                                                col("user"))))
                .where(buyer.or(col("r").minus(col("buyers")).leq(quota)))
                .select("brand", "user", "source", "score");
    }

    /**
     * One user's rows: a buyer row for every brand it bought through an expert, and a look-alike candidate for
     * every one of its strongest brands it did not.
     */
    private static final class PerUser implements FlatMapFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final AffinityModel.StrongestBrands strongest;

        PerUser(AffinityModel.StrongestBrands strongest) {
            this.strongest = strongest;
        }

        @Override
        public Iterator<Row> call(Row row) {
            String user = row.getString(0);
            List<String> bought = row.isNullAt(2) ? List.of() : row.getList(2);
            Map<String, Double> scores = new HashMap<>();
            List<Row> out = new ArrayList<>();
            if (!row.isNullAt(1)) {
                for (double[] s : strongest.of(AffinityModel.factors(row.getList(1)))) {
                    String brand = strongest.brand(s[1]);
                    if (bought.contains(brand)) {
                        scores.put(brand, s[0]);
                    } else {
                        out.add(RowFactory.create(brand, user, LOOKALIKE, s[0]));
                    }
                }
            }
            for (String brand : bought) {
                out.add(RowFactory.create(brand, user, BUYER, scores.getOrDefault(brand, 0.0)));
            }
            return out.iterator();
        }
    }

    /** An empty table of {@link #build}'s columns: the audiences of a log without sales through experts. */
    public static Dataset<Row> none(SparkSession spark) {
        return spark.createDataFrame(List.of(), COLUMNS);
    }

    /** brand, buyers, lookalikes. */
    public static Dataset<Row> sizes(Dataset<Row> audiences) {
        return audiences
                .groupBy("brand")
                .agg(
                        sum(when(col("source").equalTo(BUYER), 1).otherwise(0)).alias("buyers"),
                        sum(when(col("source").equalTo(LOOKALIKE), 1).otherwise(0))
                                .alias("lookalikes"))
                .orderBy("brand");
    }
}
