package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An order in a brand's own live room by a user the job chose for that brand within the attribution
 * window: routed, or held out (chosen, but deliberately not shown). Comparing the two groups gives
 * the incremental GMV of routing.
 *
 * @param group {@code routed} or {@code holdout}
 */
public record Conversion(
        @JsonProperty("decision_id") String decisionId,
        String user,
        String brand,
        String group,
        @JsonProperty("order_id") String orderId,
        @JsonProperty("amount_cents") long amountCents,
        @JsonProperty("decision_time") long decisionTime,
        @JsonProperty("event_time") long eventTime) {

    public static final String ROUTED = "routed";
    public static final String HOLDOUT = "holdout";
}
