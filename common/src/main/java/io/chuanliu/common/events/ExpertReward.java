package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Traffic credit for an expert whose buyer converted in the brand's own room after being routed.
 *
 * <p>A refund of the order within the refund window reverses the reward: a second record with its own
 * {@code reward_id}, {@code credit} negated, {@code reverses} naming the reward it cancels and
 * {@code event_time} the refund's. A reward's {@code reverses} is absent.
 *
 * @param credit this expert's share of the conversion, in 0..1; negative for a reversal
 * @param reverses the {@code reward_id} a reversal cancels; null for a reward
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExpertReward(
        @JsonProperty("reward_id") String rewardId,
        String expert,
        String brand,
        String user,
        @JsonProperty("decision_id") String decisionId,
        @JsonProperty("order_id") String orderId,
        @JsonProperty("order_amount_cents") long orderAmountCents,
        double credit,
        @JsonProperty("event_time") long eventTime,
        String reverses) {

    /** A reward (not a reversal). */
    public ExpertReward(
            String rewardId,
            String expert,
            String brand,
            String user,
            String decisionId,
            String orderId,
            long orderAmountCents,
            double credit,
            long eventTime) {
        this(rewardId, expert, brand, user, decisionId, orderId, orderAmountCents, credit, eventTime, null);
    }

    @JsonIgnore
    public boolean isReversal() {
        return reverses != null;
    }
}
