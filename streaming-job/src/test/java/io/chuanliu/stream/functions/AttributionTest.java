package io.chuanliu.stream.functions;

import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.MINUTE;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.brandLiveOrder;
import static io.chuanliu.stream.testing.RoutingTestData.proposal;
import static io.chuanliu.stream.testing.RoutingTestData.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.chuanliu.common.events.Conversion;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.UserSignal;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttributionTest {

    private static final Duration WINDOW = Duration.ofHours(2);
    private static final String[] TWO_EXPERTS = {"e1", "e2"};
    private static final double[] SHARES = {0.75, 0.25};

    private KeyedTwoInputStreamOperatorTestHarness<String, Proposal, UserSignal, ExpertReward> harness;

    @BeforeEach
    void openHarness() throws Exception {
        open(Attribution.Mode.PROPORTIONAL);
    }

    private void open(Attribution.Mode mode) throws Exception {
        if (harness != null) {
            harness.close();
        }
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new Attribution(WINDOW, mode), p -> p.user, o -> o.user, Types.STRING);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private void decide(String user, String brand, long time, boolean holdout) throws Exception {
        harness.processElement1(proposal(user, brand, time, holdout, TWO_EXPERTS, SHARES), time);
    }

    private void order(String orderId, String user, String brand, long time) throws Exception {
        harness.processElement2(signal(brandLiveOrder(orderId, user, brand, time)), time);
    }

    private void watermark(long time) throws Exception {
        harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(time));
    }

    private List<ExpertReward> rewards() {
        return harness.extractOutputValues();
    }

    private List<Conversion> conversions() {
        var side = harness.getSideOutput(Attribution.CONVERSIONS);
        return side == null ? List.of() : side.stream().map(r -> r.getValue()).toList();
    }

    @Test
    void shouldRewardTheExpertsInProportionWhenARoutedUserBuysInTheBrandRoom() throws Exception {
        decide("u1", "b1", T0, false);
        order("L1", "u1", "b1", T0 + 30 * MINUTE);
        assertThat(rewards()).as("an order waits for the watermark").isEmpty();

        watermark(T0 + 30 * MINUTE);

        assertThat(rewards())
                .extracting(ExpertReward::expert, ExpertReward::credit, ExpertReward::orderId, ExpertReward::decisionId)
                .containsExactly(tuple("e1", 0.75, "L1", "d-u1-b1-" + T0), tuple("e2", 0.25, "L1", "d-u1-b1-" + T0));
        assertThat(conversions()).singleElement().satisfies(c -> {
            assertThat(c.group()).isEqualTo(Conversion.ROUTED);
            assertThat(c.amountCents()).isEqualTo(19_900);
        });
    }

    @Test
    void shouldGiveAllCreditToTheLastTouchInLastTouchMode() throws Exception {
        open(Attribution.Mode.LAST_TOUCH);
        decide("u1", "b1", T0, false);
        order("L1", "u1", "b1", T0 + MINUTE);
        watermark(T0 + HOUR);

        assertThat(rewards())
                .extracting(ExpertReward::expert, ExpertReward::credit)
                .containsExactly(tuple("e2", 1.0));
    }

    @Test
    void shouldNotConvertAnOrderOutsideTheAttributionWindowOrOfAnotherBrand() throws Exception {
        decide("u1", "b1", T0, false);
        order("L1", "u1", "b1", T0 + 3 * HOUR);
        order("L2", "u1", "b2", T0 + MINUTE);
        order("L3", "u2", "b1", T0 + MINUTE);
        watermark(T0 + 4 * HOUR);

        assertThat(rewards()).isEmpty();
        assertThat(conversions()).isEmpty();
    }

    @Test
    void shouldCountAHeldOutConversionWithoutRewardingAnyone() throws Exception {
        decide("h1", "b1", T0, true);
        order("L1", "h1", "b1", T0 + MINUTE);
        watermark(T0 + HOUR);

        assertThat(rewards()).isEmpty();
        assertThat(conversions()).extracting(Conversion::group).containsExactly(Conversion.HOLDOUT);
    }

    @Test
    void shouldAttributeAnOrderToADecisionThatArrivedAfterItButWasMadeBefore() throws Exception {
        order("L1", "u1", "b1", T0 + 10 * MINUTE);
        decide("u1", "b1", T0, false);
        watermark(T0 + HOUR);

        assertThat(conversions()).hasSize(1);
        assertThat(rewards()).hasSize(2);
    }

    @Test
    void shouldJudgeALateOrderAtOnce() throws Exception {
        decide("u1", "b1", T0, false);
        watermark(T0 + HOUR);

        order("L1", "u1", "b1", T0 + 10 * MINUTE);

        assertThat(conversions()).hasSize(1);
    }

    @Test
    void shouldKeepTheSameRewardIdsWhenAnOrderIsJudgedAgain() throws Exception {
        decide("u1", "b1", T0, false);
        order("L1", "u1", "b1", T0 + MINUTE);
        watermark(T0 + HOUR);
        List<String> first = rewards().stream().map(ExpertReward::rewardId).toList();

        open(Attribution.Mode.PROPORTIONAL);
        decide("u1", "b1", T0, false);
        order("L1", "u1", "b1", T0 + MINUTE);
        watermark(T0 + HOUR);

        assertThat(rewards()).extracting(ExpertReward::rewardId).isEqualTo(first);
    }

    @Test
    void shouldStillConvertAnOrderWhenItsDecisionArrivesBehindTheWatermark() throws Exception {
        order("L1", "u1", "b1", T0 + 10 * MINUTE);
        watermark(T0 + HOUR);
        assertThat(conversions()).as("judged without a decision").isEmpty();

        decide("u1", "b1", T0, false);

        assertThat(conversions()).extracting(Conversion::orderId).containsExactly("L1");
        assertThat(rewards()).hasSize(2);
    }

    private void refund(String orderId, String user, String brand, long orderTime, long refundTime) throws Exception {
        var order = brandLiveOrder(orderId, user, brand, orderTime);
        harness.processElement2(
                signal(io.chuanliu.stream.testing.RoutingTestData.refund(order, refundTime)), refundTime);
    }

    @Test
    void shouldConvertAndRewardADuplicatedBrandRoomOrderOnlyOnce() throws Exception {
        decide("u1", "b1", T0, false);
        order("L1", "u1", "b1", T0 + 30 * MINUTE);
        order("L1", "u1", "b1", T0 + 30 * MINUTE);
        watermark(T0 + 30 * MINUTE);
        order("L1", "u1", "b1", T0 + 30 * MINUTE); // again, now behind the watermark

        assertThat(conversions()).hasSize(1);
        assertThat(rewards()).extracting(ExpertReward::expert).containsExactly("e1", "e2");
    }

    @Test
    void shouldReverseEveryRewardOfAnOrderRefundedWithinTheRefundWindow() throws Exception {
        decide("u1", "b1", T0, false);
        order("L1", "u1", "b1", T0 + 30 * MINUTE);
        watermark(T0 + 30 * MINUTE);
        refund("L1", "u1", "b1", T0 + 30 * MINUTE, T0 + 5 * HOUR);
        refund("L1", "u1", "b1", T0 + 30 * MINUTE, T0 + 6 * HOUR); // a repeated refund reverses nothing more

        List<ExpertReward> all = rewards();
        assertThat(all).hasSize(4);
        List<ExpertReward> paid = all.stream().filter(r -> !r.isReversal()).toList();
        List<ExpertReward> reversals =
                all.stream().filter(ExpertReward::isReversal).toList();
        assertThat(reversals)
                .extracting(ExpertReward::reverses)
                .containsExactlyElementsOf(
                        paid.stream().map(ExpertReward::rewardId).toList());
        assertThat(reversals).extracting(ExpertReward::credit).containsExactly(-0.75, -0.25);
        assertThat(reversals).extracting(ExpertReward::eventTime).containsOnly(T0 + 5 * HOUR);
        assertThat(all.stream().mapToDouble(ExpertReward::credit).sum()).isZero();
        assertThat(all.stream().map(ExpertReward::rewardId).distinct()).hasSize(4);
    }

    @Test
    void shouldKeepTheRewardsOfAnOrderRefundedAfterTheRefundWindow() throws Exception {
        harness.close();
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new Attribution(WINDOW, Duration.ofDays(1), Attribution.Mode.PROPORTIONAL),
                p -> p.user,
                o -> o.user,
                Types.STRING);
        harness.open();
        decide("u1", "b1", T0, false);
        order("L1", "u1", "b1", T0 + 30 * MINUTE);
        watermark(T0 + 30 * MINUTE);
        refund("L1", "u1", "b1", T0 + 30 * MINUTE, T0 + 30 * MINUTE + 25 * HOUR);

        assertThat(rewards()).noneMatch(ExpertReward::isReversal).hasSize(2);
    }

    @Test
    void shouldReverseNothingForARefundedHeldOutConversion() throws Exception {
        decide("h1", "b1", T0, true);
        order("L1", "h1", "b1", T0 + 30 * MINUTE);
        watermark(T0 + 30 * MINUTE);
        refund("L1", "h1", "b1", T0 + 30 * MINUTE, T0 + 5 * HOUR);

        assertThat(conversions()).hasSize(1);
        assertThat(rewards()).isEmpty();
    }

    @Test
    void shouldNeverConvertAnOrderRefundedBeforeItWasJudged() throws Exception {
        decide("u1", "b1", T0, false);
        order("L1", "u1", "b1", T0 + 30 * MINUTE);
        refund("L1", "u1", "b1", T0 + 30 * MINUTE, T0 + 40 * MINUTE);
        refund("L2", "u1", "b1", T0 + 50 * MINUTE, T0 + 55 * MINUTE); // the refund overtakes its order
        order("L2", "u1", "b1", T0 + 50 * MINUTE);
        watermark(T0 + HOUR);

        assertThat(conversions()).isEmpty();
        assertThat(rewards()).isEmpty();
    }

    @Test
    void shouldExpireAnOrderWithoutDecisionInEventTimeNotInProcessingTime() throws Exception {
        order("L1", "u1", "b1", T0 + 30 * MINUTE);
        watermark(T0 + 30 * MINUTE);
        harness.setProcessingTime(T0 + 30 * 24 * HOUR); // a month of outage on the wall clock expires nothing

        decide("u1", "b1", T0, false); // a late decision still converts it
        assertThat(conversions()).hasSize(1);
    }

    @Test
    void shouldStillConvertWithALateDecisionAfterTheWatermarkJumpedPastTheWindow() throws Exception {
        // Every input was idle (a broker outage); the first to resume carried events three hours later.
        order("L1", "u1", "b1", T0 + 30 * MINUTE);
        watermark(T0 + 3 * HOUR);
        decide("u1", "b1", T0, false); // the activity behind the jump arrives now

        assertThat(conversions()).extracting(Conversion::orderId).containsExactly("L1");
    }

    @Test
    void shouldLeaveNoStateAndNoTimersOnceEveryWindowHasPassed() throws Exception {
        decide("u1", "b1", T0, false);
        order("L1", "u1", "b1", T0 + 30 * MINUTE);
        order("L2", "u2", "b1", T0 + 40 * MINUTE); // never decided: expires unattributed
        watermark(T0 + HOUR);
        refund("L1", "u1", "b1", T0 + 30 * MINUTE, T0 + 2 * HOUR);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        watermark(T0 + 8 * 24 * HOUR);
        assertThat(harness.numKeyedStateEntries())
                .as("kept until processing time agrees")
                .isPositive();
        harness.setProcessingTime(harness.getProcessingTime() + 4 * HOUR);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(rewards()).hasSize(4);
    }
}
