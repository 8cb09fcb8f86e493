package io.chuanliu.stream.functions;

import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.stream.rules.RoutingRules;
import io.chuanliu.stream.rules.Rule;
import io.chuanliu.stream.state.ExpertTouch;
import io.chuanliu.stream.state.RouteHistory;
import io.chuanliu.stream.state.TouchSource;
import io.chuanliu.stream.testing.MapBroadcastState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a model: touch strength times the seller factor ranks; brand rules remove candidates. */
class CandidateScoringTest {

    private static final RoutingRules RULES = RoutingRules.defaults();
    private final CandidateScoring scoring = new CandidateScoring(RULES);
    private final RouteHistory routes = new RouteHistory().on(RULES.localDay(T0));
    private final List<Candidate> told = new ArrayList<>();

    @Test
    void shouldPreferTheStrongerTouchWhenSellersScoreAlike() throws Exception {
        CandidateScoring.Choice choice = scoring.choose(
                List.of(candidate("b1", 0.3), candidate("b2", 0.9)), null, null, scores(), routes, told::add);

        assertThat(choice.best().brand).isEqualTo("b2");
        assertThat(choice.bestBlocked()).isNull();
        assertThat(told).as("no ranker, no probabilities to report").isEmpty();
    }

    @Test
    void shouldWeighTheTouchBySellerScore() throws Exception {
        // 0.9 x 0.6 = 0.54 against 0.6 x 1.0 = 0.6.
        CandidateScoring.Choice choice = scoring.choose(
                List.of(candidate("b1", 0.6), candidate("b2", 0.9)),
                null,
                null,
                scores().with("b1", 100.0).with("b2", 60.0),
                routes,
                told::add);

        assertThat(choice.best().brand).isEqualTo("b1");
        assertThat(choice.best().score).isEqualTo(0.6);
    }

    @Test
    void shouldBreakTiesByBrandSoEveryReplayChoosesAlike() throws Exception {
        CandidateScoring.Choice choice = scoring.choose(
                List.of(candidate("b2", 0.5), candidate("b1", 0.5)), null, null, scores(), routes, told::add);

        assertThat(choice.best().brand).isEqualTo("b1");
    }

    @Test
    void shouldNameTheRuleOfTheBestRemovedCandidateWhenNoneIsLeft() throws Exception {
        routes.record("b1", T0 - 3_600_000);
        CandidateScoring.Choice choice = scoring.choose(
                List.of(candidate("b1", 0.9), candidate("b2", 0.5)),
                null,
                null,
                scores().with("b2", RULES.minSellerScore() - 1),
                routes,
                told::add);

        assertThat(choice.best()).isNull();
        assertThat(choice.bestBlocked().brand).isEqualTo("b1");
        assertThat(choice.bestBlocked().blockedBy).isEqualTo(Rule.BRAND_DAILY_CAP);
    }

    private static MapBroadcastState<String, Double> scores() {
        return new MapBroadcastState<>();
    }

    private static Candidate candidate(String brand, double strength) {
        return new Candidate(
                brand,
                "s-" + brand,
                new ExpertTouch[] {new ExpertTouch("e", TouchSource.EXPERT_ORDER, "o", strength, T0)},
                strength);
    }
}
