package io.chuanliu.stream.state;

/**
 * One expert's most telling recent signal that a user wants a brand: an order through the expert's
 * stream or video, or an engagement with it. Kept inside {@link BrandTouches}, serialised with the user state.
 */
public class ExpertTouch {

    /** The expert whose stream or video produced the signal. */
    public String expert;
    /** An order through the expert, or an engagement of one kind. */
    public TouchSource source;
    /** The order id, for expert orders. */
    public String orderId;
    /** 1 for an order; less for engagements. */
    public double strength;
    /** Event time of the signal. */
    public long eventTime;

    public ExpertTouch() {}

    public ExpertTouch(String expert, TouchSource source, String orderId, double strength, long eventTime) {
        this.expert = expert;
        this.source = source;
        this.orderId = orderId;
        this.strength = strength;
        this.eventTime = eventTime;
    }

    /** Strength discounted by age, with the window as a scale: exp(-2.3 * age / window), a tenth after a full window. */
    public double decayedAt(long time, long windowMillis) {
        return strength * Math.exp(-2.3 * (double) (time - eventTime) / windowMillis);
    }
}
