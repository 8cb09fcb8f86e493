package io.chuanliu.training.model;

import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.common.ranking.OwnBrands;
import io.chuanliu.common.ranking.RankerFeatures;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Builds one user's candidate brands and their {@link RankerFeatures} (the definition the stream
 * computes too) in one pass, against the broadcast {@link BrandSide}: no join or window per feature, so the pool costs one shuffle (grouping the
 * user's history) instead of a dozen.
 *
 * <p>Input rows: {@code user} string, {@code own} array of struct(brand, confidence, orders,
 * last_time, engagement) or null, {@code factors} array of float or null, and for {@link Mode#LABELLED}
 * {@code seen} and {@code bought} (arrays of brand). Output rows: {@link #SCHEMA}, or {@link #LABELLED_SCHEMA}.
 */
final class UserCandidates implements FlatMapFunction<Row, Row>, Serializable {

    private static final long serialVersionUID = 1L;

    /** user, brand, then every {@link CandidatePool#FEATURES feature} as a double, in that order. */
    static final StructType SCHEMA = schema();

    private static StructType schema() {
        StructType schema =
                new StructType().add("user", DataTypes.StringType, false).add("brand", DataTypes.StringType, false);
        for (String feature : CandidatePool.FEATURES) {
            schema = schema.add(feature, DataTypes.DoubleType, false);
        }
        return schema;
    }

    /** {@link #SCHEMA}, then {@code bought}: 1 for a brand bought in the window, else null. */
    static final StructType LABELLED_SCHEMA = SCHEMA.add("bought", DataTypes.DoubleType, true);

    /** What a user's row becomes. */
    enum Mode {
        /** The user's candidates ({@link #pool}); input rows: user, own, factors. */
        POOL,
        /** Every brand ({@link #everyBrand}); input rows: user, own, factors. */
        EVERY_BRAND,
        /** The candidates labelled ({@link #labelled}); input rows: user, own, factors, seen, bought. */
        LABELLED
    }

    private final Broadcast<BrandSide> brands;
    private final int perSource;
    private final boolean excludeSeen;
    private final Mode mode;
    private final long asOf;

    UserCandidates(Broadcast<BrandSide> brands, int perSource, boolean excludeSeen, Mode mode, long asOf) {
        this.brands = brands;
        this.perSource = perSource;
        this.excludeSeen = excludeSeen;
        this.mode = mode;
        this.asOf = asOf;
    }

    @Override
    public Iterator<Row> call(Row row) {
        BrandSide side = brands.value();
        String user = row.getString(0);
        List<Row> out = switch (mode) {
            case POOL -> pool(side, row).rows(side, user);
            case EVERY_BRAND ->
                everyBrand(side, asOf, user, row.isNullAt(1) ? List.of() : row.getList(1), factors(row));
            case LABELLED -> labelled(side, row).rows(side, user);
        };
        return out.iterator();
    }

    /** {rows, purchases} of a user's labelled candidates ({@link Mode#LABELLED} input row): what the sample is drawn from. */
    long[] labelledCounts(Row row) {
        BrandSide side = brands.value();
        Labelled labelled = labelled(side, row);
        long positives = 0;
        for (int b : labelled.kept()) {
            positives += labelled.isBought(side, b) ? 1 : 0;
        }
        return new long[] {labelled.kept().size(), positives};
    }

    /**
     * A user's labelled candidates ({@link Mode#LABELLED} input row) that the ranker's sample keeps, as numbers: the
     * {@link CandidatePool#FEATURES}, then 1 for a purchase and 0 for none, then the row's weight. Every purchase is
     * kept with weight 1, a non-purchase when its {@link BlendRanker#sampleBucket} is under {@code threshold}, with
     * weight {@code 1 / keep}: the rows and values a filter of {@link #labelled}'s rows gives, without making a row
     * of every candidate or the features of the ones left out.
     */
    List<double[]> labelledSample(Row row, long seed, long threshold, double keep) {
        BrandSide side = brands.value();
        Labelled labelled = labelled(side, row);
        String user = row.getString(0);
        List<double[]> out = new ArrayList<>();
        for (int b : labelled.kept()) {
            String brand = side.name(b);
            boolean positive = labelled.isBought(side, b);
            if (BlendRanker.isSampled(user, brand, positive, seed, threshold)) {
                out.add(BlendRanker.sampleRow(labelled.pool().features().of(brand), positive, keep));
            }
        }
        return out;
    }

    private Pool pool(BrandSide side, Row row) {
        return pool(
                side,
                perSource,
                excludeSeen,
                asOf,
                row.getString(0),
                row.isNullAt(1) ? List.of() : row.getList(1),
                factors(row));
    }

    private static float[] factors(Row row) {
        return row.isNullAt(2) ? null : AffinityModel.factors(row.getList(2));
    }

    private Labelled labelled(BrandSide side, Row row) {
        return labelled(
                pool(side, row),
                side,
                excludeSeen ? (row.isNullAt(3) ? List.of() : row.getList(3)) : List.of(),
                row.getList(4));
    }

    /**
     * One window's candidates of a user, labelled by what the user bought in the window, in the pass that builds
     * them: no join of the candidates with the purchases, nor with the brands seen.
     *
     * @param seen the brands to leave out (those the user touched before the window, when seen brands do not count)
     * @param bought the brands the user bought in the window
     */
    static Labelled labelled(Pool pool, BrandSide side, List<String> seen, List<String> bought) {
        Set<Integer> kept = new TreeSet<>(pool.brands());
        kept.removeAll(indices(side, seen));
        return new Labelled(pool, kept, Set.copyOf(bought));
    }

    /**
     * A user's labelled candidates: the pool's brands but the seen ones ({@code kept}, ascending), and the brands
     * bought in the window.
     */
    record Labelled(Pool pool, Set<Integer> kept, Set<String> bought) {
        boolean isBought(BrandSide side, int b) {
            return bought.contains(side.name(b));
        }

        /** Rows of {@link #LABELLED_SCHEMA}: the pool's rows but the seen brands', labelled. */
        List<Row> rows(BrandSide side, String user) {
            List<Row> out = new ArrayList<>(kept.size());
            for (Row candidate : UserCandidates.rows(side, user, pool.features(), kept)) {
                Object[] values = new Object[LABELLED_SCHEMA.size()];
                for (int i = 0; i < candidate.size(); i++) {
                    values[i] = candidate.get(i);
                }
                values[candidate.size()] = bought.contains(candidate.getString(1)) ? 1.0 : null;
                out.add(RowFactory.create(values));
            }
            return out;
        }
    }

    /**
     * One user's candidates before they become rows.
     *
     * @param own the user's own brands
     * @param features the user's features of any brand
     * @param brands the candidate brands' indices, ascending
     * @param alsTop the {@code perSource} brands of highest affinity (own brands left out when they are
     *     excluded), best first: empty for a user ALS does not know
     */
    record Pool(OwnBrands own, RankerFeatures features, Set<Integer> brands, int[] alsTop) {
        /** Rows of {@link #SCHEMA}, one per candidate brand, in the order of the brand side. */
        List<Row> rows(BrandSide side, String user) {
            return UserCandidates.rows(side, user, features, brands);
        }
    }

    /**
     * One user's candidates: the own brands (unless excluded), the {@code perSource} brands of highest affinity,
     * of highest co-occurrence score and of most buyers.
     *
     * @param excludeSeen whether the user's own brands are left out: then every source offers
     *     {@code perSource} brands the user has not seen (for catalogues without repurchase)
     * @param own the user's (brand, confidence, orders, last_time, engagement) rows before {@code asOf}
     * @param factors the user's ALS factors, or null for a user ALS does not know
     */
    static Pool pool(
            BrandSide side,
            int perSource,
            boolean excludeSeen,
            long asOf,
            String user,
            List<Row> own,
            float[] factors) {
        OwnBrands owned = ownBrands(side, user, own);
        RankerFeatures features = RankerFeatures.of(owned, asOf, side, factors);
        Set<Integer> excluded = new HashSet<>();
        Set<Integer> pool = new TreeSet<>();
        for (int i = 0; i < owned.size(); i++) {
            int b = side.indexOf(owned.brand(i));
            (excludeSeen ? excluded : pool).add(b);
        }
        int[] alsTop = factors == null ? new int[0] : topByAffinity(side, factors, perSource, excluded);
        for (int b : alsTop) {
            pool.add(b);
        }
        features.coocScores().entrySet().stream()
                .filter(e -> !excluded.contains(e.getKey()))
                .sorted(Map.Entry.<Integer, Double>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(perSource)
                .forEach(e -> pool.add(e.getKey()));
        int taken = 0;
        for (int b : side.byPopularity()) {
            if (taken == perSource) {
                break;
            }
            if (!excluded.contains(b)) {
                pool.add(b);
                taken++;
            }
        }
        return new Pool(owned, features, pool, alsTop);
    }

    /** Every brand of the side with its features: what the stream would score if all were live and eligible. */
    static List<Row> everyBrand(BrandSide side, long asOf, String user, List<Row> own, float[] factors) {
        Set<Integer> all = new TreeSet<>();
        for (int b = 0; b < side.size(); b++) {
            all.add(b);
        }
        return rows(side, user, RankerFeatures.of(ownBrands(side, user, own), asOf, side, factors), all);
    }

    /** The indices of the brands of the side among {@code brands} (others are left out). */
    static Set<Integer> indices(BrandSide side, List<String> brands) {
        Set<Integer> out = new HashSet<>();
        for (String brand : brands) {
            int b = side.indexOf(brand);
            if (b >= 0) {
                out.add(b);
            }
        }
        return out;
    }

    static OwnBrands ownBrands(BrandSide side, String user, List<Row> own) {
        OwnBrands owned = new OwnBrands(own.size());
        for (Row r : own) {
            if (side.indexOf(r.getString(0)) < 0) {
                // The brand side holds every brand ALS was fitted on, which is every brand of userBrand.
                throw new IllegalStateException(
                        "brand " + r.getString(0) + " of user " + user + " is missing from the brand side");
            }
            owned.add(r.getString(0), r.getDouble(1), r.getLong(2), r.getLong(3), r.getDouble(4));
        }
        return owned;
    }

    static List<Row> rows(BrandSide side, String user, RankerFeatures features, Set<Integer> brands) {
        List<Row> out = new ArrayList<>(brands.size());
        for (int b : brands) {
            String brand = side.name(b);
            double[] x = features.of(brand);
            Object[] values = new Object[2 + x.length];
            values[0] = user;
            values[1] = brand;
            for (int i = 0; i < x.length; i++) {
                values[2 + i] = x[i];
            }
            out.add(RowFactory.create(values));
        }
        return out;
    }

    /**
     * The {@code n} brands of highest affinity but the {@code excluded}, ties by brand: one scan with a
     * bounded heap on primitives (this runs for every user over every brand).
     */
    static int[] topByAffinity(BrandSide side, float[] factors, int n, Set<Integer> excluded) {
        boolean[] skip = new boolean[side.size()];
        for (int b : excluded) {
            skip[b] = true;
        }
        double[] score = new double[side.size()];
        // heap[0] is the worst of the best so far: lowest score, then highest brand.
        int[] heap = new int[Math.max(0, n)];
        int size = 0;
        for (int b = 0; b < side.size(); b++) {
            if (skip[b] || side.factors(b) == null) {
                continue;
            }
            score[b] = side.affinity(factors, b);
            if (size < n) {
                heap[size] = b;
                siftUp(heap, size++, score);
            } else if (n > 0 && better(b, heap[0], score)) {
                heap[0] = b;
                siftDown(heap, size, score);
            }
        }
        int[] out = Arrays.copyOf(heap, size);
        Integer[] boxed = Arrays.stream(out).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, (x, y) -> better(x, y, score) ? -1 : (better(y, x, score) ? 1 : 0));
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    private static boolean better(int x, int y, double[] score) {
        return score[x] != score[y] ? score[x] > score[y] : x < y;
    }

    private static void siftUp(int[] heap, int i, double[] score) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!better(heap[parent], heap[i], score)) {
                return;
            }
            int t = heap[parent];
            heap[parent] = heap[i];
            heap[i] = t;
            i = parent;
        }
    }

    private static void siftDown(int[] heap, int size, double[] score) {
        int i = 0;
        while (true) {
            int worst = i;
            for (int child = 2 * i + 1; child <= 2 * i + 2 && child < size; child++) {
                if (better(heap[worst], heap[child], score)) {
                    worst = child;
                }
            }
            if (worst == i) {
                return;
            }
            int t = heap[worst];
            heap[worst] = heap[i];
            heap[i] = t;
            i = worst;
        }
    }
}
