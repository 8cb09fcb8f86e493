package io.chuanliu.generator.market;

import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.ControlKind;
import java.util.SplittableRandom;

/** What the platform's operators set each day, on the control topic, drawn from the day's own random streams. */
final class DailyControls {

    /** Share of brands that set a daily budget of routed impressions; the others are unlimited. */
    private static final double BUDGETED_BRANDS = 0.5;
    /** Share of users who have opted out of routed live rooms. */
    private static final double OPTED_OUT_USERS = 0.01;

    private DailyControls() {}

    /**
     * Emits the operators' settings at local midnight: every brand's seller scores (about one brand
     * in ten under 60), daily budgets for half the brands (sized to the market: some run out in the
     * evening), the users who opted out, and every expert's word-of-mouth score.
     */
    static void emit(Market market, int day, long midnight, MarketEvents out) {
        MarketConfig config = market.config();
        SplittableRandom r = Seeds.stream(config.seed(), 20, day);
        double usersPerBrand = (double) config.users() / config.brands();
        for (int b = 0; b < market.brands(); b++) {
            String brand = Market.brandId(b);
            double product = Math.max(30, Math.min(100, 76 + 13 * Seeds.gaussian(r)));
            double shop = Math.max(30, Math.min(100, 84 + 8 * Seeds.gaussian(r)));
            out.control(new ControlEvent(
                    ControlKind.SELLER_SCORES,
                    null,
                    brand,
                    null,
                    Math.round(product * 10) / 10.0,
                    Math.round(shop * 10) / 10.0,
                    null,
                    null,
                    midnight));
            if (r.nextDouble() < BUDGETED_BRANDS) {
                long budget = Math.max(5, Math.round(usersPerBrand * (0.2 + 0.8 * r.nextDouble())));
                out.control(new ControlEvent(
                        ControlKind.BRAND_BUDGET, null, brand, null, null, null, null, budget, midnight));
            }
        }
        for (int u = 0; u < config.users(); u++) {
            if (r.nextDouble() < OPTED_OUT_USERS) {
                String user = Market.userId(u);
                out.control(new ControlEvent(ControlKind.OPT_OUT, user, null, null, null, null, null, null, midnight));
            }
        }
        // Experts' word-of-mouth scores (带货口碑分), about one in ten under 60, from their own random
        // stream so that the rest of the market is the same with or without them.
        SplittableRandom experts = Seeds.stream(config.seed(), 21, day);
        for (int e = 0; e < market.experts(); e++) {
            double wordOfMouth = Math.max(30, Math.min(100, 75 + 11 * Seeds.gaussian(experts)));
            out.control(new ControlEvent(
                    ControlKind.SELLER_SCORES,
                    null,
                    null,
                    Market.expertId(e),
                    null,
                    null,
                    Math.round(wordOfMouth * 10) / 10.0,
                    null,
                    midnight));
        }
    }
}
