package io.chuanliu.stream.functions;

import io.chuanliu.stream.rules.RoutingRules;
import io.chuanliu.stream.state.ExpertTouch;
import java.util.ArrayList;
import java.util.Arrays;
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
    static List<Candidate> only(
            List<Candidate> candidates,
            ReadOnlyBroadcastState<String, Double> experts,
            RoutingRules rules,
            long t,
            long windowMillis,
            Counter dropped)
            throws Exception {
        List<Candidate> kept = null; // copied on the first candidate that changes; most activities change none
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            Candidate trusted = trusted(c, experts, rules, t, windowMillis);
            if (trusted == null) {
                dropped.inc();
            }
            if (trusted != c && kept == null) {
                kept = new ArrayList<>(candidates.subList(0, i));
            }
            if (kept != null && trusted != null) {
                kept.add(trusted);
            }
        }
        return kept == null ? candidates : kept;
    }

    /** The candidate itself if every touch is trusted, null if none is, else a copy with the trusted ones. */
    private static Candidate trusted(
            Candidate c, ReadOnlyBroadcastState<String, Double> experts, RoutingRules rules, long t, long windowMillis)
            throws Exception {
        ExpertTouch[] touches = new ExpertTouch[c.touches.length];
        int n = 0;
        double strength = 0;
        for (ExpertTouch touch : c.touches) {
            if (isTrusted(touch, experts, rules)) {
                touches[n++] = touch;
                strength = Math.max(strength, touch.decayedAt(t, windowMillis));
            }
        }
        if (n == c.touches.length) {
            return c;
        }
        return n == 0 ? null : new Candidate(c.brand, c.sessionId, Arrays.copyOf(touches, n), strength);
    }

    private static boolean isTrusted(
            ExpertTouch touch, ReadOnlyBroadcastState<String, Double> experts, RoutingRules rules) throws Exception {
        return rules.expertScore(experts.get(touch.expert)) >= rules.minExpertScore();
    }
}
