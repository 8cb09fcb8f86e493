package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Implicit-feedback ALS on user x brand confidences ({@link ImplicitAls} for the arithmetic,
 * decision 0020 for why it is not MLlib's). Brands are few, so their factors live on the driver and
 * are broadcast; users' ratings stay where they are, grouped per user and cached once. Each
 * iteration is one Spark job: every task solves its users against the broadcast brand factors and
 * sums, per brand, what the brand's own solve needs; the driver adds those sums up (in partition
 * order, so the result does not depend on which task finished first) and solves the brands.
 *
 * <p>When every task's sums together are small ({@link #DIRECT_SUMS_BYTES}: partitions x brands x
 * {@link ImplicitAls#partialLength}), the driver receives them straight from the tasks, a job of one
 * stage, every task sending every brand's sums (zeros included) so that the bytes do not depend on the
 * data; above that they are first added up per brand in a shuffle, so that what reaches the driver is
 * bounded by brands alone. Both add in partition order and give the same factors.
 *
 * <p>A small fit ({@link #DRIVER_RATINGS}: at most that many ratings) is collected to the driver once, one list per
 * partition, and iterated there: each partition's users solved by the same code its task would run (partitions on
 * the driver's cores), the sums added in partition order. The factors are the same as from the Spark jobs; what is
 * saved is a job per iteration, most of the cost of an iteration on a small log. The driver holds at most that many
 * ratings, a bound of the setting's, not of the users.
 */
public final class AffinityTrainer {

    /**
     * Above this many bytes of per-task sums an iteration adds them up per brand in a shuffle first, unless told
     * otherwise (the default of {@code als.driver-sums-mib}).
     */
    public static final long DIRECT_SUMS_BYTES = 64L << 20;

    /**
     * At most this many ratings (user-brand pairs) are iterated on the driver instead of in one Spark job per
     * iteration, unless told otherwise (the default of {@code als.driver-ratings}).
     */
    public static final long DRIVER_RATINGS = 1_000_000L;

    private final int iterations;
    private final double regParam;
    private final long seed;
    private final long directSumsBytes;
    private final long driverRatings;

    public AffinityTrainer(int iterations, double regParam, long seed) {
        this(iterations, regParam, seed, DIRECT_SUMS_BYTES, DRIVER_RATINGS);
    }

    /**
     * @param directSumsBytes the most bytes of per-task sums the driver takes without a shuffle (0: always shuffle)
     * @param driverRatings the most ratings the driver takes to iterate on itself (0: every iteration a Spark job)
     */
    public AffinityTrainer(int iterations, double regParam, long seed, long directSumsBytes, long driverRatings) {
        this.iterations = iterations;
        this.regParam = regParam;
        this.seed = seed;
        this.directSumsBytes = directSumsBytes;
        this.driverRatings = driverRatings;
    }

    /** @param confidence columns user, brand, confidence (> 0) */
    public AffinityModel fit(Dataset<Row> confidence, int rank, double alpha) {
        JavaSparkContext jsc =
                JavaSparkContext.fromSparkContext(confidence.sparkSession().sparkContext());
        String[] brands = confidence.select("brand").distinct().collectAsList().stream()
                .map(r -> r.getString(0))
                .sorted()
                .toArray(String[]::new);
        int partitions = Integer.parseInt(confidence.sparkSession().conf().get("spark.sql.shuffle.partitions"));
        // Sorted within partitions: a user's brands and the users of a task come in the same order however the
        // shuffle was fetched, so every sum below is taken in the same order and the fit is reproducible.
        JavaRDD<UserRatings> ratings = confidence
                .select(col("user"), col("brand"), col("confidence").cast("float"))
                .repartition(partitions, col("user"))
                .sortWithinPartitions("user", "brand")
                .javaRDD()
                .mapPartitions(new GroupByUser(jsc.broadcast(brands)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<List<UserRatings>> onDriver =
                driverRatings > 0 && ratings.map(u -> (long) u.brands().length).fold(0L, Long::sum) <= driverRatings
                        ? ratings.glom().collect()
                        : null;
        // As MLlib: the first brand solve is from random user factors; each later iteration solves the users, then
        // the brands; the users are solved once more from the last brand factors when asked for.
        double[] factors = null;
        for (int i = 0; i < iterations; i++) {
            factors = brandStep(jsc, ratings, onDriver, factors, brands.length, rank, alpha);
        }
        return new AffinityModel(ratings, brands, factors, rank, alpha, regParam);
    }

    /**
     * One iteration: users from the brand factors, then brands from the users; in a Spark job, or on the driver
     * when it holds the ratings ({@code onDriver}, one list per partition), where each partition's users are
     * solved as its task would solve them and the sums added up in the same order, so the factors are the same.
     */
    private double[] brandStep(
            JavaSparkContext jsc,
            JavaRDD<UserRatings> ratings,
            List<List<UserRatings>> onDriver,
            double[] brandFactors,
            int brands,
            int rank,
            double alpha) {
        boolean first = brandFactors == null;
        double[] from = first ? new double[brands * rank] : brandFactors;
        double[] fromGram = ImplicitAls.gram(from, brands, rank);
        Long randomSeed = first ? seed : null;
        Map<Integer, double[]> byBrand;
        if (onDriver != null) {
            Step step = new Step(brands, rank, alpha, regParam, randomSeed, false);
            // Partitions solved in parallel, their sums collected in partition order (a parallel stream keeps it).
            byBrand = inPartitionOrder(IntStream.range(0, onDriver.size())
                    .parallel()
                    .mapToObj(task -> UserStep.solve(task, onDriver.get(task).iterator(), from, fromGram, step))
                    .flatMap(List::stream)
                    .collect(Collectors.toList()));
        } else {
            Broadcast<double[]> factors = jsc.broadcast(from);
            Broadcast<double[]> gram = jsc.broadcast(fromGram);
            long directBytes = (long) ratings.getNumPartitions() * (brands + 1) * ImplicitAls.partialLength(rank) * 8;
            boolean direct = directBytes <= directSumsBytes;
            JavaRDD<Tuple2<Integer, Tuple2<Integer, double[]>>> partials = ratings.mapPartitionsWithIndex(
                    new UserStep(factors, gram, new Step(brands, rank, alpha, regParam, randomSeed, direct)), false);
            byBrand = direct
                    ? inPartitionOrder(partials.collect())
                    : new HashMap<>(partials.mapToPair(t -> t)
                            .groupByKey()
                            .mapValues(AffinityTrainer::inPartitionOrder)
                            .collectAsMap());
            factors.destroy();
            gram.destroy();
        }
        double[] userGram =
                byBrand.containsKey(UserStep.USER_GRAM) ? byBrand.remove(UserStep.USER_GRAM) : new double[rank * rank];
        ImplicitAls.mirror(userGram, rank);
        double[] next = new double[brands * rank];
        double[] scratch = new double[rank * rank];
        double[] out = new double[rank];
        for (int b = 0; b < brands; b++) {
            double[] partial = byBrand.get(b);
            if (partial != null && partial[partial.length - 1] > 0) {
                ImplicitAls.solveFromPartial(userGram, partial, rank, regParam, scratch, out);
                System.arraycopy(out, 0, next, b * rank, rank);
            }
        }
        return next;
    }

    /**
     * Every key's sum from all tasks' partials as collected (in partition order), added up in that
     * order, as {@link #inPartitionOrder(Iterable)} adds one key's.
     */
    private static Map<Integer, double[]> inPartitionOrder(List<Tuple2<Integer, Tuple2<Integer, double[]>>> partials) {
        Map<Integer, double[]> sums = new HashMap<>();
        for (Tuple2<Integer, Tuple2<Integer, double[]>> p : partials) {
            double[] partial = p._2()._2();
            double[] sum = sums.computeIfAbsent(p._1(), key -> new double[partial.length]);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += partial[i];
            }
        }
        return sums;
    }

    /** The sum of one key's partials, taken in the order of the partitions that made them. */
    private static double[] inPartitionOrder(Iterable<Tuple2<Integer, double[]>> partials) {
        List<Tuple2<Integer, double[]>> sorted = new ArrayList<>();
        partials.forEach(sorted::add);
        sorted.sort((a, b) -> Integer.compare(a._1(), b._1()));
        double[] sum = new double[sorted.get(0)._2().length];
        for (Tuple2<Integer, double[]> p : sorted) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += p._2()[i];
            }
        }
        return sum;
    }

    /** Rows user, brand, rating sorted by user then brand, as one {@link UserRatings} per user. */
    private static final class GroupByUser implements FlatMapFunction<Iterator<Row>, UserRatings> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<String[]> brands;

        GroupByUser(Broadcast<String[]> brands) {
            this.brands = brands;
        }

        @Override
        public Iterator<UserRatings> call(Iterator<Row> rows) {
            String[] names = brands.value();
            List<UserRatings> users = new ArrayList<>();
            String user = null;
            int[] ids = new int[16];
            float[] values = new float[16];
            int n = 0;
            while (rows.hasNext()) {
                Row r = rows.next();
                if (!r.getString(0).equals(user)) {
                    if (user != null) {
                        users.add(new UserRatings(user, Arrays.copyOf(ids, n), Arrays.copyOf(values, n)));
                    }
                    user = r.getString(0);
                    n = 0;
                }
                if (n == ids.length) {
                    ids = Arrays.copyOf(ids, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                ids[n] = Arrays.binarySearch(names, r.getString(1));
                values[n++] = r.getFloat(2);
            }
            if (user != null) {
                users.add(new UserRatings(user, Arrays.copyOf(ids, n), Arrays.copyOf(values, n)));
            }
            return users.iterator();
        }
    }

    /**
     * What one iteration's user solves need besides the brand factors.
     *
     * @param randomSeed null to solve users from the brand factors, else the seed of random user factors
     * @param everyBrand emit every brand's sums, zeros for brands the task's users did not rate: a reply of the same
     *     size whatever the data, for the driver to take directly
     */
    private record Step(int brands, int rank, double alpha, double regParam, Long randomSeed, boolean everyBrand)
            implements java.io.Serializable {}

    /**
     * Solves every user of a task and emits, keyed by brand id, the task's sums for that brand, and
     * under {@link #USER_GRAM} the Gram matrix of the task's user factors; each with the task's index.
     */
    private static final class UserStep
            implements Function2<Integer, Iterator<UserRatings>, Iterator<Tuple2<Integer, Tuple2<Integer, double[]>>>> {
        private static final long serialVersionUID = 1L;
        static final int USER_GRAM = -1;
        private final Broadcast<double[]> factors;
        private final Broadcast<double[]> gram;
        private final Step step;

        UserStep(Broadcast<double[]> factors, Broadcast<double[]> gram, Step step) {
            this.factors = factors;
            this.gram = gram;
            this.step = step;
        }

        @Override
        public Iterator<Tuple2<Integer, Tuple2<Integer, double[]>>> call(Integer task, Iterator<UserRatings> users) {
            return solve(task, users, factors.value(), gram.value(), step).iterator();
        }

        /** One task's users solved against brand factors {@code y} (Gram matrix {@code g}), and their sums. */
        static List<Tuple2<Integer, Tuple2<Integer, double[]>>> solve(
                int task, Iterator<UserRatings> users, double[] y, double[] g, Step step) {
            int brands = step.brands();
            int rank = step.rank();
            double[][] partials = new double[brands][];
            double[] userGram = new double[rank * rank];
            double[] scratch = new double[rank * rank];
            double[] x = new double[rank];
            while (users.hasNext()) {
                UserRatings u = users.next();
                if (step.randomSeed() == null) {
                    ImplicitAls.solve(g, y, u.brands(), u.ratings(), rank, step.alpha(), step.regParam(), scratch, x);
                } else {
                    randomUnit(step.randomSeed() * 31 + u.user().hashCode(), x);
                }
                ImplicitAls.addToGram(userGram, x, rank);
                ImplicitAls.accumulate(partials, x, u.brands(), u.ratings(), rank, step.alpha());
            }
            List<Tuple2<Integer, Tuple2<Integer, double[]>>> out = new ArrayList<>();
            out.add(new Tuple2<>(USER_GRAM, new Tuple2<>(task, userGram)));
            for (int b = 0; b < brands; b++) {
                if (partials[b] != null) {
                    out.add(new Tuple2<>(b, new Tuple2<>(task, partials[b])));
                } else if (step.everyBrand()) {
                    out.add(new Tuple2<>(b, new Tuple2<>(task, new double[ImplicitAls.partialLength(rank)])));
                }
            }
            return out;
        }

        /** A random unit vector, as MLlib starts its factors. */
        private static void randomUnit(long seed, double[] x) {
            SplittableRandom random = new SplittableRandom(seed);
            double norm = 0;
            for (int a = 0; a < x.length; a++) {
                x[a] = random.nextGaussian();
                norm += x[a] * x[a];
            }
            for (int a = 0; a < x.length; a++) {
                x[a] /= Math.sqrt(norm);
            }
        }
    }
}
