package io.chuanliu.training.evaluation;

import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.lit;

import io.chuanliu.training.features.InteractionFeatures;
import io.chuanliu.training.model.AffinityModel;
import io.chuanliu.training.model.CandidatePool;
import java.time.Duration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What every method evaluated at one cut-off reads, computed once and cached: the interactions
 * before the cut, their per (user, brand) features, and the purchases to predict. Closing it
 * releases the cache.
 */
final class SplitData implements AutoCloseable {

    private final TimeSplit split;
    private final Dataset<Row> train;
    private final Dataset<Row> userBrand;
    private final Dataset<Row> brandBuyers;
    private final Dataset<Row> truth;

    private SplitData(
            TimeSplit split, Dataset<Row> train, Dataset<Row> userBrand, Dataset<Row> brandBuyers, Dataset<Row> truth) {
        this.split = split;
        this.train = train;
        this.userBrand = userBrand;
        this.brandBuyers = brandBuyers;
        this.truth = truth;
    }

    static SplitData of(Dataset<Row> interactions, TimeSplit split, Duration halfLife) {
        Dataset<Row> train = split.before(interactions).cache();
        return new SplitData(
                split,
                train,
                InteractionFeatures.userBrand(train, halfLife, split.cut()).cache(),
                InteractionFeatures.brandBuyers(train).cache(),
                split.truth(interactions).cache());
    }

    TimeSplit split() {
        return split;
    }

    Dataset<Row> train() {
        return train;
    }

    /** {@link InteractionFeatures#userBrand} as of the cut. */
    Dataset<Row> userBrand() {
        return userBrand;
    }

    /** {@link InteractionFeatures#brandBuyers} before the cut: each brand's popularity. */
    Dataset<Row> brandBuyers() {
        return brandBuyers;
    }

    /** Columns user, brand, confidence: what ALS is fitted on. */
    Dataset<Row> confidence() {
        return userBrand.select("user", "brand", "confidence");
    }

    /** Columns user, brand: the purchases in (cut, cut + horizon] by users seen before the cut. */
    Dataset<Row> truth() {
        return truth;
    }

    /**
     * Each user with a purchase in the window, with all that a pass over users reads, grouped once: user, own and
     * factors ({@link CandidatePool#histories}), seen (the brands the user touched before the cut, when seen brands
     * do not count; else null) and bought (the brands bought in the window).
     *
     * @param model ALS fitted on this split's {@link #confidence()}
     */
    Dataset<Row> users(AffinityModel model, boolean excludeSeen) {
        Dataset<Row> targets = truth.groupBy("user").agg(collect_set("brand").alias("bought"));
        Dataset<Row> users = CandidatePool.histories(userBrand, targets, model);
        if (excludeSeen) {
            Dataset<Row> seen = train.select("user", "brand")
                    .join(targets.select("user"), "user")
                    .groupBy("user")
                    .agg(collect_set("brand").alias("seen"));
            users = users.join(seen, new String[] {"user"}, "left");
        } else {
            users = users.withColumn("seen", lit(null).cast("array<string>"));
        }
        return users.select("user", "own", "factors", "seen", "bought");
    }

    @Override
    public void close() {
        train.unpersist();
        userBrand.unpersist();
        brandBuyers.unpersist();
        truth.unpersist();
    }
}
