package io.chuanliu.stream.rules;

import io.chuanliu.stream.state.RouteHistory;

/**
 * The routing rules in the order they apply. For the user: opt-out, quiet hours, daily cap, minimum
 * gap; the first that holds stops the activity. Then for each candidate brand: the seller-score
 * threshold and the per-brand daily cap, which remove that brand only.
 */
public final class UserRules {

    /** Every rule this stage applies, in order: the suppression metrics it registers. */
    public static final Rule[] ALL = {
        Rule.OPT_OUT, Rule.QUIET_HOURS, Rule.DAILY_CAP, Rule.MIN_GAP, Rule.SELLER_SCORE, Rule.BRAND_DAILY_CAP
    };

    private final RoutingRules rules;

    public UserRules(RoutingRules rules) {
        this.rules = rules;
    }

    /**
     * The first rule that keeps the user from any route at {@code t}, or null.
     *
     * @param routes the user's routes, already moved to the local day of {@code t}
     */
    public Rule blockingUser(boolean optedOut, long t, RouteHistory routes) {
        if (optedOut) {
            return Rule.OPT_OUT;
        }
        if (rules.isQuiet(t)) {
            return Rule.QUIET_HOURS;
        }
        if (routes.routes >= rules.maxRoutesPerDay()) {
            return Rule.DAILY_CAP;
        }
        if (routes.routedWithin(t, rules.minGap().toMillis())) {
            return Rule.MIN_GAP;
        }
        return null;
    }

    /** The rule that keeps this brand from the user today, or null. */
    public Rule blockingBrand(double sellerScore, int routesToBrandToday) {
        if (sellerScore < rules.minSellerScore()) {
            return Rule.SELLER_SCORE;
        }
        if (routesToBrandToday >= rules.maxRoutesPerBrandPerDay()) {
            return Rule.BRAND_DAILY_CAP;
        }
        return null;
    }
}
