package io.chuanliu.stream.records;

import io.chuanliu.common.events.RoutingDecision;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What the per-user stage chose for one activity, on its way to the brand's budget: a routing
 * decision if the budget admits it, or, for a held-out user, the decision that would have been made
 * (shown to nobody, kept to measure conversions without routing). Serialised by {@link ProposalSerializer}.
 */
@TypeInfo(ProposalSerializer.Factory.class)
public class Proposal {

    public String decisionId;
    public String user;
    public String brand;
    public String sessionId;
    public double score;
    /**
     * What the route is expected to yield, by which value-aware pacing ranks the brand's proposals: with a model,
     * the brand's smoothed share of the user's buying ({@code RankerFeatures#responseShare}); without one, the score.
     */
    public double value;
    /** {@code expert_order:<expert>}, {@code engagement:<kind>:<expert>}, {@code reminder:} before either of those or {@code audience:<model version>}. */
    public String reason;
    /** The last-touch expert, or null for an audience route. */
    public String expert;
    /** Experts whose distribution made the user eligible, with their shares of the credit (summing to 1). */
    public String[] experts = new String[0];

    public double[] shares = new double[0];
    public long activityTime;
    public long parsedAt;
    public boolean holdout;

    public Proposal() {}

    public RoutingDecision toDecision(long decidedAt) {
        return new RoutingDecision(
                decisionId, user, brand, sessionId, score, knownValue(), reason, expert, activityTime, decidedAt);
    }

    /** The value as the output events carry it: null where it is not a number. */
    public Double knownValue() {
        return Double.isNaN(value) ? null : value;
    }

    @Override
    public String toString() {
        return "Proposal{" + user + "->" + brand + "@" + activityTime + (holdout ? ", holdout" : "") + ", " + reason
                + "}";
    }
}
