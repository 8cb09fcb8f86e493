package io.chuanliu.common.incrementality;

/**
 * What one group of decisions bought in the brand's room within the attribution window: the routed
 * decisions, or the held-out ones (chosen by the same rules, shown nothing). Plain sums, so that
 * snapshots of hours, brands and subtasks add up.
 *
 * @param decisions decisions of the group (converted or not)
 * @param conversions orders attributed to them
 * @param gmvCents GMV of those orders
 * @param orderValueSquares sum over those orders of (amount in cents) squared
 */
public record GroupOutcome(long decisions, long conversions, long gmvCents, double orderValueSquares) {

    public static final GroupOutcome NONE = new GroupOutcome(0, 0, 0, 0);

    public GroupOutcome {
        if (decisions < 0 || conversions < 0 || orderValueSquares < 0) {
            throw new IllegalArgumentException("negative group outcome: " + decisions + " decisions, " + conversions
                    + " conversions, " + orderValueSquares + " squares");
        }
    }

    /** Orders per decision; 0 without decisions. */
    public double conversionRate() {
        return decisions == 0 ? 0 : (double) conversions / decisions;
    }

    public GroupOutcome plus(GroupOutcome other) {
        return new GroupOutcome(
                decisions + other.decisions,
                conversions + other.conversions,
                gmvCents + other.gmvCents,
                orderValueSquares + other.orderValueSquares);
    }

    /** This group with one more decision. */
    public GroupOutcome withDecision() {
        return new GroupOutcome(decisions + 1, conversions, gmvCents, orderValueSquares);
    }

    /** This group with one more attributed order of {@code amountCents}. */
    public GroupOutcome withOrder(long amountCents) {
        return new GroupOutcome(
                decisions,
                conversions + 1,
                gmvCents + amountCents,
                orderValueSquares + (double) amountCents * amountCents);
    }
}
