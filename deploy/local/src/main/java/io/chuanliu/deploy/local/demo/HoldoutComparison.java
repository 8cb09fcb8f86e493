package io.chuanliu.deploy.local.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chuanliu.common.events.Conversion;
import java.util.List;

/**
 * Routed users against held-out users: both were chosen by the same rules, only the routed ones
 * were shown the room. GMV per chosen user of each group, and the routed group's lift over the
 * hold-out.
 */
public record HoldoutComparison(
        @JsonProperty("routed_decisions") long routedDecisions,
        @JsonProperty("holdout_decisions") long holdoutDecisions,
        @JsonProperty("routed_conversions") long routedConversions,
        @JsonProperty("holdout_conversions") long holdoutConversions,
        @JsonProperty("routed_gmv_cents") long routedGmvCents,
        @JsonProperty("holdout_gmv_cents") long holdoutGmvCents,
        @JsonProperty("routed_gmv_per_decision_cents") double routedGmvPerDecision,
        @JsonProperty("holdout_gmv_per_decision_cents") double holdoutGmvPerDecision,
        @JsonProperty("incremental_gmv_lift") Double incrementalLift) {

    public static HoldoutComparison of(long routedDecisions, long holdoutDecisions, List<Conversion> conversions) {
        long routedConversions = conversions.stream()
                .filter(c -> c.group().equals(Conversion.ROUTED))
                .count();
        long holdoutConversions = conversions.size() - routedConversions;
        long routedGmv = conversions.stream()
                .filter(c -> c.group().equals(Conversion.ROUTED))
                .mapToLong(Conversion::amountCents)
                .sum();
        long holdoutGmv = conversions.stream()
                .filter(c -> c.group().equals(Conversion.HOLDOUT))
                .mapToLong(Conversion::amountCents)
                .sum();
        double routedPer = routedDecisions == 0 ? 0 : (double) routedGmv / routedDecisions;
        double holdoutPer = holdoutDecisions == 0 ? 0 : (double) holdoutGmv / holdoutDecisions;
        Double lift = holdoutPer > 0 ? routedPer / holdoutPer - 1 : null;
        return new HoldoutComparison(
                routedDecisions,
                holdoutDecisions,
                routedConversions,
                holdoutConversions,
                routedGmv,
                holdoutGmv,
                routedPer,
                holdoutPer,
                lift);
    }
}
