package io.chuanliu.training.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.chuanliu.training.input.InteractionReader;
import io.chuanliu.training.input.Interactions;
import io.chuanliu.training.input.RejectedInputException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The training job's first stage: the mapped input read once, its invalid rows set aside, Spark sized to it.
 * Closing it releases the cached input.
 */
final class ValidInteractions implements AutoCloseable {

    private final Interactions.Split cached;

    private ValidInteractions(Interactions.Split cached) {
        this.cached = cached;
    }

    /** The valid canonical rows, read from the cache. */
    Dataset<Row> valid() {
        return cached.valid();
    }

    @Override
    public void close() {
        cached.checked().unpersist();
    }

    /**
     * The input's valid interactions, read from a cache of the checked input; its invalid rows written with their
     * reasons beside the model's version, and the run refused when there are more of them than
     * {@code input.max-rejected-fraction}.
     */
    static ValidInteractions read(SparkSession spark, TrainingConfig config) throws Exception {
        // Read once (a gzip file is one partition), spread over the cores, both outcomes counted in one pass.
        Interactions.Split split = new InteractionReader(spark, config.input())
                .read()
                .cached(Math.max(1, spark.sparkContext().defaultParallelism()));
        Row counts = split.checked().agg(count(lit(1)), count(col("reason"))).first();
        long rejected = counts.getLong(1);
        long validCount = counts.getLong(0) - rejected;
        String rejectsPath = config.models() + "/_rejects/" + config.version();
        if (rejected > 0) {
            split.rejects().write().mode("overwrite").json(rejectsPath);
            System.out.printf("input: %d rows rejected (reasons and rows in %s)%n", rejected, rejectsPath);
        }
        long total = validCount + rejected;
        if (total == 0) {
            throw new RejectedInputException("the input holds no rows");
        }
        double fraction = (double) rejected / total;
        if (fraction > config.input().maxRejectedFraction()) {
            throw new RejectedInputException(String.format(
                    "%d of %d input rows (%.2f%%) are invalid, above "
                            + "input.max-rejected-fraction %.2f%%: see %s for reasons, fix the input or its column mapping",
                    rejected, total, 100 * fraction, 100 * config.input().maxRejectedFraction(), rejectsPath));
        }
        // The valid rows are read from the checked rows' cache, which the count above filled: no second copy.
        return new ValidInteractions(split);
    }

    /**
     * Shuffle partitions from the input's size unless the caller set them: one per core per 10^6
     * interactions, at least one per core. Spark's default of 200 makes a 100k-row log run tens of
     * thousands of tiny tasks.
     */
    static void sizeShufflesTo(SparkSession spark, long interactions) {
        if (spark.sparkContext().getConf().contains("spark.sql.shuffle.partitions")) {
            return;
        }
        int cores = Math.max(1, spark.sparkContext().defaultParallelism());
        long partitions = cores * Math.max(1, (interactions + 999_999) / 1_000_000);
        spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(Math.min(partitions, 2_000)));
    }
}
