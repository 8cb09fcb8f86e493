package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chuanliu.common.incrementality.GroupOutcome;
import io.chuanliu.common.incrementality.IncrementalGmv;
import java.util.Map;
import java.util.Optional;

/**
 * One brand's routing on one local day, as the routing job knows it so far: a snapshot, written to
 * {@code routing-stats} keyed by brand and day, so the latest record of a key replaces the earlier
 * ones (the topic is compacted). Decisions, refusals and conversions count on the day of their
 * decision; {@code last} marks the snapshot written when the day's attribution closed.
 *
 * @param day local day (ISO date) in the job's zone
 * @param asOf the latest event time counted
 * @param routes routed decisions (each spends one unit of a budget)
 * @param holdouts held-out decisions: chosen by the same rules and budget, not shown
 * @param refusals proposals refused by the budget stage, by rule
 * @param dailyBudget the brand's daily budget in routes when written; null if it has none
 * @param incrementalGmvCents {@link IncrementalGmv#cents()}; null below two decisions in a group, as are the next three
 */
public record RoutingStats(
        String brand,
        String day,
        @JsonProperty("as_of") long asOf,
        boolean last,
        long routes,
        long holdouts,
        Map<String, Long> refusals,
        @JsonProperty("daily_budget") Long dailyBudget,
        @JsonProperty("routed_conversions") long routedConversions,
        @JsonProperty("routed_gmv_cents") long routedGmvCents,
        @JsonProperty("routed_order_value_squares") double routedOrderValueSquares,
        @JsonProperty("holdout_conversions") long holdoutConversions,
        @JsonProperty("holdout_gmv_cents") long holdoutGmvCents,
        @JsonProperty("holdout_order_value_squares") double holdoutOrderValueSquares,
        @JsonProperty("incremental_gmv_cents") Double incrementalGmvCents,
        @JsonProperty("incremental_gmv_se_cents") Double incrementalGmvSeCents,
        @JsonProperty("incremental_gmv_low_cents") Double incrementalGmvLowCents,
        @JsonProperty("incremental_gmv_high_cents") Double incrementalGmvHighCents) {

    /** The snapshot of these sums, with the estimate computed from them. */
    public static RoutingStats of(
            String brand,
            String day,
            long asOf,
            boolean last,
            Map<String, Long> refusals,
            Long dailyBudget,
            GroupOutcome routed,
            GroupOutcome holdout) {
        Optional<IncrementalGmv> lift = IncrementalGmv.of(routed, holdout);
        return new RoutingStats(
                brand,
                day,
                asOf,
                last,
                routed.decisions(),
                holdout.decisions(),
                Map.copyOf(refusals),
                dailyBudget,
                routed.conversions(),
                routed.gmvCents(),
                routed.orderValueSquares(),
                holdout.conversions(),
                holdout.gmvCents(),
                holdout.orderValueSquares(),
                lift.map(IncrementalGmv::cents).orElse(null),
                lift.map(IncrementalGmv::standardErrorCents).orElse(null),
                lift.map(IncrementalGmv::lowCents).orElse(null),
                lift.map(IncrementalGmv::highCents).orElse(null));
    }

    public GroupOutcome routed() {
        return new GroupOutcome(routes, routedConversions, routedGmvCents, routedOrderValueSquares);
    }

    public GroupOutcome holdout() {
        return new GroupOutcome(holdouts, holdoutConversions, holdoutGmvCents, holdoutOrderValueSquares);
    }

    /** The record's key on the topic. */
    public String key() {
        return brand + "|" + day;
    }
}
