package io.chuanliu.stream.functions;

import io.chuanliu.stream.rules.RoutingRules;
import io.chuanliu.stream.state.ExpertTouch;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.metrics.Counter;

/**
 * Which expert touches may make a user eligible: only those through experts whose word-of-mouth
 * score (带货口碑分) reaches {@code routing.min-expert-score}, an unscored expert counting as
 * {@code routing.unscored-expert-score}.
 */
final class TrustedTouches {

    private TrustedTouches() {}

    /**
     * The candidates with only their trusted touches, their strength recomputed from those; a
     * candidate left without one is dropped and counted in {@code dropped}. Audience candidates (no
     * touches) are not candidates yet when this runs.
     */
    static List<Candidate> only(List<Candidate> candidates, ReadOnlyBroadcastState<String, Double> experts, RoutingRules rules,
            long t, long windowMillis, Counter dropped) throws Exception {
        if (candidates.isEmpty()) {
            return candidates;
        }
        List<Candidate> kept = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            int trusted = 0;
            for (ExpertTouch touch : c.touches) {
                trusted += isTrusted(touch, experts, rules) ? 1 : 0;
            }
            if (trusted == c.touches.length) {
                kept.add(c);
            } else if (trusted == 0) {
                dropped.inc();
            } else {
                ExpertTouch[] touches = new ExpertTouch[trusted];
                double strength = 0;
                int n = 0;
                for (ExpertTouch touch : c.touches) {
                    if (isTrusted(touch, experts, rules)) {
                        touches[n++] = touch;
                        strength = Math.max(strength, touch.decayedAt(t, windowMillis));
                    }
                }
                kept.add(new Candidate(c.brand, c.sessionId, touches, strength));
            }
        }
        return kept;
    }

    private static boolean isTrusted(ExpertTouch touch, ReadOnlyBroadcastState<String, Double> experts, RoutingRules rules)
            throws Exception {
        return rules.expertScore(experts.get(touch.expert)) >= rules.minExpertScore();
    }
}
