package io.chuanliu.common.ranking;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ranker's features of (user, brand) pairs at one time, defined once for training and the
 * stream. Per brand, in the order of {@link #NAMES}:
 *
 * <ul>
 *   <li>{@code als_score}: the user's ALS factors dot the brand's ({@link BrandSide#affinity});</li>
 *   <li>{@code own_confidence}, {@code own_orders}, {@code own_engagement}: ln(1 + x) of the user's
 *       decayed weight, order count and decayed engagement for the brand;</li>
 *   <li>{@code own_rank}: the brand's rank among the user's own brands by decayed weight (then ALS,
 *       then name), or the number of own brands plus one for a brand the user never touched;</li>
 *   <li>{@code order_share}, {@code engagement_share}: the brand's share of the user's orders and of
 *       the user's decayed engagement (0 when the user has none);</li>
 *   <li>{@code days_since}: days since the user's last interaction with the brand, or
 *       {@value #NEVER_DAYS} for a brand never touched;</li>
 *   <li>{@code cooc_score}: the sum over the user's own brands of their decayed weight times their
 *       co-occurrence similarity to the brand ({@link BrandSide#neighbours});</li>
 *   <li>{@code log_popularity}: ln(1 + the brand's buyers);</li>
 *   <li>{@code als_z}: {@code als_score} standardised by the user's affinity mean and standard
 *       deviation over all brands ({@link BrandSide#affinitySpread}), 0 for a user ALS does not know:
 *       how far the brand stands out among everything the user could be offered;</li>
 *   <li>{@code cooc_relative}: {@code cooc_score} divided by the user's highest {@code cooc_score} over
 *       all brands (0 without one): how close the brand comes to the user's best co-occurrence match;</li>
 *   <li>{@code cooc_max}: the brand's highest co-occurrence similarity to any of the user's brands.</li>
 * </ul>
 */
public final class RankerFeatures {

    public static final List<String> NAMES = List.of(
            "als_score",
            "own_confidence",
            "own_rank",
            "own_orders",
            "order_share",
            "own_engagement",
            "engagement_share",
            "days_since",
            "cooc_score",
            "log_popularity",
            "als_z",
            "cooc_relative",
            "cooc_max");
    public static final double NEVER_DAYS = 365;
    /**
     * Units of decayed weight with which {@link #responseShare} leans towards an even share: half the weight of
     * one view ({@link InteractionWeights#OTHER_ENGAGEMENT}), so that any one interaction outweighs it and a user
     * whose little history all goes to one brand is not ranked as a spread one. One whole unit (an order's weight)
     * shrank such users' shares by half; on the demo's market that lost 4-5% of value pacing's planted gain
     * (docs/benchmarks.md, "Incremental GMV and pacing", item 10).
     */
    public static final double SHARE_SMOOTHING = 0.05;

    private static final double DAY_MILLIS = 86_400_000.0;

    private final OwnBrands own;
    private final long time;
    private final BrandSide side;
    private final float[] factors;
    private final Map<String, Integer> ownIndex;
    private final int[] ownRank;
    private final long userOrders;
    private final double userEngagement;
    private final double userShareWeight;
    private final CoocTable cooc;
    private final double coocBest;
    private final double affinityMean;
    private final double affinityStd;

    private RankerFeatures(OwnBrands own, long time, BrandSide side, float[] factors) {
        this.own = own;
        this.time = time;
        this.side = side;
        this.factors = factors;
        ownIndex = new HashMap<>(own.size * 2);
        long orders = 0;
        double engagement = 0;
        double[] als = new double[own.size];
        int[] index = new int[own.size];
        int entries = 0;
        for (int i = 0; i < own.size; i++) {
            index[i] = side.indexOf(own.brands[i]);
            entries += index[i] < 0 ? 0 : side.neighbours(index[i]).length;
        }
        cooc = new CoocTable(entries);
        for (int i = 0; i < own.size; i++) {
            ownIndex.put(own.brands[i], i);
            orders += own.orders[i];
            engagement += own.engagement[i];
            int b = index[i];
            als[i] = Double.NaN; // computed only if the brand ties another on confidence
            if (b >= 0) {
                int[] next = side.neighbours(b);
                double[] sim = side.similarity(b);
                for (int k = 0; k < next.length; k++) {
                    cooc.add(next[k], own.confidence[i] * sim[k], sim[k]);
                }
            }
        }
        userOrders = orders;
        userEngagement = engagement;
        double shareWeight = 0;
        for (int i = 0; i < own.size; i++) {
            shareWeight += shareWeight(i);
        }
        userShareWeight = shareWeight;
        double best = 0;
        for (int n = 0; n < cooc.size(); n++) {
            best = Math.max(best, cooc.sum(cooc.brand(n)));
        }
        coocBest = best;
        double[] spread = side.affinitySpread(factors);
        affinityMean = spread[0];
        affinityStd = spread[1];
        Integer[] order = new Integer[own.size];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            if (own.confidence[x] != own.confidence[y]) {
                return Double.compare(own.confidence[y], own.confidence[x]);
            }
            double ax = ownAffinity(als, index, x);
            double ay = ownAffinity(als, index, y);
            return ax != ay ? Double.compare(ay, ax) : own.brands[x].compareTo(own.brands[y]);
        });
        ownRank = new int[own.size];
        for (int r = 0; r < order.length; r++) {
            ownRank[order[r]] = r + 1;
        }
    }

    private double ownAffinity(double[] als, int[] index, int i) {
        if (Double.isNaN(als[i])) {
            als[i] = index[i] < 0 ? 0 : side.affinity(factors, index[i]);
        }
        return als[i];
    }

    /**
     * @param own the user's own brands at {@code time}
     * @param factors the user's ALS factors, or null for a user ALS does not know
     */
    public static RankerFeatures of(OwnBrands own, long time, BrandSide side, float[] factors) {
        return new RankerFeatures(own, time, side, factors);
    }

    /** Co-occurrence score per brand index, for the brands that have one. */
    public Map<Integer, Double> coocScores() {
        Map<Integer, Double> scores = new HashMap<>(cooc.size() * 2);
        for (int n = 0; n < cooc.size(); n++) {
            scores.put(cooc.brand(n), cooc.sum(cooc.brand(n)));
        }
        return scores;
    }

    public boolean isOwn(String brand) {
        return ownIndex.containsKey(brand);
    }

    /**
     * The brand's share of the user's decayed buying (each order once, engagements by kind: {@link #shareWeight}),
     * smoothed towards an even share of the model's brands with {@value #SHARE_SMOOTHING} units of weight:
     * {@code (w_b + m / brands) / (w_user + m)}. It estimates what a route into the brand's room yields: the user
     * is already active when routed, so how likely they buy there follows how much of their buying goes to this
     * brand, not how much they buy in all (which the purchase probability also carries). Value-aware pacing
     * ranks a brand's proposals by it.
     */
    public double responseShare(String brand) {
        Integer i = ownIndex.get(brand);
        double weight = i == null ? 0 : shareWeight(i);
        return (weight + SHARE_SMOOTHING / Math.max(1, side.size())) / (userShareWeight + SHARE_SMOOTHING);
    }

    /**
     * What one own brand counts towards {@link #responseShare}: its decayed order count plus its decayed
     * engagement where the order count is known (the stream's {@link OwnHistory}), else its decayed weight.
     * Orders count once each, not by amount: an order's amount says more about the brand's prices than about
     * how much of the user's buying goes to the brand.
     */
    private double shareWeight(int i) {
        double count = own.orderCount[i];
        return Double.isNaN(count) ? own.confidence[i] : Math.max(0, count) + own.engagement[i];
    }

    /** The features of {@code brand} for this user, in the order of {@link #NAMES}. */
    public double[] of(String brand) {
        int b = side.indexOf(brand);
        Integer i = ownIndex.get(brand);
        double als = b < 0 ? 0 : side.affinity(factors, b);
        double confidence = i == null ? 0 : own.confidence[i];
        long orders = i == null ? 0 : own.orders[i];
        double engagement = i == null ? 0 : own.engagement[i];
        return new double[] {
            als,
            Math.log1p(confidence),
            i == null ? own.size + 1 : ownRank[i],
            Math.log1p(orders),
            userOrders > 0 ? (double) orders / userOrders : 0.0,
            Math.log1p(engagement),
            userEngagement > 0 ? engagement / userEngagement : 0.0,
            i == null ? NEVER_DAYS : (time - own.lastTime[i]) / DAY_MILLIS,
            b < 0 ? 0.0 : cooc.sum(b),
            b < 0 ? 0.0 : side.logPopularity(b),
            b < 0 || affinityStd <= 0 ? 0.0 : (als - affinityMean) / affinityStd,
            b < 0 || coocBest <= 0 ? 0.0 : cooc.sum(b) / coocBest,
            b < 0 ? 0.0 : cooc.max(b)
        };
    }
}
