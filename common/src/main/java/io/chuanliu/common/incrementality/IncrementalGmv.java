package io.chuanliu.common.incrementality;

import java.util.Optional;

/**
 * The GMV that routing added: the orders the routed decisions led to beyond what the same decisions
 * would have led to without a route, estimated by the hold-out (users are assigned to the groups by
 * a hash of their id, so the hold-out is a random sample of the same population), valued at the
 * mean order value of both groups:
 *
 * <pre>
 *   estimate = n_routed x v x (r_routed - r_holdout)
 * </pre>
 *
 * where {@code r} is orders per decision and {@code v} the mean amount of all the brand's attributed
 * orders. Its 95% interval is normal, with the variance of the rates taken as Poisson on counts
 * smoothed by one order and two decisions per group (so a hold-out that happened to see no order
 * still counts as uncertain) plus the variance of {@code v}.
 *
 * <p>Why this form and not a difference of GMV per decision: orders are rare and their amounts
 * skewed, so GMV per decision of a small hold-out is mostly zeros and a few large values, and a
 * Welch interval on it covered a planted effect in only 89% of simulated markets (900 routed, 100
 * held out, 3% organic and 5% routed purchase rates). Counting orders per group and pricing them
 * from both groups covers it in 94-99% across the sizes and rates in {@code IncrementalGmvTest}.
 * It assumes an order placed because of a route is worth what other orders in the room are worth.
 * Decisions are treated as independent; a user decided for twice in one window makes the interval
 * slightly too narrow.
 *
 * @param cents the estimate
 * @param standardErrorCents its standard error
 * @param lowCents lower end of the 95% interval
 * @param highCents upper end
 */
public record IncrementalGmv(double cents, double standardErrorCents, double lowCents, double highCents) {

    /** The two-sided 95% quantile of the standard normal distribution. */
    public static final double Z95 = 1.959963984540054;

    /** The estimate for one brand, or for the platform from summed groups; empty without decisions in a group or any order. */
    public static Optional<IncrementalGmv> of(GroupOutcome routed, GroupOutcome holdout) {
        long orders = routed.conversions() + holdout.conversions();
        if (routed.decisions() == 0 || holdout.decisions() == 0 || orders == 0) {
            return Optional.empty();
        }
        double n = routed.decisions();
        double value = (double) (routed.gmvCents() + holdout.gmvCents()) / orders;
        double valueVarianceOfMean = orders < 2
                ? value * value
                : Math.max(
                                0,
                                (routed.orderValueSquares() + holdout.orderValueSquares() - orders * value * value)
                                        / (orders - 1))
                        / orders;
        double rateDifference = routed.conversionRate() - holdout.conversionRate();
        double estimate = n * value * rateDifference;
        double variance = n
                * n
                * (value * value * (smoothedRateVariance(routed) + smoothedRateVariance(holdout))
                        + rateDifference * rateDifference * valueVarianceOfMean);
        double se = Math.sqrt(variance);
        return Optional.of(new IncrementalGmv(estimate, se, estimate - Z95 * se, estimate + Z95 * se));
    }

    /** Variance of a group's orders per decision, Poisson on its counts plus one order in two more decisions. */
    private static double smoothedRateVariance(GroupOutcome group) {
        double smoothedRate = (group.conversions() + 1.0) / (group.decisions() + 2.0);
        return smoothedRate / group.decisions();
    }

    /** Whether {@code value} lies in the 95% interval (ends included). */
    public boolean covers(double value) {
        return value >= lowCents && value <= highCents;
    }
}
