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
    /** Every response comes at least this long after its decision. */
    static final long DELAY_OFFSET_MILLIS = 1_000;

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
     * The planted truth of what one routed decision adds: the GMV, in cents, that {@link #respond}
     * yields on average for this user and brand, counting only orders placed within
     * {@code windowMillis} of the decision (what an attribution window of that length can see).
     * Summed over a brand's routed decisions, it is the brand's expected incremental GMV.
     */
    public double expectedIncrementalCents(String userId, String brandId, long windowMillis) {
        int user = index(userId, 'u');
        int brand = index(brandId, 'b');
        requireKnown("an expectation", userId, brandId, user, brand);
        return purchaseProbability(user, brand) * expectedOrderCents(brand) * withinWindow(windowMillis);
    }

    /** Mean amount of a response order: the item drawn as in {@link #respond}, one unit in 80%, two in 20%. */
    double expectedOrderCents(int brand) {
        int items = market.itemCount(brand);
        double price = 0;
        for (int item = 0; item < items; item++) {
            double chance = Math.sqrt((item + 1.0) / items) - Math.sqrt((double) item / items);
            price += chance * market.priceCents(brand, item);
        }
        return price * (0.8 * 1 + 0.2 * 2);
    }

    /** Chance that the response's delay (exponential, plus one second) is within the window. */
    static double withinWindow(long windowMillis) {
        double exponentialPart = windowMillis - DELAY_OFFSET_MILLIS;
        return exponentialPart <= 0 ? 0 : 1 - Math.exp(-exponentialPart / (MEAN_DELAY_MINUTES * 60_000));
    }

    /**
     * The order the routed user places in the brand's room, if any.
     *
     * @param decisionTime event time of the decision (its activity's time)
     */
    public Optional<ExpertOrder> respond(String decisionId, String userId, String brandId, long decisionTime) {
        int user = index(userId, 'u');
        int brand = index(brandId, 'b');
        requireKnown("decision " + decisionId, userId, brandId, user, brand);
        SplittableRandom r = Seeds.stream(market.config().seed(), 20, decisionId.hashCode(), user, brand);
        if (r.nextDouble() >= purchaseProbability(user, brand)) {
            return Optional.empty();
        }
        long delayMillis = (long) (-Math.log(1 - r.nextDouble()) * MEAN_DELAY_MINUTES * 60_000) + DELAY_OFFSET_MILLIS;
        int item = (int) Math.floor(Math.pow(r.nextDouble(), 2) * market.itemCount(brand));
        int quantity = r.nextDouble() < 0.8 ? 1 : 2;
        return Optional.of(new ExpertOrder(
                "r-" + decisionId,
                userId,
                brandId,
                Market.itemId(brand, item),
                null,
                OrderChannel.BRAND_LIVE,
                market.priceCents(brand, item) * quantity,
                quantity,
                decisionTime + delayMillis,
                false));
    }

    private void requireKnown(String what, String userId, String brandId, int user, int brand) {
        if (user < 0 || user >= market.users() || brand < 0 || brand >= market.brands()) {
            throw new IllegalArgumentException(what + " names " + userId + " / " + brandId + ", which this market ("
                    + market.users() + " users, " + market.brands() + " brands) does not have");
        }
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
