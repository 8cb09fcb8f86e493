package io.chuanliu.generator.market;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The static world of a synthetic market: users and brands with planted taste vectors, experts who
 * distribute a few brands each and whom users follow by taste, brands' items and prices.
 *
 * <p>The planted preference of user u for brand b is the probability that u's next expert order
 * goes to b: the sum over the experts u follows of P(expert | u) * P(b | u, expert), where both
 * factors are softmaxes of taste dot products. {@link #plantedPreference(int)} computes it exactly.
 */
public final class Market {

    private static final double FOLLOW_TEMPERATURE = 0.7;
    private static final double BRAND_TEMPERATURE = 0.5;

    private final MarketConfig config;
    private final float[][] userTaste;
    private final float[] userActivity;
    private final float[][] brandTaste;
    private final float[] brandPopularity;
    private final int[] brandItemCount;
    private final int[][] expertBrands;
    private final int[][] userExperts;
    private final double[][] userExpertWeights;

    public Market(MarketConfig config) {
        this.config = config;
        int k = config.latentDim();
        SplittableRandom random = Seeds.stream(config.seed(), 1);
        brandTaste = new float[config.brands()][];
        brandPopularity = new float[config.brands()];
        brandItemCount = new int[config.brands()];
        for (int b = 0; b < config.brands(); b++) {
            brandTaste[b] = taste(random, k);
            brandPopularity[b] = (float) (0.8 * Seeds.gaussian(random));
            brandItemCount[b] = 5 + random.nextInt(26);
        }
        float[][] expertTaste = new float[config.experts()][];
        expertBrands = new int[config.experts()][];
        for (int e = 0; e < config.experts(); e++) {
            expertTaste[e] = taste(random, k);
            expertBrands[e] = distributedBrands(random, expertTaste[e]);
        }
        userTaste = new float[config.users()][];
        userActivity = new float[config.users()];
        userExperts = new int[config.users()][];
        userExpertWeights = new double[config.users()][];
        for (int u = 0; u < config.users(); u++) {
            SplittableRandom userRandom = Seeds.stream(config.seed(), 2, u);
            userTaste[u] = taste(userRandom, k);
            userActivity[u] = (float) Math.exp(0.6 * Seeds.gaussian(userRandom) - 0.18);
            followExperts(u, userRandom, expertTaste);
        }
    }

    private static float[] taste(SplittableRandom random, int k) {
        float[] v = new float[k];
        double scale = 1.6 / Math.sqrt(k);
        for (int i = 0; i < k; i++) {
            v[i] = (float) (Seeds.gaussian(random) * scale);
        }
        return v;
    }

    private int[] distributedBrands(SplittableRandom random, float[] expertTaste) {
        int count = Math.min(config.brands(), 4 + random.nextInt(7));
        double[] weights = new double[config.brands()];
        for (int b = 0; b < weights.length; b++) {
            weights[b] = Math.exp(2 * dot(expertTaste, brandTaste[b]) + brandPopularity[b]);
        }
        int[] chosen = new int[count];
        for (int i = 0; i < count; i++) {
            double total = Arrays.stream(weights).sum();
            int b = Seeds.pick(random, weights, total);
            chosen[i] = b;
            weights[b] = 0;
        }
        Arrays.sort(chosen);
        return chosen;
    }

    private void followExperts(int u, SplittableRandom random, float[][] expertTaste) {
        int count = Math.min(config.experts(), 3 + random.nextInt(5));
        double[] weights = new double[config.experts()];
        for (int e = 0; e < weights.length; e++) {
            weights[e] = Math.exp(dot(userTaste[u], expertTaste[e]) / FOLLOW_TEMPERATURE);
        }
        int[] followed = new int[count];
        double[] followWeights = new double[count];
        for (int i = 0; i < count; i++) {
            double total = Arrays.stream(weights).sum();
            int e = Seeds.pick(random, weights, total);
            followed[i] = e;
            followWeights[i] = weights[e];
            weights[e] = 0;
        }
        userExperts[u] = followed;
        userExpertWeights[u] = followWeights;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    public MarketConfig config() {
        return config;
    }

    public int users() {
        return config.users();
    }

    public int brands() {
        return config.brands();
    }

    public int experts() {
        return config.experts();
    }

    float activity(int user) {
        return userActivity[user];
    }

    int[] followedExperts(int user) {
        return userExperts[user];
    }

    double[] followWeights(int user) {
        return userExpertWeights[user];
    }

    public int[] expertBrands(int expert) {
        return expertBrands[expert];
    }

    int itemCount(int brand) {
        return brandItemCount[brand];
    }

    /** Unnormalised weight of brand b among an expert's brands for user u. */
    double brandWeight(int user, int brand) {
        return Math.exp((dot(userTaste[user], brandTaste[brand]) + brandPopularity[brand]) / BRAND_TEMPERATURE);
    }

    /** Price of an item in fen: a brand-level price band, varied per item. */
    long priceCents(int brand, int item) {
        SplittableRandom r = Seeds.stream(config.seed(), 3, brand, item);
        double yuan =
                Math.exp(4.0 + 0.5 * Seeds.gaussian(Seeds.stream(config.seed(), 4, brand)) + 0.3 * Seeds.gaussian(r));
        return Math.max(100, Math.round(yuan * 100));
    }

    /** P(next expert order of user goes to brand), for every brand; sums to 1. */
    public double[] plantedPreference(int user) {
        double[] preference = new double[config.brands()];
        int[] followed = userExperts[user];
        double[] weights = userExpertWeights[user];
        double followTotal = Arrays.stream(weights).sum();
        for (int i = 0; i < followed.length; i++) {
            int[] brands = expertBrands[followed[i]];
            double[] w = new double[brands.length];
            double total = 0;
            for (int j = 0; j < brands.length; j++) {
                w[j] = brandWeight(user, brands[j]);
                total += w[j];
            }
            for (int j = 0; j < brands.length; j++) {
                preference[brands[j]] += weights[i] / followTotal * w[j] / total;
            }
        }
        return preference;
    }

    /** The brand's live sessions on a day (day 0 is the first history day), in start order. */
    public List<SessionPlan> sessionsOn(int brand, int day) {
        SplittableRandom r = Seeds.stream(config.seed(), 5, brand, day);
        List<SessionPlan> plans = new ArrayList<>(2);
        if (r.nextDouble() < 0.3) {
            int startMinute = 14 * 60 + r.nextInt(120);
            plans.add(new SessionPlan(brand, day, 0, startMinute, 90 + r.nextInt(60)));
        }
        if (r.nextDouble() < 0.75) {
            int startMinute = 19 * 60 + r.nextInt(150);
            plans.add(new SessionPlan(brand, day, 1, startMinute, 120 + r.nextInt(120)));
        }
        return plans;
    }

    public static String userId(int user) {
        return "u" + pad(user, 7);
    }

    public static String brandId(int brand) {
        return "b" + pad(brand, 4);
    }

    public static String expertId(int expert) {
        return "e" + pad(expert, 4);
    }

    public static String itemId(int brand, int item) {
        return brandId(brand) + "-i" + pad(item, 2);
    }

    /** Zero-padded decimal; String.format is too slow for millions of ids. */
    private static String pad(int value, int width) {
        String digits = Integer.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    /**
     * One planned broadcast of a brand's room.
     *
     * @param slot 0 for the afternoon session, 1 for the evening one
     * @param startMinute minutes after local midnight
     */
    public record SessionPlan(int brand, int day, int slot, int startMinute, int durationMinutes) {

        public String sessionId() {
            return brandId(brand) + "-d" + day + "-s" + slot;
        }

        public boolean covers(int minuteOfDay) {
            return minuteOfDay >= startMinute && minuteOfDay < startMinute + durationMinutes;
        }
    }
}
