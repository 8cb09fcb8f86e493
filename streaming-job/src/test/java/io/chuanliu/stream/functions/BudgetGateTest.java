package io.chuanliu.stream.functions;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.MINUTE;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.goesLive;
import static io.chuanliu.stream.testing.RoutingTestData.proposal;
import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.ControlKind;
import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.stream.records.BrandSignal;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.SessionUpdate;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BudgetGateTest {

    private static final String[] E1 = {"e1"};
    private static final double[] ALL = {1.0};
    private static final long AFTERNOON = T0 - 6 * HOUR;

    private KeyedTwoInputStreamOperatorTestHarness<String, Proposal, BrandSignal, RoutingDecision> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new BudgetGate(ZoneId.of("Asia/Shanghai"), 0.05), p -> p.brand, s -> s.brand, Types.STRING);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private void budget(String brand, long impressions) throws Exception {
        harness.processElement2(
                BrandSignal.budget(new ControlEvent(
                        ControlKind.BRAND_BUDGET, null, brand, null, null, null, null, impressions, T0)),
                T0);
    }

    private void propose(String user, String brand, long time, boolean holdout) throws Exception {
        harness.processElement1(proposal(user, brand, time, holdout, E1, ALL), time);
    }

    private List<RoutingDecision> decisions() {
        return harness.extractOutputValues();
    }

    private List<Proposal> attributable() {
        var side = harness.getSideOutput(BudgetGate.ATTRIBUTABLE);
        return side == null ? List.of() : side.stream().map(r -> r.getValue()).toList();
    }

    @Test
    void shouldAdmitEveryProposalOfABrandWithoutABudget() throws Exception {
        for (int i = 0; i < 50; i++) {
            propose("u" + i, "b1", T0 + i, false);
        }

        assertThat(decisions()).hasSize(50);
    }

    @Test
    void shouldNeverSpendMoreThanTheDailyBudget() throws Exception {
        budget("b1", 3);
        for (int i = 0; i < 10; i++) {
            propose("u" + i, "b1", T0 + i * MINUTE, false);
        }

        assertThat(decisions()).extracting(RoutingDecision::user).containsExactly("u0", "u1", "u2");
    }

    @Test
    void shouldSendEveryRefusedProposalBackToThePerUserStageWithItsRuleAndValue() throws Exception {
        budget("b1", 1);
        propose("u1", "b1", T0, false);
        Proposal second = proposal("u2", "b1", T0 + MINUTE, false, E1, ALL);
        second.value = 0.3;
        harness.processElement1(second, T0 + MINUTE);
        propose("u3", "b1", T0 + 2 * MINUTE, true);

        var refused = harness.getSideOutput(BudgetGate.REFUSED);
        assertThat(refused)
                .extracting(r -> r.getValue())
                .satisfiesExactly(
                        r -> assertThat(r)
                                .isEqualTo(new RouteRefusal(
                                        "d-u2-b1-" + (T0 + MINUTE),
                                        "u2",
                                        "b1",
                                        "s-b1",
                                        "budget_exhausted",
                                        T0 + MINUTE,
                                        0.3)),
                        r -> assertThat(r.user()).isEqualTo("u3"));
    }

    @Test
    void shouldStartANewBudgetOnTheNextLocalDay() throws Exception {
        budget("b1", 1);
        propose("u1", "b1", T0, false);
        propose("u2", "b1", T0 + MINUTE, false);
        propose("u3", "b1", T0 + DAY, false);

        assertThat(decisions()).extracting(RoutingDecision::user).containsExactly("u1", "u3");
    }

    @Test
    void shouldNotLetALateProposalFromYesterdayZeroTodaysSpend() throws Exception {
        budget("b1", 1);
        propose("u1", "b1", T0 + DAY, false);
        propose("late", "b1", T0, false); // yesterday's activity, arriving now
        propose("u2", "b1", T0 + DAY + MINUTE, false);

        assertThat(decisions()).extracting(RoutingDecision::user).containsExactly("u1");
    }

    @Test
    void shouldPassHeldOutProposalsToAttributionWithoutSpendingOrShowingThem() throws Exception {
        budget("b1", 2);
        propose("h1", "b1", T0, true);
        propose("h2", "b1", T0 + 1, true);
        propose("u1", "b1", T0 + 2, false);
        propose("u2", "b1", T0 + 3, false);

        assertThat(decisions()).extracting(RoutingDecision::user).containsExactly("u1", "u2");
        assertThat(attributable()).extracting(p -> p.user).containsExactly("h1", "h2", "u1", "u2");
    }

    @Test
    void shouldPaceTheBudgetOverTheSessionWithABurstAllowance() throws Exception {
        budget("b1", 100);
        harness.processElement2(BrandSignal.of(goesLive("b1", "s-b1", T0, T0 + 4 * HOUR)), T0);

        // At the start only the burst (5% of 100) may be spent.
        for (int i = 0; i < 10; i++) {
            propose("early" + i, "b1", T0 + i, false);
        }
        // Half-way through, half the budget plus the burst.
        for (int i = 0; i < 60; i++) {
            propose("mid" + i, "b1", T0 + 2 * HOUR + i, false);
        }

        assertThat(decisions().stream().filter(d -> d.user().startsWith("early")))
                .hasSize(5);
        assertThat(decisions()).hasSize(55);
    }

    /** Brand b1 with a budget of 50, an afternoon session of 2 h and an evening one of 3 h. */
    private void afternoonAndEvening() throws Exception {
        budget("b1", 50);
        harness.processElement2(BrandSignal.of(goesLive("b1", "s-afternoon", AFTERNOON, AFTERNOON + 2 * HOUR)), T0);
        harness.processElement2(BrandSignal.of(goesLive("b1", "s-evening", T0, T0 + 3 * HOUR)), T0);
    }

    /** The i-th of 200 afternoon proposals, evenly over the session. */
    private void proposeInTheAfternoon(int i) throws Exception {
        Proposal p = proposal("a" + i, "b1", AFTERNOON + i * (2 * HOUR) / 200, false, E1, ALL);
        p.sessionId = "s-afternoon";
        harness.processElement1(p, p.activityTime);
    }

    /** The i-th of 300 evening proposals, evenly over the session. */
    private void proposeInTheEvening(int i) throws Exception {
        Proposal p = proposal("e" + i, "b1", T0 + i * (3 * HOUR) / 300, false, E1, ALL);
        p.sessionId = "s-evening";
        harness.processElement1(p, p.activityTime);
    }

    @Test
    void shouldLeaveTheEveningSessionItsPartOfTheDaysBudget() throws Exception {
        afternoonAndEvening();

        for (int i = 0; i < 200; i++) {
            proposeInTheAfternoon(i);
        }
        for (int i = 0; i < 300; i++) {
            proposeInTheEvening(i);
        }

        // 2 h of the day's 5 h on air: 40% of 50, plus a burst of 3.
        assertThat(decisions().stream().filter(d -> d.user().startsWith("a"))).hasSizeBetween(20, 23);
        assertThat(decisions()).hasSize(50);
    }

    /**
     * Two per-user subtasks, one still in the afternoon session while the other is in the evening's: the
     * proposals of both sessions interleave, and each session keeps to its part of the day's budget as it
     * does when they come in order (the test above).
     */
    @Test
    void shouldKeepEachSessionToItsPartWhenTheProposalsOfTwoSessionsInterleave() throws Exception {
        afternoonAndEvening();

        for (int i = 0; i < 300; i++) {
            if (i < 200) {
                proposeInTheAfternoon(i);
            }
            proposeInTheEvening(i);
        }

        assertThat(decisions().stream().filter(d -> d.user().startsWith("a"))).hasSizeBetween(20, 23);
        assertThat(decisions()).hasSize(50);
    }

    /**
     * A proposal from a lagging subtask is judged at the latest moment of its session the brand has seen,
     * as the proposals around it are, not at its own earlier time, when the pace allowed less.
     */
    @Test
    void shouldJudgeALateProposalAtTheLatestMomentOfItsSession() throws Exception {
        budget("b1", 100);
        harness.processElement2(BrandSignal.of(goesLive("b1", "s-b1", T0, T0 + 4 * HOUR)), T0);

        // Half-way through, 20 of the 55 allowed are spent; then ten proposals from 24 minutes in arrive.
        for (int i = 0; i < 20; i++) {
            propose("mid" + i, "b1", T0 + 2 * HOUR + i, false);
        }
        for (int i = 0; i < 10; i++) {
            propose("late" + i, "b1", T0 + 24 * MINUTE + i, false);
        }

        assertThat(decisions()).hasSize(30);
    }

    /**
     * The same stream of proposals, values (and, independently, scores) drawn at random and arriving
     * evenly over a four-hour session, through first-come and value-aware pacing with a budget of 50:
     * both spend the budget and never more, and value-aware pacing spends it on proposals of far higher
     * value, whatever their score.
     */
    @Test
    void shouldSpendTheBudgetOnTheMostValuableProposalsWhenPacingByValue() throws Exception {
        double firstCome = meanAdmittedValue(BudgetGate.PacingMode.FIRST_COME);
        double byValue = meanAdmittedValue(BudgetGate.PacingMode.VALUE);

        assertThat(byValue).isGreaterThan(1.5 * firstCome);
    }

    /**
     * The budget stage hears from every per-user subtask, and one may lag another by hours of event time
     * (a replay at full speed, a subtask catching up): proposals of a brand's afternoon session keep arriving
     * after its evening session has begun. Each session keeps its own pace and clock,
     * so value-aware pacing still spends the day's budget on the most valuable proposals, and never more.
     */
    @Test
    void shouldKeepPacingByValueWhenALaggingSubtaskDeliversTheEarlierSessionLate() throws Exception {
        double firstCome = meanAdmittedValueOfTwoSessionsOutOfOrder(BudgetGate.PacingMode.FIRST_COME);
        double byValue = meanAdmittedValueOfTwoSessionsOutOfOrder(BudgetGate.PacingMode.VALUE);

        assertThat(byValue).isGreaterThan(1.5 * firstCome);
    }

    private static double meanAdmittedValueOfTwoSessionsOutOfOrder(BudgetGate.PacingMode mode) throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        // Two subtasks' proposals, each in time order; the second's arrive 600 places late: its afternoon
        // proposals interleave with the first's evening ones.
        List<Proposal> first = new java.util.ArrayList<>();
        List<Proposal> second = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            boolean early = i < 400;
            long time = early ? AFTERNOON + i * (2 * HOUR) / 400 : T0 + (i - 400) * (3 * HOUR) / 600;
            Proposal p = proposal("u" + i, "b1", time, false, E1, ALL);
            p.sessionId = early ? "s-afternoon" : "s-evening";
            p.value = Math.pow(10, -3 * random.nextDouble());
            (i % 2 == 0 ? first : second).add(p);
        }
        List<Proposal> arrivals = new java.util.ArrayList<>(first.subList(0, 300));
        for (int i = 300; i < 500; i++) {
            arrivals.add(first.get(i));
            arrivals.add(second.get(i - 300));
        }
        arrivals.addAll(second.subList(200, 500));
        return meanAdmittedValue(
                mode,
                List.of(
                        goesLive("b1", "s-afternoon", AFTERNOON, AFTERNOON + 2 * HOUR),
                        goesLive("b1", "s-evening", T0, T0 + 3 * HOUR)),
                arrivals);
    }

    private static double meanAdmittedValue(BudgetGate.PacingMode mode) throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        List<Proposal> arrivals = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Proposal p = proposal("u" + i, "b1", T0 + i * (4 * HOUR) / 1000, false, E1, ALL);
            p.value = Math.pow(10, -3 * random.nextDouble());
            p.score = Math.pow(10, -3 * random.nextDouble());
            arrivals.add(p);
        }
        return meanAdmittedValue(mode, List.of(goesLive("b1", "s-b1", T0, T0 + 4 * HOUR)), arrivals);
    }

    /**
     * The mean value of what a budget stage pacing by {@code mode}, with a budget of 50 and the brand's
     * {@code sessions}, admits of {@code arrivals}; checks that it spends the budget, and never more.
     */
    private static double meanAdmittedValue(
            BudgetGate.PacingMode mode, List<SessionUpdate> sessions, List<Proposal> arrivals) throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new BudgetGate(ZoneId.of("Asia/Shanghai"), 0.05, mode), p -> p.brand, s -> s.brand, Types.STRING)) {
            h.open();
            h.processElement2(
                    BrandSignal.budget(
                            new ControlEvent(ControlKind.BRAND_BUDGET, null, "b1", null, null, null, null, 50L, T0)),
                    T0);
            for (SessionUpdate session : sessions) {
                h.processElement2(BrandSignal.of(session), T0);
            }
            java.util.Map<String, Double> values = new java.util.HashMap<>();
            for (Proposal p : arrivals) {
                values.put(p.user, p.value);
                h.processElement1(p, p.activityTime);
            }
            List<Double> admitted = h.extractOutputValues().stream()
                    .map(d -> values.get(d.user()))
                    .toList();
            assertThat(admitted).as(mode + " spends the budget, and never more").hasSizeBetween(45, 50);
            return admitted.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }
    }
}
