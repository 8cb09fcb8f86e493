package io.chuanliu.common.ranking;

import java.util.Arrays;

/**
 * A user's own history per brand, kept incrementally: the decayed sum of every interaction's weight
 * ({@link InteractionWeights}), the decayed sum of engagements alone, the count of orders that were
 * not refunds, their decayed count (a refund takes one back), and the last interaction time. Sums are held at one reference time {@link #asOf} and
 * rescaled when it moves, so {@link #at} gives at any later time exactly what summing every
 * interaction's decayed weight would (training's {@code InteractionFeatures.userBrand}), up to
 * rounding. The stream keeps one per user; training builds the same view from its grouped rows.
 *
 * <p>At most {@link #MAX_BRANDS} brands are kept; past that the weakest is forgotten.
 */
public final class OwnHistory {

    public static final int MAX_BRANDS = 256;

    /** The time the sums are decayed to; {@link Long#MIN_VALUE} while empty. */
    public long asOf = Long.MIN_VALUE;

    public String[] brands = new String[0];
    public double[] confidence = new double[0];
    public double[] engagement = new double[0];
    public long[] orders = new long[0];
    public long[] lastTime = new long[0];
    /** Decayed count of orders, a refund counting minus one: how often, not how much, the user buys the brand. */
    public double[] orderCount = new double[0];

    /** An order of {@code amountYuan}; a refund subtracts its weight and does not count as an order. */
    public void order(String brand, double amountYuan, boolean refund, long time, double lambda) {
        add(brand, InteractionWeights.order(amountYuan, refund), false, !refund, time, lambda);
    }

    /** A like, cart, view or other engagement. */
    public void engagement(String brand, String kind, long time, double lambda) {
        add(brand, InteractionWeights.engagement(kind), true, false, time, lambda);
    }

    private void add(
            String brand, double weight, boolean isEngagement, boolean countsAsOrder, long time, double lambda) {
        if (time > asOf) {
            moveTo(time, lambda);
        }
        double decayed = weight * Decay.factor(lambda, asOf, time);
        int i = indexOf(brand);
        if (i < 0) {
            i = append(brand, time);
        }
        confidence[i] += decayed;
        if (isEngagement) {
            engagement[i] += decayed;
        } else {
            orderCount[i] += (countsAsOrder ? 1 : -1) * Decay.factor(lambda, asOf, time);
        }
        if (countsAsOrder) {
            orders[i]++;
        }
        lastTime[i] = Math.max(lastTime[i], time);
        if (brands.length > MAX_BRANDS) {
            forgetWeakest();
        }
    }

    private void moveTo(long time, double lambda) {
        if (asOf != Long.MIN_VALUE) {
            double f = Decay.factor(lambda, time, asOf);
            for (int i = 0; i < brands.length; i++) {
                confidence[i] *= f;
                engagement[i] *= f;
                orderCount[i] *= f;
            }
        }
        asOf = time;
    }

    private int indexOf(String brand) {
        for (int i = 0; i < brands.length; i++) {
            if (brands[i].equals(brand)) {
                return i;
            }
        }
        return -1;
    }

    private int append(String brand, long time) {
        int n = brands.length;
        brands = Arrays.copyOf(brands, n + 1);
        confidence = Arrays.copyOf(confidence, n + 1);
        engagement = Arrays.copyOf(engagement, n + 1);
        orders = Arrays.copyOf(orders, n + 1);
        lastTime = Arrays.copyOf(lastTime, n + 1);
        orderCount = Arrays.copyOf(orderCount, n + 1);
        brands[n] = brand;
        lastTime[n] = time;
        return n;
    }

    private void forgetWeakest() {
        int weakest = 0;
        for (int i = 1; i < brands.length; i++) {
            if (confidence[i] < confidence[weakest]) {
                weakest = i;
            }
        }
        int n = brands.length - 1;
        brands[weakest] = brands[n];
        confidence[weakest] = confidence[n];
        engagement[weakest] = engagement[n];
        orders[weakest] = orders[n];
        lastTime[weakest] = lastTime[n];
        orderCount[weakest] = orderCount[n];
        brands = Arrays.copyOf(brands, n);
        confidence = Arrays.copyOf(confidence, n);
        engagement = Arrays.copyOf(engagement, n);
        orders = Arrays.copyOf(orders, n);
        lastTime = Arrays.copyOf(lastTime, n);
        orderCount = Arrays.copyOf(orderCount, n);
    }

    /**
     * The brands with a positive decayed weight at {@code time} (training keeps the same ones), with
     * their sums decayed to {@code time}.
     */
    public OwnBrands at(long time, double lambda) {
        double f = asOf == Long.MIN_VALUE ? 1 : Decay.factor(lambda, time, asOf);
        int kept = 0;
        for (double c : confidence) {
            if (c > 0) {
                kept++;
            }
        }
        OwnBrands own = new OwnBrands(kept);
        for (int i = 0; i < brands.length; i++) {
            if (confidence[i] > 0) {
                own.add(brands[i], confidence[i] * f, orders[i], lastTime[i], engagement[i] * f, orderCount[i] * f);
            }
        }
        return own;
    }
}
