package io.chuanliu.common.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A purchase of a brand's item. Through an expert ({@code expert_live}, {@code expert_video}) it
 * makes the buyer routable to the brand's room; in the brand's own room ({@code brand_live}) it is
 * a conversion.
 *
 * @param amountCents the paid amount in fen (1/100 CNY)
 * @param eventTime epoch milliseconds
 * @param refund whether this order was refunded (a negative signal)
 */
public record ExpertOrder(
        @JsonProperty(value = "order_id", required = true) String orderId,
        @JsonProperty(required = true) String user,
        @JsonProperty(required = true) String brand,
        @JsonProperty(required = true) String item,
        String expert,
        @JsonProperty(required = true) OrderChannel channel,

        @JsonProperty(value = "amount_cents", required = true)
        long amountCents,

        @JsonProperty(required = true) int quantity,
        @JsonProperty(value = "event_time", required = true) long eventTime,
        boolean refund)
        implements Event {

    @Override
    public void validate(Validator v) {
        v.notBlank("order_id", orderId)
                .notBlank("user", user)
                .notBlank("brand", brand)
                .notBlank("item", item)
                .nonNegative("amount_cents", amountCents)
                .positive("quantity", quantity)
                .present("channel", channel)
                .eventTime(eventTime);
        if (channel != null && channel.isExpertDistribution()) {
            v.notBlank("expert", expert);
        }
    }
}
