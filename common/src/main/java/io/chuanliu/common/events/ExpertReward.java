package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Traffic credit for an expert whose buyer converted in the brand's own room after being routed.
 *
 * @param credit this expert's share of the conversion, in 0..1
 */
public record ExpertReward(
        @JsonProperty("reward_id") String rewardId,
        String expert,
        String brand,
        String user,
        @JsonProperty("decision_id") String decisionId,
        @JsonProperty("order_id") String orderId,
        @JsonProperty("order_amount_cents") long orderAmountCents,
        double credit,
        @JsonProperty("event_time") long eventTime) {}
