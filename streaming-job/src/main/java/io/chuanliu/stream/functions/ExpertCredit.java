package io.chuanliu.stream.functions;

import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.rules.Holdout;
import io.chuanliu.stream.rules.RoutingRules;
import io.chuanliu.stream.state.ExpertTouch;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * The proposal for a chosen candidate, with who earns credit if the route converts: every expert
 * with a valid touch shares it in proportion to the touch's decayed strength times the expert's
 * word-of-mouth score. The reason names the strongest touch ({@code expert_order:e1}, prefixed
 * {@code reminder:} for a go-live reminder) or the audience and model version.
 */
final class ExpertCredit {

    private final RoutingRules rules;
    private final long windowMillis;

    ExpertCredit(RoutingRules rules) {
        this.rules = rules;
        this.windowMillis = rules.eligibilityWindowMillis();
    }

    Proposal propose(
            UserSignal signal,
            Candidate chosen,
            ReadOnlyBroadcastState<String, Double> expertScores,
            String modelVersion)
            throws Exception {
        long t = signal.eventTime;
        Proposal p = new Proposal();
        p.decisionId = DecisionIds.of(signal.user, chosen.brand, chosen.sessionId, t);
        p.user = signal.user;
        p.brand = chosen.brand;
        p.sessionId = chosen.sessionId;
        // With a model, the calibrated purchase probability (later stages may price it); without one, the touch
        // strength.
        p.score = Double.isNaN(chosen.probability) ? chosen.score : chosen.probability;
        p.value = Double.isNaN(chosen.value) ? p.score : chosen.value;
        p.activityTime = t;
        p.parsedAt = signal.parsedAt;
        p.holdout = Holdout.contains(signal.user, rules.holdoutFraction());
        if (chosen.isAudience()) {
            p.reason = "audience:" + modelVersion;
            return p;
        }
        ExpertTouch strongest = chosen.touches[0];
        double strongestDecayed = strongest.decayedAt(t, windowMillis);
        ExpertTouch last = chosen.touches[0];
        double total = 0;
        p.experts = new String[chosen.touches.length];
        p.shares = new double[chosen.touches.length];
        for (int i = 0; i < chosen.touches.length; i++) {
            ExpertTouch touch = chosen.touches[i];
            p.experts[i] = touch.expert;
            double decayed = touch.decayedAt(t, windowMillis);
            p.shares[i] = decayed * rules.expertScore(expertScores.get(touch.expert)) / 100;
            total += p.shares[i];
            if (decayed > strongestDecayed) {
                strongest = touch;
                strongestDecayed = decayed;
            }
            if (touch.eventTime > last.eventTime) {
                last = touch;
            }
        }
        for (int i = 0; i < p.shares.length; i++) {
            p.shares[i] = total > 0 ? p.shares[i] / total : 1.0 / p.shares.length;
        }
        p.expert = last.expert;
        String prefix = signal.kind == UserSignal.Kind.REMINDER ? "reminder:" : "";
        p.reason = prefix + strongest.source.label() + ":" + strongest.expert;
        return p;
    }
}
