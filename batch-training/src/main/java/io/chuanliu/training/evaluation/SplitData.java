package io.chuanliu.training.evaluation;

import io.chuanliu.training.features.InteractionFeatures;
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

    @Override
    public void close() {
        train.unpersist();
        userBrand.unpersist();
        brandBuyers.unpersist();
        truth.unpersist();
    }
}
