package io.chuanliu.training.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Brand-to-brand co-occurrence: the cosine of two brands' buyer sets, counting each user's
 * {@value #BRANDS_PER_USER} strongest brands (so that a few very active users do not link every
 * brand to every other), and keeping each brand's nearest neighbours.
 *
 * <p>Brands are counted by their index in the sorted names: each partition of users sorts its pairs
 * (one {@code long} each) and sends one record per first brand, its second brands with their counts;
 * one shuffle sums them, and each brand's neighbours are chosen from its record. A brand's count
 * with itself is its size.
 */
public final class CoOccurrence {

    static final int BRANDS_PER_USER = 20;

    /** Pairs a task buffers before it sorts and sends them (32 MiB of longs). */
    static final int MAX_BUFFERED_PAIRS = 1 << 22;

    private CoOccurrence() {}

    /** One brand's neighbour: {@code sim} = co-buyers / sqrt(buyers of a x buyers of b). */
    public record Neighbour(String a, String b, double sim) implements Serializable {}

    /**
     * @param userBrand columns user, brand, confidence
     * @param names every brand of {@code userBrand}, in ascending order
     * @return a != b, each a's {@code neighbours} most similar b (ties by name), ordered by a, then rank
     */
    public static List<Neighbour> nearestNeighbours(Dataset<Row> userBrand, String[] names, int neighbours) {
        return nearestNeighbours(userBrand, names, neighbours, MAX_BUFFERED_PAIRS);
    }

    /** As above, each task sending what it counted whenever it holds {@code maxBuffered} pairs. */
    static List<Neighbour> nearestNeighbours(Dataset<Row> userBrand, String[] names, int neighbours, int maxBuffered) {
        JavaSparkContext spark =
                JavaSparkContext.fromSparkContext(userBrand.sparkSession().sparkContext());
        Broadcast<String[]> brands = spark.broadcast(names);
        int partitions = Integer.parseInt(userBrand.sparkSession().conf().get("spark.sql.shuffle.partitions"));
        JavaPairRDD<Integer, long[]> counts = userBrand
                .groupBy("user")
                .agg(collect_list(struct(col("brand"), col("confidence"))).alias("own"))
                .select("own")
                .javaRDD()
                .mapPartitionsToPair(users -> pairCounts(users, brands.value(), maxBuffered))
                .reduceByKey(CoOccurrence::merge, partitions)
                .cache();
        long[] sizes = new long[names.length];
        for (Tuple2<Integer, Long> own : counts.mapToPair(t -> new Tuple2<>(t._1(), countOf(t._2(), t._1())))
                .collect()) {
            sizes[own._1()] = own._2();
        }
        Broadcast<long[]> brandSizes = spark.broadcast(sizes);
        List<Tuple2<Integer, double[]>> nearest = counts.mapToPair(
                        t -> new Tuple2<>(t._1(), nearest(t._1(), t._2(), brandSizes.value(), neighbours)))
                .collect();
        counts.unpersist();
        List<Neighbour> out = new ArrayList<>();
        nearest.stream().sorted((x, y) -> Integer.compare(x._1(), y._1())).forEach(t -> {
            double[] best = t._2();
            for (int i = 0; i < best.length; i += 2) {
                out.add(new Neighbour(names[t._1()], names[(int) best[i]], best[i + 1]));
            }
        });
        return out;
    }

    /**
     * Every ordered pair of each user's strongest brands, and each brand with itself, counted over the
     * partition: per first brand, its second brands and their counts as alternating entries, by second brand.
     */
    private static Iterator<Tuple2<Integer, long[]>> pairCounts(Iterator<Row> users, String[] names, int maxBuffered) {
        long n = names.length;
        List<Tuple2<Integer, long[]>> out = new ArrayList<>();
        long[] pairs = new long[1024];
        int size = 0;
        while (users.hasNext()) {
            int[] strongest = strongest(users.next().getList(0), names);
            int more = strongest.length * strongest.length;
            if (size + more > pairs.length) {
                if (size + more > maxBuffered) {
                    // Bounded memory per task: what is buffered goes out as records, the shuffle adds them up.
                    compact(pairs, size, n, out);
                    size = 0;
                }
                pairs = Arrays.copyOf(pairs, Math.max(Math.min(2 * pairs.length, maxBuffered), size + more));
            }
            for (int a : strongest) {
                for (int b : strongest) {
                    pairs[size++] = a * n + b;
                }
            }
        }
        compact(pairs, size, n, out);
        return out.iterator();
    }

    /** Sorts the buffered pairs and adds one record per first brand to {@code out}. */
    private static void compact(long[] pairs, int size, long n, List<Tuple2<Integer, long[]>> out) {
        Arrays.sort(pairs, 0, size);
        int i = 0;
        while (i < size) {
            int a = (int) (pairs[i] / n);
            long[] counts = new long[16];
            int entries = 0;
            while (i < size && pairs[i] / n == a) {
                long pair = pairs[i];
                int run = 0;
                while (i < size && pairs[i] == pair) {
                    run++;
                    i++;
                }
                if (entries + 2 > counts.length) {
                    counts = Arrays.copyOf(counts, 2 * counts.length);
                }
                counts[entries++] = pair % n;
                counts[entries++] = run;
            }
            out.add(new Tuple2<>(a, Arrays.copyOf(counts, entries)));
        }
    }

    /** Two brands' (second brand, count) lists, each by second brand, summed into one. */
    private static long[] merge(long[] x, long[] y) {
        long[] out = new long[x.length + y.length];
        int i = 0;
        int j = 0;
        int o = 0;
        while (i < x.length || j < y.length) {
            if (j == y.length || (i < x.length && x[i] < y[j])) {
                out[o++] = x[i++];
                out[o++] = x[i++];
            } else if (i == x.length || y[j] < x[i]) {
                out[o++] = y[j++];
                out[o++] = y[j++];
            } else {
                out[o++] = x[i];
                out[o++] = x[i + 1] + y[j + 1];
                i += 2;
                j += 2;
            }
        }
        return Arrays.copyOf(out, o);
    }

    private static long countOf(long[] counts, int brand) {
        for (int i = 0; i < counts.length; i += 2) {
            if (counts[i] == brand) {
                return counts[i + 1];
            }
        }
        return 0;
    }

    /** The user's {@value #BRANDS_PER_USER} brands of highest confidence, ties by name, as indices. */
    static int[] strongest(List<Row> own, String[] names) {
        int[] index = new int[own.size()];
        double[] confidence = new double[own.size()];
        Integer[] order = new Integer[own.size()];
        for (int i = 0; i < index.length; i++) {
            String brand = own.get(i).getString(0);
            index[i] = Arrays.binarySearch(names, brand);
            if (index[i] < 0) {
                throw new IllegalStateException("brand " + brand + " is missing from the brand names");
            }
            confidence[i] = own.get(i).getDouble(1);
            order[i] = i;
        }
        Arrays.sort(
                order,
                (x, y) -> confidence[x] != confidence[y]
                        ? Double.compare(confidence[y], confidence[x])
                        : Integer.compare(index[x], index[y]));
        int[] out = new int[Math.min(BRANDS_PER_USER, order.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = index[order[i]];
        }
        return out;
    }

    /** Brand a's best {@code neighbours} (second brand, similarity) as alternating entries, best first. */
    private static double[] nearest(int a, long[] counts, long[] sizes, int neighbours) {
        List<double[]> others = new ArrayList<>();
        for (int i = 0; i < counts.length; i += 2) {
            int b = (int) counts[i];
            if (b != a) {
                others.add(new double[] {b, (double) counts[i + 1] / Math.sqrt((double) (sizes[a] * sizes[b]))});
            }
        }
        double[] out = others.stream()
                .sorted((x, y) -> x[1] != y[1] ? Double.compare(y[1], x[1]) : Double.compare(x[0], y[0]))
                .limit(neighbours)
                .flatMapToDouble(Arrays::stream)
                .toArray();
        return out;
    }
}
