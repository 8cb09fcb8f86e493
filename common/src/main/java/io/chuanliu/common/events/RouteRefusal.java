package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A proposal the brand's budget stage refused: the per-user stage had already counted it against
 * the user's caps (minimum gap, routes per day, routes per brand per day), and takes it back when
 * it reads this. Written by the routing job to {@code routing-refusals} and read back by it.
 * Idempotent: the route is identified by brand and activity time, so a duplicate undoes nothing.
 *
 * @param rule the rule that refused it: {@code budget_pacing} or {@code budget_exhausted}
 * @param activityTime event time of the activity the refused proposal was for
 * @param value what the route was expected to yield, as in {@link RoutingDecision#value()}; null if unknown
 */
public record RouteRefusal(
        @JsonProperty(value = "decision_id", required = true)
        String decisionId,

        @JsonProperty(required = true) String user,
        @JsonProperty(required = true) String brand,
        @JsonProperty(value = "session_id", required = true) String sessionId,
        @JsonProperty(required = true) String rule,

        @JsonProperty(value = "activity_time", required = true)
        long activityTime,

        Double value)
        implements Event {

    @Override
    public long eventTime() {
        return activityTime;
    }

    @Override
    public void validate(Validator v) {
        v.notBlank("decision_id", decisionId)
                .notBlank("user", user)
                .notBlank("brand", brand)
                .notBlank("session_id", sessionId)
                .notBlank("rule", rule)
                .eventTime(activityTime);
    }
}
