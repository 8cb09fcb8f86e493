package io.chuanliu.training.evaluation;

import static org.apache.spark.sql.functions.col;

import io.chuanliu.training.input.Interactions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A split in time: features from interactions up to {@code cut}; truth = purchases in
 * (cut, cut + horizon] by users who had interactions before the cut (warm users; the model cannot
 * rank for strangers, and neither can the own-history baseline).
 */
public record TimeSplit(long cut, long horizonMillis) {

    public Dataset<Row> before(Dataset<Row> interactions) {
        return interactions.where(col("time").leq(cut));
    }

    /** Columns user, brand: the purchases to predict. */
    public Dataset<Row> truth(Dataset<Row> interactions) {
        Dataset<Row> warm = before(interactions).select("user").distinct();
        return Interactions.purchases(interactions)
                .where(col("time").gt(cut).and(col("time").leq(cut + horizonMillis)))
                .select("user", "brand")
                .distinct()
                .join(warm, "user");
    }

    /** The split one horizon earlier, for validation. */
    public TimeSplit previous() {
        return new TimeSplit(cut - horizonMillis, horizonMillis);
    }
}
