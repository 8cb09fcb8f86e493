package io.chuanliu.stream.functions;

import io.chuanliu.common.ranking.RankerFeatures;
import io.chuanliu.stream.rules.Rule;
import io.chuanliu.stream.state.ExpertTouch;

/** One live brand a user could be routed to for one activity; short-lived, never serialised. */
final class Candidate {

    final String brand;
    final String sessionId;
    /** Valid expert touches, or empty for a look-alike audience candidate. */
    final ExpertTouch[] touches;

    final double strength;
    /** What ranks the candidates: the purchase probability (or touch strength without a model) times the seller factor. */
    double score;
    /** The served ranker's purchase probability, NaN without a model. */
    double probability = Double.NaN;
    /** What a route is expected to yield, for value pacing ({@link RankerFeatures#responseShare}); NaN without a model. */
    double value = Double.NaN;
    /** The rule that removed this candidate, or null if it may be routed. */
    Rule blockedBy;

    Candidate(String brand, String sessionId, ExpertTouch[] touches, double strength) {
        this.brand = brand;
        this.sessionId = sessionId;
        this.touches = touches;
        this.strength = strength;
    }

    boolean isAudience() {
        return touches.length == 0;
    }

    /** Higher score first, then brand id, so that ties resolve the same way on every replay. */
    boolean beats(Candidate other) {
        return other == null || score > other.score || (score == other.score && brand.compareTo(other.brand) < 0);
    }
}
