package io.chuanliu.training.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Builds one user's candidate brands and their features in one pass, against the broadcast
 * {@link BrandSide}: no join or window per feature, so the pool costs one shuffle (grouping the
 * user's history) instead of a dozen.
 *
 * <p>Input rows: {@code user} string, {@code own} array of struct(brand, confidence, orders,
 * last_time, engagement) or null, {@code factors} array of float or null. Output rows: {@link #SCHEMA}.
 */
final class UserCandidates implements FlatMapFunction<Row, Row>, Serializable {

    private static final long serialVersionUID = 1L;
    private static final double NEVER_DAYS = 365;
    private static final double DAY_MILLIS = 86_400_000.0;

    /** user, brand, then every {@link CandidatePool#FEATURES feature} as a double, in that order. */
    static final StructType SCHEMA = schema();

    private static StructType schema() {
        StructType schema = new StructType().add("user", DataTypes.StringType, false).add("brand", DataTypes.StringType, false);
        for (String feature : CandidatePool.FEATURES) {
            schema = schema.add(feature, DataTypes.DoubleType, false);
        }
        return schema;
    }

    private final Broadcast<BrandSide> brands;
    private final int perSource;
    private final boolean excludeSeen;
    private final long asOf;

    UserCandidates(Broadcast<BrandSide> brands, int perSource, boolean excludeSeen, long asOf) {
        this.brands = brands;
        this.perSource = perSource;
        this.excludeSeen = excludeSeen;
        this.asOf = asOf;
    }

    /** One candidate of one user, with what is known of the pair. */
    private static final class Candidate {
        final int brand;
        double confidence;
        long orders;
        double engagement;
        long lastTime = Long.MIN_VALUE;
        double cooc;
        double als;
        boolean own;

        Candidate(int brand) {
            this.brand = brand;
        }
    }

    @Override
    public Iterator<Row> call(Row row) {
        return candidates(brands.value(), perSource, excludeSeen, asOf, row.getString(0), row.isNullAt(1) ? List.of() : row.getList(1),
                row.isNullAt(2) ? null : AffinityModel.factors(row.getList(2))).iterator();
    }

    /**
     * @param excludeSeen whether the user's own brands are left out: then every source offers
     *     {@code perSource} brands the user has not seen (for catalogues without repurchase)
     * @param own the user's (brand, confidence, orders, last_time, engagement) rows before {@code asOf}
     * @param factors the user's ALS factors, or null for a user ALS does not know
     * @return rows of {@link #SCHEMA}, best own confidence first
     */
    static List<Row> candidates(BrandSide side, int perSource, boolean excludeSeen, long asOf, String user, List<Row> own,
            float[] factors) {
        Map<Integer, Candidate> pool = new HashMap<>();
        Set<Integer> excluded = new HashSet<>();
        Map<Integer, Double> cooc = new HashMap<>();
        long userOrders = 0;
        double userEngagement = 0;
        for (Row owned : own) {
            int b = side.indexOf(owned.getString(0));
            if (b < 0) {
                // The brand side holds every brand ALS was fitted on, which is every brand of userBrand.
                throw new IllegalStateException("brand " + owned.getString(0) + " of user " + user + " is missing from the brand side");
            }
            Candidate c = new Candidate(b);
            if (excludeSeen) {
                excluded.add(b);
            } else {
                pool.put(b, c);
            }
            c.own = true;
            c.confidence = owned.getDouble(1);
            c.orders = owned.getLong(2);
            c.lastTime = owned.getLong(3);
            c.engagement = owned.getDouble(4);
            userOrders += c.orders;
            userEngagement += c.engagement;
            int[] next = side.neighbours(b);
            double[] sim = side.similarity(b);
            for (int i = 0; i < next.length; i++) {
                cooc.merge(next[i], c.confidence * sim[i], Double::sum);
            }
        }
        if (factors != null) {
            for (int b : topByAffinity(side, factors, perSource, excluded)) {
                pool.computeIfAbsent(b, Candidate::new);
            }
        }
        cooc.entrySet().stream()
                .filter(e -> !excluded.contains(e.getKey()))
                .sorted(Map.Entry.<Integer, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(perSource)
                .forEach(e -> pool.computeIfAbsent(e.getKey(), Candidate::new));
        int taken = 0;
        for (int b : side.byPopularity()) {
            if (taken == perSource) {
                break;
            }
            if (!excluded.contains(b)) {
                pool.computeIfAbsent(b, Candidate::new);
                taken++;
            }
        }

        List<Candidate> candidates = new ArrayList<>(pool.values());
        for (Candidate c : candidates) {
            c.als = side.affinity(factors, c.brand);
            c.cooc = cooc.getOrDefault(c.brand, 0.0);
        }
        // Brand indices follow brand names, so "then by brand" is "then by index".
        Comparator<Candidate> byAls = Comparator.<Candidate>comparingDouble(c -> -c.als).thenComparingInt(c -> c.brand);
        Comparator<Candidate> byOwn = Comparator.<Candidate>comparingDouble(c -> -c.confidence).thenComparing(byAls);
        Map<Candidate, Integer> alsRank = ranks(candidates, byAls);
        candidates.sort(byOwn);
        List<Row> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            // In the order of CandidatePool.FEATURES.
            out.add(RowFactory.create(user, side.name(c.brand), c.als, (double) alsRank.get(c), Math.log1p(c.confidence),
                    (double) (i + 1), Math.log1p(c.orders), userOrders > 0 ? (double) c.orders / userOrders : 0.0,
                    Math.log1p(c.engagement), userEngagement > 0 ? c.engagement / userEngagement : 0.0,
                    c.own ? (asOf - c.lastTime) / DAY_MILLIS : NEVER_DAYS, c.cooc, side.logPopularity(c.brand)));
        }
        return out;
    }

    /** The {@code n} brands of highest affinity but the {@code excluded}, ties by brand: one scan with a bounded heap. */
    static int[] topByAffinity(BrandSide side, float[] factors, int n, Set<Integer> excluded) {
        double[] score = new double[side.size()];
        // The heap's head is the worst of the best n so far: lowest score, then highest brand.
        Comparator<Integer> better = Comparator.<Integer>comparingDouble(b -> score[b]).reversed().thenComparingInt(b -> b);
        PriorityQueue<Integer> best = new PriorityQueue<>(n + 1, better.reversed());
        for (int b = 0; b < side.size(); b++) {
            if (side.factors(b) == null || excluded.contains(b)) {
                continue;
            }
            score[b] = side.affinity(factors, b);
            if (best.size() < n) {
                best.add(b);
            } else if (better.compare(b, best.peek()) < 0) {
                best.poll();
                best.add(b);
            }
        }
        return best.stream().sorted(better).mapToInt(Integer::intValue).toArray();
    }

    private static Map<Candidate, Integer> ranks(List<Candidate> candidates, Comparator<Candidate> order) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(order);
        Map<Candidate, Integer> rank = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            rank.put(sorted.get(i), i + 1);
        }
        return rank;
    }
}
