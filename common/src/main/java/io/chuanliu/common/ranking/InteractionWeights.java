package io.chuanliu.common.ranking;

import java.util.Locale;

/**
 * How much one interaction says about a user's interest in a brand: an order 1 + ln(1 + amount /
 * 100 yuan) (negative when refunded), a cart 0.5, a like 0.3, a view or any other engagement 0.1.
 * Training (for every input log without a weight column) and the stream's own-history state use
 * these same numbers.
 */
public final class InteractionWeights {

    public static final double CART = 0.5;
    public static final double LIKE = 0.3;
    public static final double OTHER_ENGAGEMENT = 0.1;

    private InteractionWeights() {}

    /** @param amountYuan the order's amount in yuan (0 when unknown) */
    public static double order(double amountYuan, boolean refund) {
        double weight = 1.0 + Math.log1p(amountYuan / 100.0);
        return refund ? -weight : weight;
    }

    /** @param kind an engagement kind, any case: cart, like, view or anything else */
    public static double engagement(String kind) {
        return switch (kind == null ? "" : kind.toLowerCase(Locale.ROOT)) {
            case "cart" -> CART;
            case "like" -> LIKE;
            default -> OTHER_ENGAGEMENT;
        };
    }
}
