package io.chuanliu.stream.state;

/**
 * One expert's most telling recent signal that a user wants a brand: an order through the expert's
 * stream or video, or an engagement with it. Kept inside {@link BrandTouches}, serialised with the user state.
 */
public class ExpertTouch {

    public static final String EXPERT_ORDER = "expert_order";
    /** Every source the job writes, so that state can store an index instead of the text. */
    public static final String[] KNOWN_SOURCES = {EXPERT_ORDER, "engagement:like", "engagement:cart", "engagement:view"
    };

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

    public ExpertTouch() {}

    public ExpertTouch(String expert, String source, String orderId, double strength, long eventTime) {
        this.expert = expert;
        this.source = source;
        this.orderId = orderId;
        this.strength = strength;
        this.eventTime = eventTime;
    }

    /** The source of an engagement of this kind ({@code like}, {@code cart}, {@code view}). */
    public static String engagementSource(String kind) {
        for (int i = 1; i < KNOWN_SOURCES.length; i++) {
            if (KNOWN_SOURCES[i].endsWith(kind)
                    && KNOWN_SOURCES[i].length() == "engagement:".length() + kind.length()) {
                return KNOWN_SOURCES[i];
            }
        }
        return "engagement:" + kind;
    }

    /** Strength discounted by age, with the window as a scale: exp(-2.3 * age / window), a tenth after a full window. */
    public double decayedAt(long time, long windowMillis) {
        return strength * Math.exp(-2.3 * (double) (time - eventTime) / windowMillis);
    }
}
