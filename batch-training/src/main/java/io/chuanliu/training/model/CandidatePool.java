package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.common.ranking.RankerFeatures;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The candidate brands of each target user, from four sources, with the features the combiner ranks
 * them by:
 *
 * <ul>
 *   <li>own history: every brand the user bought or engaged with (repurchase is most purchases);</li>
 *   <li>ALS: the top brands by affinity;</li>
 *   <li>co-occurrence: brands bought by users who bought the user's brands ({@link CoOccurrence}:
 *       cosine over buyer sets, each brand's {@value #NEIGHBOURS_PER_BRAND} nearest neighbours);</li>
 *   <li>popularity: the brands with most buyers.</li>
 * </ul>
 *
 * Features: {@link RankerFeatures}, the one definition training and the stream compute.
 *
 * <p>The brand side (factors, neighbours, popularity) is collected and broadcast; each user's
 * history is grouped once and {@link UserCandidates} builds the candidates and every feature in
 * one pass.
 */
public final class CandidatePool {

    public static final List<String> FEATURES = RankerFeatures.NAMES;

    /** The columns of {@link #labelled}: user, brand, the {@link #FEATURES}, bought. */
    public static StructType labelledSchema() {
        return UserCandidates.LABELLED_SCHEMA;
    }

    /**
     * Each brand keeps only its most similar brands: a user's co-occurrence candidates are the
     * neighbours of the user's brands, so without a cap every user fans out to every brand that ever
     * shared a buyer (all 400 in a 400-brand market).
     */
    public static final int NEIGHBOURS_PER_BRAND = 50;

    private final int perSource;
    private final boolean excludeSeen;
    private final UserCandidates.Mode mode;

    /**
     * @param perSource brands per user from each of ALS, co-occurrence and popularity
     * @param excludeSeen leave the user's own brands out, and fill every source with unseen ones
     */
    public CandidatePool(int perSource, boolean excludeSeen) {
        this(perSource, excludeSeen, UserCandidates.Mode.POOL);
    }

    private CandidatePool(int perSource, boolean excludeSeen, UserCandidates.Mode mode) {
        this.perSource = perSource;
        this.excludeSeen = excludeSeen;
        this.mode = mode;
    }

    /** Brands per user from each of ALS, co-occurrence and popularity. */
    public int perSource() {
        return perSource;
    }

    /** Every brand of the brand side for every user: the serving sample, where each brand may be live and eligible. */
    public static CandidatePool everyBrand() {
        return new CandidatePool(0, false, UserCandidates.Mode.EVERY_BRAND);
    }

    /**
     * Each target with its history, grouped once: the target's columns, then {@code own} (array of struct(brand,
     * confidence, orders, last_time, engagement), null for a user without one) and {@code factors} (the user's ALS
     * factors, null for a user ALS does not know): what {@link UserCandidates} reads.
     *
     * @param targets one row per user, with a column user
     */
    public static Dataset<Row> histories(Dataset<Row> userBrand, Dataset<Row> targets, AffinityModel model) {
        Dataset<Row> own = userBrand
                .join(targets.select("user"), "user")
                .groupBy("user")
                .agg(collect_list(struct(
                                col("brand"), col("confidence"), col("orders"), col("last_time"), col("engagement")))
                        .alias("own"));
        return targets.join(own, new String[] {"user"}, "left")
                .join(model.userFactors(), new String[] {"user"}, "left");
    }

    /**
     * @param brandBuyers {@link io.chuanliu.training.features.InteractionFeatures#brandBuyers} of the interactions up to {@code asOf}
     * @param userBrand {@link io.chuanliu.training.features.InteractionFeatures#userBrand} of the same interactions as of {@code asOf}
     * @param users column user: whose candidates to build
     * @param model ALS fitted on {@code userBrand}
     * @return user, brand and the {@link #FEATURES}, cached
     */
    public Dataset<Row> build(
            Dataset<Row> brandBuyers, Dataset<Row> userBrand, long asOf, Dataset<Row> users, AffinityModel model) {
        return build(
                BrandSides.collect(brandBuyers, userBrand, model, NEIGHBOURS_PER_BRAND), userBrand, asOf, users, model);
    }

    /** As above, against a brand side already collected (the published one). */
    public Dataset<Row> build(
            BrandSide side, Dataset<Row> userBrand, long asOf, Dataset<Row> users, AffinityModel model) {
        Broadcast<BrandSide> broadcast = JavaSparkContext.fromSparkContext(
                        userBrand.sparkSession().sparkContext())
                .broadcast(side);
        return histories(userBrand, users.select("user").distinct(), model)
                .select("user", "own", "factors")
                .flatMap(
                        new UserCandidates(broadcast, perSource, excludeSeen, mode, asOf),
                        Encoders.row(UserCandidates.SCHEMA))
                .cache();
    }

    /**
     * The candidates of each user with a purchase in the window after {@code asOf}, labelled, in one pass over the
     * users: seen brands left out when they do not count.
     *
     * @param users one row per user: user, own, factors ({@link #histories}), seen (the brands the user touched
     *     before {@code asOf}, or null), bought (the brands bought in the window)
     * @return user, brand, the {@link #FEATURES} and {@code bought} (1, or null for a brand not bought)
     */
    public Dataset<Row> labelled(BrandSide side, Dataset<Row> users, long asOf) {
        return users.sparkSession().createDataFrame(labelledRows(side, users, asOf), labelledSchema());
    }

    /**
     * {@link #labelled} as the rows the pass emits, computed anew each time they are read: what the ranker's fit
     * reads twice (counting, then sampling) from {@code users}, which the caller caches, instead of caching every
     * candidate.
     */
    public JavaRDD<Row> labelledRows(BrandSide side, Dataset<Row> users, long asOf) {
        Broadcast<BrandSide> broadcast = JavaSparkContext.fromSparkContext(
                        users.sparkSession().sparkContext())
                .broadcast(side);
        return users.select("user", "own", "factors", "seen", "bought")
                .javaRDD()
                .flatMap(new UserCandidates(broadcast, perSource, excludeSeen, UserCandidates.Mode.LABELLED, asOf));
    }

    /**
     * The ranker's {@link BlendRanker.Labelled} view of windows' labelled candidates, each window's from the pass over
     * its users ({@link #labelledRows}'s input) as it is read: counted without the candidates' features, and sampled
     * with the features of the kept rows only. It keeps the rows and values, in the same order, of
     * {@code BlendRanker.fit} on the union of the windows' {@link #labelledRows}.
     *
     * @param windows each window's brand side, users and cut-off, in the order their rows are to be read
     */
    public BlendRanker.Labelled labelledWindows(List<LabelledWindow> windows) {
        List<WindowUsers> read = windows.stream()
                .map(window -> new WindowUsers(
                        window.users()
                                .select("user", "own", "factors", "seen", "bought")
                                .javaRDD(),
                        new UserCandidates(
                                JavaSparkContext.fromSparkContext(
                                                window.users().sparkSession().sparkContext())
                                        .broadcast(window.side()),
                                perSource,
                                excludeSeen,
                                UserCandidates.Mode.LABELLED,
                                window.asOf())))
                .toList();
        return new BlendRanker.Labelled() {
            /**
             * A user's pool is their own brands (none when seen brands are excluded) and {@code perSource} from each
             * of ALS, co-occurrence and popularity, and never more than the side's brands; the labelled rows are the
             * pool's but the seen ones. Summed over the cached users by one aggregate, without making a candidate.
             */
            @Override
            public long mostRows() {
                long most = 0;
                for (LabelledWindow window : windows) {
                    Column own = excludeSeen
                            ? lit(0)
                            : when(col("own").isNull(), lit(0)).otherwise(size(col("own")));
                    Row sum = window.users()
                            .agg(sum(least(lit(window.side().size()), own.plus(lit(3 * perSource))))
                                    .cast("long"))
                            .first();
                    most += sum.isNullAt(0) ? 0 : sum.getLong(0);
                }
                return most;
            }

            @Override
            public long[] counts() {
                return read.stream()
                        .map(w -> w.users().map(w.candidates()::labelledCounts))
                        .reduce(JavaRDD::union)
                        .orElseThrow()
                        .fold(new long[2], (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }

            @Override
            public JavaRDD<double[]> sample(long seed, long threshold, double keep) {
                return read.stream()
                        .map(w -> {
                            UserCandidates candidates = w.candidates(); // the closure takes it, not the RDD
                            return w.users()
                                    .flatMap(row -> candidates
                                            .labelledSample(row, seed, threshold, keep)
                                            .iterator());
                        })
                        .reduce(JavaRDD::union)
                        .orElseThrow();
            }
        };
    }

    /** A window's users as the pass over them reads them, and the function that makes their labelled candidates. */
    private record WindowUsers(JavaRDD<Row> users, UserCandidates candidates) {}

    /**
     * One window for {@link #labelledWindows}: its brand side, its users (one row each: user, own, factors, seen,
     * bought, as for {@link #labelledRows}) and its cut-off.
     */
    public record LabelledWindow(BrandSide side, Dataset<Row> users, long asOf) {}
}
