package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * "Show brand B's live room to user U now". At most one per user activity. The id is derived from
 * the inputs, so a replayed activity yields the same id and consumers can drop duplicates.
 *
 * @param reason why the user was chosen: {@code expert_order:<expert>}, {@code engagement:<kind>:<expert>},
 *     either of these behind {@code reminder:} for a go-live reminder, or {@code audience:<model version>}
 * @param value what the route was expected to yield when value-aware pacing chose it: the brand's smoothed share of
 *     the user's buying with a model, the score without one; null from jobs before it was written
 * @param expert the expert whose distribution made the user eligible, if any
 * @param activityTime event time of the activity that opened the traffic slot
 * @param decidedAt processing time of the decision, for latency measurement
 */
public record RoutingDecision(
        @JsonProperty("decision_id") String decisionId,
        String user,
        String brand,
        @JsonProperty("session_id") String sessionId,
        double score,
        Double value,
        String reason,
        String expert,
        @JsonProperty("activity_time") long activityTime,
        @JsonProperty("decided_at") long decidedAt) {}
