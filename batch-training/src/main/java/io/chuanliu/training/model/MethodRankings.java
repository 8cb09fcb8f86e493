package io.chuanliu.training.model;

import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.common.ranking.LinearRanker;
import io.chuanliu.common.ranking.OwnBrands;
import io.chuanliu.common.ranking.RankerFeatures;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.Row;

/**
 * One user's top k by every method the evaluation compares, from the one candidate pool
 * {@link UserCandidates} builds for the user, so that the test split ranks every method in one pass
 * over its users:
 *
 * <ul>
 *   <li>{@value #MODEL}: the pool by the ranker's purchase probability ({@link LinearRanker#probability}),
 *       ties by own confidence, then ALS score (both higher first), then brand;</li>
 *   <li>{@value #ALS}: the brands of highest affinity, the user's own brands left out when seen brands do
 *       not count, ties by brand;</li>
 *   <li>{@value #COOC}: the pool by co-occurrence score, then popularity, then brand;</li>
 *   <li>{@value #OWN_HISTORY}: the user's own brands by decayed weight, then the most popular brands;</li>
 *   <li>{@value #POPULARITY}: the brands with most buyers.</li>
 * </ul>
 *
 * When seen brands do not count, every method but ALS also leaves out every brand the user touched before
 * the cut-off (a touch whose weight decayed to nothing too), and the popularity baselines look
 * {@value #UNSEEN_POPULAR_DEPTH} brands further down the popularity list to fill k. Ties by brand follow the
 * brand side's order (brand names ascending).
 */
public final class MethodRankings {

    public static final String MODEL = "model";
    public static final String ALS = "als";
    public static final String COOC = "cooc";
    public static final String OWN_HISTORY = "own_history";
    public static final String POPULARITY = "popularity";

    /** Every method, the model first. */
    public static final List<String> METHODS = List.of(MODEL, ALS, COOC, OWN_HISTORY, POPULARITY);

    /** How far past k the own-history baseline reads the popularity list, and popularity does without seen brands. */
    static final int UNSEEN_POPULAR_DEPTH = 100;

    /** Own brands score above every popular brand by this much (popularity counts buyers). */
    static final double OWN_BRAND_BONUS = 1e6;

    private static final int ALS_SCORE = RankerFeatures.NAMES.indexOf("als_score");
    private static final int OWN_CONFIDENCE = RankerFeatures.NAMES.indexOf("own_confidence");
    private static final int COOC_SCORE = RankerFeatures.NAMES.indexOf("cooc_score");
    private static final int LOG_POPULARITY = RankerFeatures.NAMES.indexOf("log_popularity");

    /**
     * @param perSource candidates per source of the pool (at least k)
     * @param excludeSeen whether brands the user touched before the cut-off are left out
     */
    public record Settings(LinearRanker ranker, int perSource, boolean excludeSeen, int k) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Settings {
            if (perSource < k) {
                throw new IllegalArgumentException("perSource " + perSource + " is below k " + k);
            }
            ranker.requireComputable();
        }
    }

    /**
     * @param top per method in the order of {@link #METHODS}, brand indices best first (at most k)
     * @param modelScores the purchase probability of each of the model's top brands
     */
    public record Ranked(int[][] top, double[] modelScores) {}

    private MethodRankings() {}

    /**
     * @param own the user's (brand, confidence, orders, last_time, engagement) rows before {@code asOf}
     * @param factors the user's ALS factors, or null for a user ALS does not know
     * @param seen the brands the user touched before {@code asOf}; read only when seen brands do not count
     */
    public static Ranked rank(
            BrandSide side,
            Settings settings,
            long asOf,
            String user,
            List<Row> own,
            float[] factors,
            List<String> seen) {
        UserCandidates.Pool pool =
                UserCandidates.pool(side, settings.perSource(), settings.excludeSeen(), asOf, user, own, factors);
        Set<Integer> excluded = settings.excludeSeen() && seen != null ? UserCandidates.indices(side, seen) : Set.of();
        List<Integer> candidates = new ArrayList<>(pool.brands().size());
        Map<Integer, double[]> features = new HashMap<>();
        for (int b : pool.brands()) {
            if (!excluded.contains(b)) {
                candidates.add(b);
                features.put(b, pool.features().of(side.name(b)));
            }
        }
        int k = settings.k();
        Map<Integer, Double> probability = new HashMap<>();
        for (int b : candidates) {
            probability.put(b, settings.ranker().probability(features.get(b)));
        }
        int[] model = best(
                candidates,
                k,
                byValue(probability::get)
                        .thenComparing(byValue(b -> features.get(b)[OWN_CONFIDENCE]))
                        .thenComparing(byValue(b -> features.get(b)[ALS_SCORE])));
        int[] cooc = best(
                candidates,
                k,
                byValue(b -> features.get(b)[COOC_SCORE]).thenComparing(byValue(b -> features.get(b)[LOG_POPULARITY])));
        int[] als = Arrays.copyOf(pool.alsTop(), Math.min(k, pool.alsTop().length));
        double[] modelScores = new double[model.length];
        for (int i = 0; i < model.length; i++) {
            modelScores[i] = probability.get(model[i]);
        }
        return new Ranked(
                new int[][] {
                    model, als, cooc, ownHistory(side, pool.own(), excluded, k), popularity(side, settings, excluded)
                },
                modelScores);
    }

    /** The user's own brands by decayed weight, then popular brands to fill k. */
    private static int[] ownHistory(BrandSide side, OwnBrands own, Set<Integer> excluded, int k) {
        Map<Integer, Double> score = new HashMap<>();
        for (int i = 0; i < own.size(); i++) {
            score.merge(side.indexOf(own.brand(i)), own.confidence(i) + OWN_BRAND_BONUS, Math::max);
        }
        int[] popular = side.byPopularity();
        for (int i = 0; i < Math.min(k + UNSEEN_POPULAR_DEPTH, popular.length); i++) {
            score.merge(popular[i], (double) side.buyers(popular[i]), Math::max);
        }
        List<Integer> brands = new ArrayList<>(score.keySet());
        brands.removeAll(excluded);
        return best(brands, k, byValue(score::get));
    }

    private static int[] popularity(BrandSide side, Settings settings, Set<Integer> excluded) {
        int[] popular = side.byPopularity();
        int depth = Math.min(settings.k() + (settings.excludeSeen() ? UNSEEN_POPULAR_DEPTH : 0), popular.length);
        int[] top = new int[settings.k()];
        int n = 0;
        for (int i = 0; i < depth && n < top.length; i++) {
            if (!excluded.contains(popular[i])) {
                top[n++] = popular[i];
            }
        }
        return Arrays.copyOf(top, n);
    }

    /** Ascending by a value as SQL orders doubles: -0.0 equals 0.0. */
    private static Comparator<Integer> byValue(ToDoubleFunction<Integer> value) {
        return (x, y) -> {
            double a = value.applyAsDouble(x);
            double b = value.applyAsDouble(y);
            return a == b ? 0 : Double.compare(a, b);
        };
    }

    /**
     * The k brands ranked first by {@code higherFirst} (descending; equal values, -0.0 and 0.0 included,
     * tie), then by brand index.
     */
    private static int[] best(List<Integer> brands, int k, Comparator<Integer> higherFirst) {
        Integer[] sorted = brands.toArray(Integer[]::new);
        Arrays.sort(sorted, higherFirst.reversed().thenComparing(Comparator.naturalOrder()));
        int[] top = new int[Math.min(k, sorted.length)];
        for (int i = 0; i < top.length; i++) {
            top[i] = sorted[i];
        }
        return top;
    }
}
