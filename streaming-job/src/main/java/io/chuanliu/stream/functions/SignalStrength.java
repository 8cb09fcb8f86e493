package io.chuanliu.stream.functions;

import io.chuanliu.common.events.EngagementKind;

/**
 * How strongly a signal makes a user routable to a brand. An expert order is the reference; an
 * add-to-cart says more than a like, a like more than a long view. Strengths decay with age
 * ({@link io.chuanliu.stream.state.ExpertTouch#decayedAt}): a week-old order counts for about a tenth
 * of a fresh one.
 */
public final class SignalStrength {

    public static final double EXPERT_ORDER = 1.0;

    private SignalStrength() {}

    public static double ofEngagement(EngagementKind kind) {
        return switch (kind) {
            case CART -> 0.5;
            case LIKE -> 0.3;
            case VIEW -> 0.15;
        };
    }
}
