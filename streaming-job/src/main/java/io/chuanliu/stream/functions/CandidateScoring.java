package io.chuanliu.stream.functions;

import io.chuanliu.common.ranking.LinearRanker;
import io.chuanliu.common.ranking.RankerFeatures;
import io.chuanliu.stream.rules.RoutingRules;
import io.chuanliu.stream.rules.UserRules;
import io.chuanliu.stream.state.RouteHistory;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * Scores the candidates of one activity and picks the one to propose. With a model, a candidate's
 * score is the served ranker's purchase probability ({@link LinearRanker} on {@link RankerFeatures},
 * the definition training gated); without one, its touch strength; either times (seller score / 100)
 * to the power {@code routing.seller-weight}. Brand rules remove candidates; the best of the rest wins.
 */
final class CandidateScoring {

    private final RoutingRules rules;
    private final UserRules userRules;

    CandidateScoring(RoutingRules rules) {
        this.rules = rules;
        this.userRules = new UserRules(rules);
    }

    /** The best routable candidate, and the best one a brand rule removed (to name the rule when none is routable). */
    record Choice(Candidate best, Candidate bestBlocked) {}

    /**
     * @param features the ranker's features for this user now, or null to rank by touch strength
     * @param scored told every candidate's probability when the ranker scored it (audits, the parity test)
     */
    Choice choose(
            List<Candidate> candidates,
            LinearRanker ranker,
            RankerFeatures features,
            ReadOnlyBroadcastState<String, Double> sellerScores,
            RouteHistory routes,
            Consumer<Candidate> scored)
            throws Exception {
        Candidate best = null;
        Candidate bestBlocked = null;
        for (Candidate c : candidates) {
            Double known = sellerScores.get(c.brand);
            double sellerScore = known == null ? rules.unscoredSellerScore() : known;
            if (features != null) {
                c.probability = ranker.probability(features.of(c.brand));
                c.value = features.responseShare(c.brand);
                scored.accept(c);
            }
            c.score = (features == null ? c.strength : c.probability)
                    * Math.pow(Math.max(sellerScore, 0) / 100.0, rules.sellerWeight());
            c.blockedBy = userRules.blockingBrand(sellerScore, routes.routesTo(c.brand));
            if (c.blockedBy == null && c.beats(best)) {
                best = c;
            } else if (c.blockedBy != null && c.beats(bestBlocked)) {
                bestBlocked = c;
            }
        }
        return new Choice(best, bestBlocked);
    }
}
