package io.chuanliu.stream.functions;

/**
 * How strongly a signal makes a user routable to a brand. An expert order is the reference; an
 * add-to-cart says more than a like, a like more than a long view. Strengths decay with age
 * ({@link io.chuanliu.stream.state.ExpertTouch#decayedAt}): a week-old order counts for about a tenth
 * of a fresh one.
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

    /**
     * How the model's affinity scales a signal: 1 without a model (NaN), between 0.5 and 1.5 with one
     * (a logistic curve of the affinity, 1 at affinity 0), so the model reorders eligible brands but
     * never makes or unmakes eligibility.
     */
    public static double affinityFactor(double affinity) {
        return Double.isNaN(affinity) ? 1.0 : 0.5 + 1.0 / (1.0 + Math.exp(-affinity));
    }
}
