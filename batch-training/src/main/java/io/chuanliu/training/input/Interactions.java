package io.chuanliu.training.input;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.chuanliu.common.ranking.InteractionWeights;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The canonical interaction table every reader produces: one row per signal.
 *
 * <pre>
 * user string, brand string, expert string (nullable), kind string (order|cart|like|view|other),
 * amount double (yuan, 0 when unknown), refund boolean, weight double, time long (epoch ms)
 * </pre>
 *
 * Weights: {@link InteractionWeights} (the stream's too), unless the input maps an explicit weight column.
 */
public final class Interactions {

    public static final List<String> COLUMNS =
            List.of("user", "brand", "expert", "kind", "amount", "refund", "weight", "time");

    private Interactions() {}

    /** Purchases that count as relevant in evaluation: orders that were not refunded. */
    public static Dataset<Row> purchases(Dataset<Row> interactions) {
        return interactions.where(col("kind").equalTo("order").and(col("refund").equalTo(false)));
    }

    /**
     * Validates raw mapped columns and splits them into canonical rows and rejects.
     *
     * @param raw columns user, brand, expert, kind (normalised), amount, refund, weight (nullable), time
     *     (nullable when unparseable), raw_time (the input text), raw (the input row as JSON)
     */
    static Split validate(Dataset<Row> raw) {
        Column reason = when(col("user").isNull().or(trim(col("user")).equalTo("")), lit("missing user"))
                .when(col("brand").isNull().or(trim(col("brand")).equalTo("")), lit("missing brand"))
                .when(col("kind").isNull(), lit("missing kind"))
                .when(
                        col("time").isNull(),
                        concat(lit("unparseable time '"), coalesce(col("raw_time"), lit("null")), lit("'")))
                .when(col("amount").lt(0), lit("negative amount"))
                .when(col("amount").isNaN(), lit("amount is not a number"));
        Column orderWeight = lit(1.0).plus(log1p(col("amount").divide(100.0)))
                .multiply(when(col("refund"), lit(-1.0)).otherwise(lit(1.0)));
        Column defaultWeight = when(col("kind").equalTo("order"), orderWeight)
                .when(col("kind").equalTo("cart"), lit(InteractionWeights.CART))
                .when(col("kind").equalTo("like"), lit(InteractionWeights.LIKE))
                .otherwise(lit(InteractionWeights.OTHER_ENGAGEMENT));
        // One table for both outcomes, so a caller that caches it reads the input once; the input row
        // as JSON is kept (and computed) only for rejected rows.
        Dataset<Row> checked = raw.withColumn("reason", reason)
                .withColumn("weight", coalesce(col("weight"), defaultWeight))
                .withColumn("raw", when(col("reason").isNotNull(), col("raw")));
        List<Column> columns = new java.util.ArrayList<>(
                COLUMNS.stream().map(org.apache.spark.sql.functions::col).toList());
        columns.add(col("reason"));
        columns.add(col("raw"));
        return new Split(checked.select(columns.toArray(Column[]::new)));
    }

    /** Lower-cased kind mapped to order, cart, like, view or other. */
    static Column normaliseKind(Column kind, List<String> purchaseKinds, List<String> refundKinds) {
        Column k = lower(trim(kind));
        return when(k.isNull(), lit(null).cast("string"))
                .when(k.isin(purchaseKinds.stream().map(String::toLowerCase).toArray()), lit("order"))
                .when(k.isin(refundKinds.toArray()), lit("order"))
                .when(k.isin("cart", "add_to_cart", "add-to-cart"), lit("cart"))
                .when(k.isin("like", "favorite", "favourite", "fav"), lit("like"))
                .when(k.isin("view", "pv", "click"), lit("view"))
                .otherwise(lit("other"));
    }

    /**
     * Every input row checked: the canonical {@link #COLUMNS}, then {@code reason} (null for a valid
     * row) and {@code raw} (the input row as JSON, for rejected rows only).
     */
    public record Split(Dataset<Row> checked) {

        /**
         * The same rows cached, spread over {@code partitions} when the input is read in fewer (a gzip file is one):
         * one read of the input for both outcomes. An input already read in at least that many partitions (Parquet,
         * split text files) is cached as read, without a shuffle of every row.
         */
        public Split cached(int partitions) {
            Dataset<Row> spread =
                    checked.rdd().getNumPartitions() < partitions ? checked.repartition(partitions) : checked;
            return new Split(spread.cache());
        }

        /** Valid canonical rows. */
        public Dataset<Row> valid() {
            return checked.where(col("reason").isNull())
                    .select(COLUMNS.stream()
                            .map(org.apache.spark.sql.functions::col)
                            .toArray(Column[]::new));
        }

        /** Rejected input rows: reason, raw. */
        public Dataset<Row> rejects() {
            return checked.where(col("reason").isNotNull()).select(col("reason"), col("raw"));
        }
    }
}
