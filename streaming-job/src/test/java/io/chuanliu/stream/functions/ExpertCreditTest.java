package io.chuanliu.stream.functions;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chuanliu.common.events.EngagementKind;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.rules.RoutingRules;
import io.chuanliu.stream.state.ExpertTouch;
import io.chuanliu.stream.state.TouchSource;
import io.chuanliu.stream.testing.MapBroadcastState;
import org.junit.jupiter.api.Test;

class ExpertCreditTest {

    private static final RoutingRules RULES = RoutingRules.defaults();
    private static final long WINDOW = RULES.eligibilityWindowMillis();
    private final ExpertCredit credit = new ExpertCredit(RULES);
    private final UserSignal activity = UserSignal.of(activity("u1", T0));

    private final ExpertTouch order =
            new ExpertTouch("e1", TouchSource.EXPERT_ORDER, "o1", SignalStrength.EXPERT_ORDER, T0 - DAY);
    private final ExpertTouch like =
            new ExpertTouch("e2", TouchSource.LIKE, null, SignalStrength.ofEngagement(EngagementKind.LIKE), T0 - HOUR);

    @Test
    void shouldShareCreditByDecayedStrengthAndNameTheStrongestTouch() throws Exception {
        Proposal p = credit.propose(activity, candidate(order, like), new MapBroadcastState<>(), "none");

        double o = order.decayedAt(T0, WINDOW);
        double l = like.decayedAt(T0, WINDOW);
        assertThat(p.experts).containsExactly("e1", "e2");
        assertThat(p.shares[0]).isCloseTo(o / (o + l), within(1e-12));
        assertThat(p.shares[0] + p.shares[1]).isCloseTo(1.0, within(1e-12));
        assertThat(p.reason).isEqualTo("expert_order:e1");
        assertThat(p.expert).as("the last touch's expert").isEqualTo("e2");
    }

    @Test
    void shouldWeighEachShareByTheExpertsWordOfMouthScore() throws Exception {
        MapBroadcastState<String, Double> experts =
                new MapBroadcastState<String, Double>().with("e1", 50.0).with("e2", 100.0);

        Proposal p = credit.propose(activity, candidate(order, like), experts, "none");

        double o = order.decayedAt(T0, WINDOW) * 0.5;
        double l = like.decayedAt(T0, WINDOW) * 1.0;
        assertThat(p.shares[0]).isCloseTo(o / (o + l), within(1e-12));
    }

    @Test
    void shouldMarkARemindersReasonAndAnAudiencesModel() throws Exception {
        UserSignal reminder = UserSignal.reminder("u1", "b1", "s1", T0, T0 + HOUR, T0);
        assertThat(credit.propose(reminder, candidate(order), new MapBroadcastState<>(), "none").reason)
                .isEqualTo("reminder:expert_order:e1");

        Proposal audience = credit.propose(activity, candidate(), new MapBroadcastState<>(), "v7");
        assertThat(audience.reason).isEqualTo("audience:v7");
        assertThat(audience.experts)
                .as("no expert earns credit for an audience route")
                .isEmpty();
        assertThat(audience.decisionId).isEqualTo(DecisionIds.of("u1", "b1", "s1", T0));
    }

    private static Candidate candidate(ExpertTouch... touches) {
        return new Candidate("b1", "s1", touches, touches.length == 0 ? 0.2 : 1.0);
    }
}
