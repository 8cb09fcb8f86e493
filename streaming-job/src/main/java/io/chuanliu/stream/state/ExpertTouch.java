package io.chuanliu.stream.state;

/**
 * Why a user is routable to one brand: the strongest recent signal from an expert's distribution
 * (an order, or an engagement), and when the user was last routed to that brand. Per-user keyed
 * state, one entry per brand. A Flink POJO.
 */
public class ExpertTouch {

    /** The expert whose stream or video produced the signal. */
    public String expert;
    /** {@code expert_order} or {@code engagement:<kind>}. */
    public String source;
    /** The order id, for expert orders. */
    public String orderId;
    /** 1 for an order; less for engagements. */
    public double strength;
    /** Event time of the signal. */
    public long eventTime;
    /** Event time of the last route to this brand, or {@code Long.MIN_VALUE} if never. */
    public long routedAt = Long.MIN_VALUE;

    public ExpertTouch() {}

    public ExpertTouch(String expert, String source, String orderId, double strength, long eventTime) {
        this.expert = expert;
        this.source = source;
        this.orderId = orderId;
        this.strength = strength;
        this.eventTime = eventTime;
    }

    public boolean wasRouted() {
        return routedAt != Long.MIN_VALUE;
    }
}
