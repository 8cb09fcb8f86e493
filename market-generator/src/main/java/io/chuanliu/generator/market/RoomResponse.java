package io.chuanliu.generator.market;

import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.OrderChannel;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * How the synthetic market answers a routing decision: a user shown a brand's live room buys there
 * with a probability that grows with the user's planted preference for the brand, some minutes
 * later. This is the lift routing causes; the organic brand-room orders of the generated day
 * happen whether or not a user is routed, so a hold-out of users who are never routed sees only
 * those, and the difference between the two groups is the incremental GMV the job measures.
 *
 * <p>Deterministic: the same seed and decision id give the same answer.
 */
public final class RoomResponse {

    /** Purchase probability of a user with an average preference for the brand. */
    static final double BASE_PROBABILITY = 0.01;
    /** Added per unit of relative preference (preference x number of brands; 1 is average). */
    static final double PREFERENCE_SLOPE = 0.012;
    static final double MAX_PROBABILITY = 0.5;
    /** Mean minutes from the decision to the order; a few fall outside a 2 h attribution window. */
    static final double MEAN_DELAY_MINUTES = 25;

    private final Market market;

    public RoomResponse(Market market) {
        this.market = market;
    }

    /** Probability that {@code user} buys in {@code brand}'s room after being routed there. */
    public double purchaseProbability(int user, int brand) {
        double relative = market.plantedPreference(user)[brand] * market.brands();
        return Math.min(MAX_PROBABILITY, BASE_PROBABILITY + PREFERENCE_SLOPE * relative);
    }

    /**
     * The order the routed user places in the brand's room, if any.
     *
     * @param decisionTime event time of the decision (its activity's time)
     */
    public Optional<ExpertOrder> respond(String decisionId, String userId, String brandId, long decisionTime) {
        int user = index(userId, 'u');
        int brand = index(brandId, 'b');
        if (user < 0 || user >= market.users() || brand < 0 || brand >= market.brands()) {
            throw new IllegalArgumentException("decision " + decisionId + " names " + userId + " / " + brandId
                    + ", which this market (" + market.users() + " users, " + market.brands() + " brands) does not have");
        }
        SplittableRandom r = Seeds.stream(market.config().seed(), 20, decisionId.hashCode(), user, brand);
        if (r.nextDouble() >= purchaseProbability(user, brand)) {
            return Optional.empty();
        }
        long delayMillis = (long) (-Math.log(1 - r.nextDouble()) * MEAN_DELAY_MINUTES * 60_000) + 1_000;
        int item = (int) Math.floor(Math.pow(r.nextDouble(), 2) * market.itemCount(brand));
        int quantity = r.nextDouble() < 0.8 ? 1 : 2;
        return Optional.of(new ExpertOrder("r-" + decisionId, userId, brandId, Market.itemId(brand, item), null,
                OrderChannel.BRAND_LIVE, market.priceCents(brand, item) * quantity, quantity,
                decisionTime + delayMillis, false));
    }

    private static int index(String id, char prefix) {
        if (id == null || id.length() < 2 || id.charAt(0) != prefix) {
            return -1;
        }
        try {
            return Integer.parseInt(id, 1, id.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
