package io.chuanliu.stream.state;

/**
 * What attribution remembers of one brand-room order, by order id, for as long as a refund can
 * reverse it: that it was seen (so a duplicate is dropped), whether it was refunded, and the rewards
 * it paid (so a refund can reverse exactly those). A Flink POJO.
 */
public class BrandRoomOrder {

    /** The order's event time; for a refund that arrived before its order, the refund's. */
    public long eventTime;

    public boolean refunded;
    /** The rewards paid for the order, in the order they were emitted; empty when none. */
    public String[] rewardIds = new String[0];

    public String[] experts = new String[0];
    public double[] credits = new double[0];
    public String brand;
    /** The decision the order converted; null while it has converted none. */
    public String decisionId;

    public long amountCents;

    public BrandRoomOrder() {}

    public static BrandRoomOrder seen(long eventTime) {
        BrandRoomOrder o = new BrandRoomOrder();
        o.eventTime = eventTime;
        return o;
    }

    public boolean paidRewards() {
        return rewardIds.length > 0;
    }
}
