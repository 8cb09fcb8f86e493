package io.chuanliu.stream.functions;

/**
 * How strongly a signal makes a user routable to a brand. An expert order is the reference; an
 * add-to-cart says more than a like, a like more than a long view. The decay makes a week-old order
 * count for about a tenth of a fresh one.
 */
public final class SignalStrength {

    public static final double EXPERT_ORDER = 1.0;

    private SignalStrength() {}

    public static double ofEngagement(String kind) {
        return switch (kind) {
            case "cart" -> 0.5;
            case "like" -> 0.3;
            default -> 0.15;
        };
    }

    /** Strength discounted by age, with the window as a scale: exp(-2.3 * age / window). */
    public static double decayed(double strength, long ageMillis, long windowMillis) {
        return strength * Math.exp(-2.3 * (double) ageMillis / windowMillis);
    }
}
