package io.chuanliu.stream.functions;

import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.brandLiveOrder;
import static io.chuanliu.stream.testing.RoutingTestData.proposal;
import static io.chuanliu.stream.testing.RoutingTestData.refund;
import static io.chuanliu.stream.testing.RoutingTestData.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.state.BrandRoomOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class ExpertPayoutTest {

    private static final Proposal DECISION =
            proposal("u1", "b1", T0, false, new String[] {"e1", "e2"}, new double[] {0.75, 0.25});
    private static final UserSignal ORDER = signal(brandLiveOrder("o1", "u1", "b1", T0 + 1_000));

    private final List<ExpertReward> out = new ArrayList<>();

    @Test
    void shouldPayTheWholeCreditToTheLastTouchInLastTouchMode() {
        int paid = ExpertPayout.pay(
                Attribution.Mode.LAST_TOUCH, DECISION, ORDER, BrandRoomOrder.seen(ORDER.eventTime), collector());

        assertThat(paid).isOne();
        assertThat(out).extracting(ExpertReward::expert, ExpertReward::credit).containsExactly(tuple("e2", 1.0));
    }

    @Test
    void shouldShareTheCreditByTheDecisionsSharesInProportionalMode() {
        int paid = ExpertPayout.pay(
                Attribution.Mode.PROPORTIONAL, DECISION, ORDER, BrandRoomOrder.seen(ORDER.eventTime), collector());

        assertThat(paid).isEqualTo(2);
        assertThat(out)
                .extracting(ExpertReward::expert, ExpertReward::credit, ExpertReward::orderId, ExpertReward::decisionId)
                .containsExactly(
                        tuple("e1", 0.75, "o1", DECISION.decisionId), tuple("e2", 0.25, "o1", DECISION.decisionId));
    }

    @Test
    void shouldWriteTheSameRewardIdsWhenTheSameConversionIsPaidAgain() {
        ExpertPayout.pay(
                Attribution.Mode.PROPORTIONAL, DECISION, ORDER, BrandRoomOrder.seen(ORDER.eventTime), collector());
        ExpertPayout.pay(
                Attribution.Mode.PROPORTIONAL, DECISION, ORDER, BrandRoomOrder.seen(ORDER.eventTime), collector());

        assertThat(out.subList(0, 2))
                .extracting(ExpertReward::rewardId)
                .containsExactlyElementsOf(
                        out.subList(2, 4).stream().map(ExpertReward::rewardId).toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldReverseEveryPaidRewardWithANegativeCreditNamingIt() {
        BrandRoomOrder paid = BrandRoomOrder.seen(ORDER.eventTime);
        paid.brand = "b1";
        paid.decisionId = DECISION.decisionId;
        paid.amountCents = ORDER.amountCents;
        ExpertPayout.pay(Attribution.Mode.PROPORTIONAL, DECISION, ORDER, paid, collector());
        List<ExpertReward> rewards = List.copyOf(out);
        out.clear();

        int reversed = ExpertPayout.reverse(
                signal(refund(brandLiveOrder("o1", "u1", "b1", T0 + 1_000), T0 + 5_000)), paid, collector());

        assertThat(reversed).isEqualTo(2);
        assertThat(out)
                .extracting(ExpertReward::reverses, ExpertReward::credit)
                .containsExactly(
                        tuple(rewards.get(0).rewardId(), -0.75),
                        tuple(rewards.get(1).rewardId(), -0.25));
        assertThat(out).allSatisfy(r -> assertThat(r.isReversal()).isTrue());
        assertThat(out).extracting(ExpertReward::rewardId).doesNotContainAnyElementsOf(List.of(paid.rewardIds));
    }

    @Test
    void shouldPayNothingForADecisionWithoutExperts() {
        Proposal audience = proposal("u1", "b1", T0, false, new String[0], new double[0]);

        assertThat(ExpertPayout.pay(
                        Attribution.Mode.PROPORTIONAL,
                        audience,
                        ORDER,
                        BrandRoomOrder.seen(ORDER.eventTime),
                        collector()))
                .isZero();
        assertThat(out).isEmpty();
    }

    private ListCollector<ExpertReward> collector() {
        return new ListCollector<>(out);
    }
}
