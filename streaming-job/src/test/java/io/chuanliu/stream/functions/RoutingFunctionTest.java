package io.chuanliu.stream.functions;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.MINUTE;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.activity;
import static io.chuanliu.stream.testing.RoutingTestData.ends;
import static io.chuanliu.stream.testing.RoutingTestData.engagement;
import static io.chuanliu.stream.testing.RoutingTestData.expertOrder;
import static io.chuanliu.stream.testing.RoutingTestData.goesLive;
import static io.chuanliu.stream.testing.RoutingTestData.refund;
import static io.chuanliu.stream.testing.RoutingTestData.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.ControlKind;
import io.chuanliu.common.events.EngagementKind;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.ranking.RankerFeatures;
import io.chuanliu.stream.records.BroadcastUpdate;
import io.chuanliu.stream.records.ModelUpdate;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.SellerScore;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.rules.OwnHistoryDefaults;
import io.chuanliu.stream.rules.QuietHours;
import io.chuanliu.stream.rules.RoutingRules;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingFunctionTest {

    private static final Duration WINDOW = Duration.ofDays(7);
    /** The defaults, without a hold-out so that every chosen user is routed. */
    private static final RoutingRules RULES = RoutingRules.defaults().withHoldoutFraction(0);

    private KeyedBroadcastOperatorTestHarness<String, UserSignal, BroadcastUpdate, Proposal> harness;

    @BeforeEach
    void openHarness() throws Exception {
        openHarness(RULES);
    }

    private void openHarness(RoutingRules rules) throws Exception {
        if (harness != null) {
            harness.close();
        }
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new RoutingFunction(rules),
                s -> s.user,
                Types.STRING,
                RoutingBroadcast.LIVE_SESSIONS,
                RoutingBroadcast.MODEL,
                RoutingBroadcast.SELLER_SCORES,
                RoutingBroadcast.EXPERT_SCORES);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private void send(UserSignal signal) throws Exception {
        harness.processElement(signal, signal.eventTime);
    }

    private void broadcast(SessionUpdate update) throws Exception {
        harness.processBroadcastElement(BroadcastUpdate.of(update), update.eventTime);
    }

    private void announce(io.chuanliu.common.events.ModelRef ref) throws Exception {
        harness.processBroadcastElement(BroadcastUpdate.of(ModelUpdate.of(ref)), T0);
    }

    private void scoreSeller(String brand, double score) throws Exception {
        harness.processBroadcastElement(
                BroadcastUpdate.of(SellerScore.of(
                        new ControlEvent(ControlKind.SELLER_SCORES, null, brand, null, score, score, null, null, T0))),
                T0);
    }

    private void scoreExpert(String expert, double wordOfMouth) throws Exception {
        harness.processBroadcastElement(
                BroadcastUpdate.of(SellerScore.ofExpert(new ControlEvent(
                        ControlKind.SELLER_SCORES, null, null, expert, null, null, wordOfMouth, null, T0))),
                T0);
    }

    private List<RoutingDecision> decisions() {
        return proposals().stream().map(p -> p.toDecision(0)).toList();
    }

    private List<Proposal> proposals() {
        return harness.extractOutputValues();
    }

    @Test
    void shouldRouteAnExpertBuyerIntoTheBrandRoomWhileItIsLive() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - 2 * DAY)));

        send(signal(activity("u1", T0 + 10 * MINUTE)));

        assertThat(decisions()).singleElement().satisfies(d -> {
            assertThat(d.user()).isEqualTo("u1");
            assertThat(d.brand()).isEqualTo("b1");
            assertThat(d.sessionId()).isEqualTo("s1");
            assertThat(d.expert()).isEqualTo("e1");
            assertThat(d.reason()).isEqualTo("expert_order:e1");
            assertThat(d.activityTime()).isEqualTo(T0 + 10 * MINUTE);
            assertThat(d.decisionId()).isEqualTo(DecisionIds.of("u1", "b1", "s1", T0 + 10 * MINUTE));
        });
    }

    @Test
    void shouldNotRouteToABrandThatIsNotLive() throws Exception {
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));
        send(signal(activity("u1", T0)));

        broadcast(goesLive("b1", "s1", T0 + HOUR, T0 + 2 * HOUR));
        send(signal(activity("u1", T0 + 30 * MINUTE)));

        broadcast(ends("b1", "s1", T0 + HOUR, T0 + 2 * HOUR));
        send(signal(activity("u1", T0 + 150 * MINUTE)));

        assertThat(decisions()).isEmpty();
    }

    @Test
    void shouldJudgeAnActivityByItsOwnTimeWhenTheSessionEndArrivedFirst() throws Exception {
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));
        broadcast(goesLive("b1", "s1", T0, T0 + 3 * HOUR));
        broadcast(ends("b1", "s1", T0, T0 + 2 * HOUR));

        send(signal(activity("u1", T0 + 90 * MINUTE)));
        send(signal(activity("u2", T0 + 150 * MINUTE)));

        assertThat(decisions()).extracting(RoutingDecision::activityTime).containsExactly(T0 + 90 * MINUTE);
    }

    @Test
    void shouldStillRouteToTheAfternoonSessionAfterTheEveningOneStarted() throws Exception {
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));
        broadcast(goesLive("b1", "afternoon", T0, T0 + 2 * HOUR));
        broadcast(goesLive("b1", "evening", T0 + 6 * HOUR, T0 + 9 * HOUR));

        send(signal(activity("u1", T0 + HOUR)));

        assertThat(decisions())
                .singleElement()
                .extracting(RoutingDecision::sessionId)
                .isEqualTo("afternoon");
    }

    @Test
    void shouldNotRouteAUserWithoutExpertSignalsForTheLiveBrand() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b2", "e1", T0 - DAY)));

        send(signal(activity("u1", T0 + MINUTE)));
        send(signal(activity("u2", T0 + MINUTE)));

        assertThat(decisions()).isEmpty();
    }

    @Test
    void shouldNotRouteOnAnOrderOlderThanTheEligibilityWindow() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - 8 * DAY)));

        send(signal(activity("u1", T0 + MINUTE)));

        assertThat(decisions()).isEmpty();
    }

    @Test
    void shouldKeepTheMinimumGapBetweenTwoRoutesToOneUser() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        broadcast(goesLive("b2", "s2", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));
        send(signal(expertOrder("o2", "u1", "b2", "e2", T0 - 2 * DAY)));

        send(signal(activity("u1", T0 + MINUTE)));
        send(signal(activity("u1", T0 + 20 * MINUTE)));
        send(signal(activity("u1", T0 + 40 * MINUTE)));

        assertThat(decisions()).extracting(RoutingDecision::brand).containsExactly("b1", "b2");
        assertThat(decisions())
                .extracting(RoutingDecision::activityTime)
                .containsExactly(T0 + MINUTE, T0 + 40 * MINUTE);
    }

    @Test
    void shouldNotCountARouteTheBudgetRefusedAgainstTheUsersGapAndCaps() throws Exception {
        openHarness(RULES.withCaps(1, 1, Duration.ofMinutes(30)));
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));
        send(signal(activity("u1", T0 + MINUTE)));

        send(UserSignal.of(new RouteRefusal(
                DecisionIds.of("u1", "b1", "s1", T0 + MINUTE), "u1", "b1", "s1", "budget_pacing", T0 + MINUTE, null)));
        send(signal(activity("u1", T0 + 5 * MINUTE)));
        send(signal(activity("u1", T0 + 10 * MINUTE)));

        assertThat(decisions()).extracting(RoutingDecision::activityTime).containsExactly(T0 + MINUTE, T0 + 5 * MINUTE);
    }

    @Test
    void shouldRouteOneBrandToOneUserAtMostOncePerLocalDay() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));

        send(signal(activity("u1", T0 + MINUTE)));
        send(signal(activity("u1", T0 + 2 * HOUR)));
        broadcast(goesLive("b1", "s2", T0 + DAY, T0 + DAY + HOUR));
        send(signal(activity("u1", T0 + DAY + 2 * MINUTE)));

        assertThat(decisions()).extracting(RoutingDecision::sessionId).containsExactly("s1", "s2");
    }

    @Test
    void shouldNotLetALateActivityFromYesterdayResetTodaysCaps() throws Exception {
        openHarness(RULES.withQuietHours(QuietHours.NONE));
        broadcast(goesLive("b1", "s1", T0 - DAY, T0 + 2 * DAY));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - 2 * DAY)));

        send(signal(activity("u1", T0 + MINUTE)));
        send(signal(activity("u1", T0 - DAY + MINUTE))); // yesterday's slot, arriving late
        send(signal(activity("u1", T0 + 3 * HOUR)));

        assertThat(decisions()).extracting(RoutingDecision::activityTime).containsExactly(T0 + MINUTE);
    }

    @Test
    void shouldForgetAnExpertOrderThatWasRefunded() throws Exception {
        ExpertOrder order = expertOrder("o1", "u1", "b1", "e1", T0 - DAY);
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(order));
        send(signal(refund(order, T0 - HOUR)));

        send(signal(activity("u1", T0 + MINUTE)));

        assertThat(decisions()).isEmpty();
    }

    @Test
    void shouldPreferTheStrongerFresherSignalAmongLiveBrands() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        broadcast(goesLive("b2", "s2", T0, T0 + 4 * HOUR));
        send(signal(engagement("u1", "b1", "e1", EngagementKind.LIKE, T0 - HOUR)));
        send(signal(expertOrder("o2", "u1", "b2", "e2", T0 - 2 * DAY)));

        send(signal(activity("u1", T0 + MINUTE)));

        assertThat(decisions()).singleElement().satisfies(d -> {
            assertThat(d.brand()).isEqualTo("b2");
            assertThat(d.reason()).isEqualTo("expert_order:e2");
        });
    }

    @Test
    void shouldRouteAnEngagedUserWhenNoOrderIsThere() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(engagement("u1", "b1", "e7", EngagementKind.CART, T0 - HOUR)));

        send(signal(activity("u1", T0 + MINUTE)));

        assertThat(decisions())
                .singleElement()
                .extracting(RoutingDecision::reason)
                .isEqualTo("engagement:cart:e7");
    }

    @Test
    void shouldGiveTheSameDecisionIdWhenTheSameActivityIsReplayed() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));
        send(signal(activity("u1", T0 + MINUTE)));
        String first = decisions().get(0).decisionId();

        openHarness();
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));
        send(signal(activity("u1", T0 + MINUTE)));

        assertThat(decisions())
                .singleElement()
                .extracting(RoutingDecision::decisionId)
                .isEqualTo(first);
    }

    @Test
    void shouldStillUseAnOrderThatArrivesAfterTheWatermark() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        harness.processWatermark(T0);
        harness.processBroadcastWatermark(T0);

        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - HOUR)));
        send(signal(activity("u1", T0 + MINUTE)));

        assertThat(decisions()).hasSize(1);
    }

    @Test
    void shouldKeepOneValuePerUserAndTheOptOutBesideItAndNeverSetATimer() throws Exception {
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - HOUR)));
        assertThat(keyedStateEntries())
                .as("the user's touches and own history, in one value")
                .isEqualTo(1);

        send(signal(refund(expertOrder("o1", "u1", "b1", "e1", T0 - HOUR), T0)));
        assertThat(keyedStateEntries())
                .as("the same value, which records the refund")
                .isEqualTo(1);

        send(UserSignal.of(new ControlEvent(ControlKind.OPT_OUT, "u1", null, null, null, null, null, null, T0)));
        assertThat(keyedStateEntries())
                .as("the opt-out outlives the value, so it is kept apart too")
                .isEqualTo(2);
        send(UserSignal.of(new ControlEvent(ControlKind.OPT_IN, "u1", null, null, null, null, null, null, T0 + 1)));
        assertThat(keyedStateEntries()).isEqualTo(1);

        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    private int keyedStateEntries() {
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
                        harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    @Test
    void shouldJudgeTouchesByEventTimeAndDropTheUsersValueOnceTheOwnHistorysTimeToLiveHasPassed() throws Exception {
        harness.setStateTtlProcessingTime(0);
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - HOUR)));
        send(signal(expertOrder("o3", "u3", "b1", "e1", T0 - HOUR)));
        harness.setStateTtlProcessingTime(WINDOW.toMillis() + 1);
        send(signal(expertOrder("o2", "u2", "b1", "e1", T0 - HOUR)));
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(activity("u1", T0 + MINUTE)));
        assertThat(decisions())
                .as("an hour-old touch, however long ago it was written by the wall clock")
                .extracting(RoutingDecision::user)
                .containsExactly("u1");

        harness.setStateTtlProcessingTime(OwnHistoryDefaults.TTL.toMillis() + 1);
        send(signal(activity("u3", T0 + 2 * MINUTE)));
        send(signal(activity("u2", T0 + 2 * MINUTE)));

        assertThat(decisions())
                .as("u3's value, written at time 0, is gone; u2's, written a window later, is not")
                .extracting(RoutingDecision::user)
                .containsExactly("u1", "u2");
    }

    @Test
    void shouldRankEligibleBrandsByTheServedModelAndKeepItWhenTheNextModelIsCorrupt(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // Without a model the fresher order wins: b1 (1 day old) over b2 (2 days old).
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        broadcast(goesLive("b2", "s2", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u3", "b1", "e1", T0 - DAY)));
        send(signal(expertOrder("o2", "u3", "b2", "e2", T0 - 2 * DAY)));
        send(signal(activity("u3", T0 + MINUTE)));
        assertThat(decisions()).extracting(RoutingDecision::brand).containsExactly("b1");

        // With a model in which u0 prefers b2 (affinity 1 against -5), b2 wins despite its older order.
        announce(io.chuanliu.stream.model.ModelFixture.write(dir.resolve("v1"), "v1", 10, 1, 1));
        send(signal(expertOrder("o3", "u0", "b1", "e1", T0 - DAY)));
        send(signal(expertOrder("o4", "u0", "b2", "e2", T0 - 2 * DAY)));
        send(signal(activity("u0", T0 + MINUTE)));

        // A corrupt next version is rejected; v1 keeps serving.
        var corrupt = io.chuanliu.stream.model.ModelFixture.write(dir.resolve("v2"), "v2", 10, 1, 1);
        java.nio.file.Files.writeString(dir.resolve("v2/brand_factors.jsonl"), "broken\n");
        announce(corrupt);

        assertThat(decisions()).extracting(RoutingDecision::brand).containsExactly("b1", "b2");
        assertThat(harness.getBroadcastState(RoutingBroadcast.MODEL).get("current").version)
                .isEqualTo("v1");
    }

    @Test
    void shouldRejectUnusableModelAnnouncementsWithoutFailingAndKeepRouting(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        announce(new io.chuanliu.common.events.ModelRef("affinity", "typo", "file://models/v1", null, 0));
        announce(new io.chuanliu.common.events.ModelRef(
                "affinity", "gone", dir.resolve("nothing-here").toUri().toString(), null, 0));
        var noShards = io.chuanliu.stream.model.ModelFixture.write(dir.resolve("v3"), "v3", 10, 1, 1);
        java.nio.file.Files.writeString(
                dir.resolve("v3").resolve(io.chuanliu.common.model.ModelFiles.USER_STORE_LAYOUT),
                "{\"max_parallelism\":1,\"rank\":2,\"shards\":[null]}");
        io.chuanliu.stream.model.ModelFixture.rewriteChecksum(
                dir.resolve("v3"), io.chuanliu.common.model.ModelFiles.USER_STORE_LAYOUT);
        announce(noShards);

        send(signal(expertOrder("o1", "u3", "b1", "e1", T0 - DAY)));
        send(signal(activity("u3", T0 + MINUTE)));

        assertThat(decisions()).extracting(RoutingDecision::brand).containsExactly("b1");
        assertThat(harness.getBroadcastState(RoutingBroadcast.MODEL).get("current"))
                .isNull();
    }

    @Test
    void shouldServeNoModelInsteadOfFailingWhenAShardBreaksWhileServing(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        var v1 = io.chuanliu.stream.model.ModelFixture.write(dir.resolve("v1"), "v1", 10, 1, 1);
        io.chuanliu.stream.model.ModelFixture.corruptUser(dir.resolve("v1"), "v1", "u3");
        announce(v1);
        assertThat(harness.getBroadcastState(RoutingBroadcast.MODEL).get("current").version)
                .isEqualTo("v1");

        send(signal(expertOrder("o1", "u3", "b1", "e1", T0 - DAY)));
        send(signal(activity("u3", T0 + MINUTE)));
        send(signal(expertOrder("o2", "u4", "b1", "e1", T0 - DAY)));
        send(signal(activity("u4", T0 + MINUTE)));

        assertThat(decisions()).extracting(RoutingDecision::user).containsExactly("u3", "u4");
    }

    @Test
    void shouldNotRouteAUserWhoOptedOutUntilTheUserOptsBackIn() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));

        send(optOut("u1", ControlKind.OPT_OUT, T0));
        send(signal(activity("u1", T0 + MINUTE)));
        send(optOut("u1", ControlKind.OPT_IN, T0 + 2 * MINUTE));
        send(signal(activity("u1", T0 + 3 * MINUTE)));

        assertThat(decisions()).extracting(RoutingDecision::activityTime).containsExactly(T0 + 3 * MINUTE);
    }

    private static UserSignal optOut(String user, ControlKind kind, long time) {
        return UserSignal.of(new ControlEvent(kind, user, null, null, null, null, null, null, time));
    }

    @Test
    void shouldNotRouteDuringQuietHoursOfThePlatformTimeZone() throws Exception {
        // T0 is 20:00 in Asia/Shanghai; the quiet hours 01:00-08:00 are T0 + 5 h to T0 + 12 h.
        broadcast(goesLive("b1", "s1", T0, T0 + 14 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));
        send(signal(expertOrder("o2", "u2", "b1", "e1", T0 - DAY)));

        send(signal(activity("u1", T0 + 6 * HOUR)));
        send(signal(activity("u2", T0 + 12 * HOUR)));

        assertThat(decisions()).extracting(RoutingDecision::user).containsExactly("u2");
    }

    @Test
    void shouldRouteAroundTheClockWithoutQuietHours() throws Exception {
        openHarness(RULES.withQuietHours(QuietHours.NONE));
        broadcast(goesLive("b1", "s1", T0, T0 + 14 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));

        send(signal(activity("u1", T0 + 6 * HOUR)));

        assertThat(decisions()).hasSize(1);
    }

    @Test
    void shouldCapRoutesPerUserPerLocalDay() throws Exception {
        openHarness(RULES.withCaps(2, 1, Duration.ofMinutes(1)));
        for (String brand : List.of("b1", "b2", "b3")) {
            broadcast(goesLive(brand, "s-" + brand, T0, T0 + DAY + 4 * HOUR));
            send(signal(expertOrder("o-" + brand, "u1", brand, "e1", T0 - HOUR)));
        }

        send(signal(activity("u1", T0 + MINUTE)));
        send(signal(activity("u1", T0 + 10 * MINUTE)));
        send(signal(activity("u1", T0 + 20 * MINUTE)));
        // 08:05 the next local morning: a new day.
        send(signal(activity("u1", T0 + 12 * HOUR + 5 * MINUTE)));

        assertThat(decisions())
                .extracting(RoutingDecision::activityTime)
                .containsExactly(T0 + MINUTE, T0 + 10 * MINUTE, T0 + 12 * HOUR + 5 * MINUTE);
    }

    @Test
    void shouldGiveNoTrafficToABrandUnderTheSellerScoreThreshold() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        broadcast(goesLive("b2", "s2", T0, T0 + 4 * HOUR));
        scoreSeller("b1", 55);
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - HOUR)));
        send(signal(expertOrder("o2", "u2", "b1", "e1", T0 - HOUR)));
        send(signal(engagement("u2", "b2", "e2", EngagementKind.VIEW, T0 - 5 * DAY)));

        send(signal(activity("u1", T0 + MINUTE)));
        send(signal(activity("u2", T0 + MINUTE)));

        assertThat(decisions()).singleElement().satisfies(d -> {
            assertThat(d.user()).isEqualTo("u2");
            assertThat(d.brand()).isEqualTo("b2");
        });
    }

    @Test
    void shouldRankABrandWithBetterSellerScoresFirst() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        broadcast(goesLive("b2", "s2", T0, T0 + 4 * HOUR));
        scoreSeller("b1", 65);
        scoreSeller("b2", 98);
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - HOUR)));
        send(signal(expertOrder("o2", "u1", "b2", "e2", T0 - 2 * HOUR)));

        send(signal(activity("u1", T0 + MINUTE)));

        assertThat(decisions()).extracting(RoutingDecision::brand).containsExactly("b2");
    }

    @Test
    void shouldMarkAHeldOutUserAndStillApplyTheCapsToThem() throws Exception {
        openHarness(RULES.withHoldoutFraction(1));
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));

        send(signal(activity("u1", T0 + MINUTE)));
        send(signal(activity("u1", T0 + 2 * MINUTE)));

        assertThat(proposals())
                .singleElement()
                .satisfies(p -> assertThat(p.holdout).isTrue());
    }

    @Test
    void shouldShareTheCreditAmongTheExpertsThatTouchedTheUserAndNameTheLastOne() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - 2 * DAY)));
        send(signal(engagement("u1", "b1", "e2", EngagementKind.CART, T0 - HOUR)));

        send(signal(activity("u1", T0 + MINUTE)));

        assertThat(proposals()).singleElement().satisfies(p -> {
            assertThat(p.expert).isEqualTo("e2");
            assertThat(p.reason).isEqualTo("expert_order:e1");
            assertThat(p.experts).containsExactly("e1", "e2");
            assertThat(p.shares[0] + p.shares[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(p.shares[0]).isGreaterThan(p.shares[1]);
        });
    }

    @Test
    void shouldNotLetATouchThroughAnExpertUnderTheWordOfMouthThresholdMakeAUserEligible() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        broadcast(goesLive("b2", "s2", T0, T0 + 4 * HOUR));
        scoreExpert("e1", 45);
        scoreExpert("e2", 90);
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - HOUR)));
        send(signal(expertOrder("o2", "u2", "b1", "e1", T0 - HOUR)));
        send(signal(engagement("u2", "b2", "e2", EngagementKind.VIEW, T0 - 5 * DAY)));

        send(signal(activity("u1", T0 + MINUTE)));
        send(signal(activity("u2", T0 + MINUTE)));

        assertThat(decisions())
                .extracting(RoutingDecision::user, RoutingDecision::brand)
                .containsExactly(tuple("u2", "b2"));
    }

    @Test
    void shouldKeepOnlyTheTrustedExpertsOfABrandAndTheirCredit() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        scoreExpert("e1", 40);
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - HOUR)));
        send(signal(engagement("u1", "b1", "e2", EngagementKind.CART, T0 - 2 * HOUR)));

        send(signal(activity("u1", T0 + MINUTE)));

        assertThat(proposals()).singleElement().satisfies(p -> {
            assertThat(p.experts).containsExactly("e2");
            assertThat(p.shares).containsExactly(1.0);
            assertThat(p.reason).isEqualTo("engagement:cart:e2");
        });
    }

    @Test
    void shouldWeightEachExpertsShareOfTheCreditByWordOfMouth() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        scoreExpert("e1", 100);
        scoreExpert("e2", 65);
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - HOUR)));
        send(signal(expertOrder("o2", "u1", "b1", "e2", T0 - HOUR)));

        send(signal(activity("u1", T0 + MINUTE)));

        assertThat(proposals()).singleElement().satisfies(p -> {
            assertThat(p.experts).containsExactly("e1", "e2");
            assertThat(p.shares[0]).as("equal touches, shares as 100 : 65").isCloseTo(100.0 / 165, within(1e-9));
            assertThat(p.shares[1]).isCloseTo(65.0 / 165, within(1e-9));
        });
    }

    @Test
    void shouldTurnAGoLiveReminderIntoARouteForAWarmBuyerOnly() throws Exception {
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));

        send(UserSignal.reminder("u1", "b1", "s1", T0, T0 + 2 * HOUR, T0));
        send(UserSignal.reminder("u2", "b1", "s1", T0, T0 + 2 * HOUR, T0));

        assertThat(decisions()).singleElement().satisfies(d -> {
            assertThat(d.user()).isEqualTo("u1");
            assertThat(d.sessionId()).isEqualTo("s1");
            assertThat(d.reason()).isEqualTo("reminder:expert_order:e1");
        });
    }

    @Test
    void shouldRouteALookAlikeFromTheModelAudienceWithoutAnyExpertSignal(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        announce(io.chuanliu.stream.model.ModelFixture.write(dir.resolve("v1"), "v1", 10, 1, 1));
        broadcast(goesLive("b2", "s2", T0, T0 + 4 * HOUR));

        // The fixture puts even users in b2's audience.
        send(signal(activity("u2", T0 + MINUTE)));
        send(signal(activity("u3", T0 + MINUTE)));

        assertThat(decisions()).singleElement().satisfies(d -> {
            assertThat(d.user()).isEqualTo("u2");
            assertThat(d.brand()).isEqualTo("b2");
            assertThat(d.reason()).isEqualTo("audience:v1");
            assertThat(d.expert()).isNull();
        });
    }

    @Test
    void shouldScoreANewBuyerUnknownToTheModelByFoldingInTheirTouches(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "new-buyer", "b1", "e1", T0 - HOUR)));
        send(signal(activity("new-buyer", T0)));
        double withoutModel = proposals().get(0).score;

        announce(io.chuanliu.stream.model.ModelFixture.write(dir.resolve("v1"), "v1", 10, 1, 1));
        broadcast(goesLive("b1", "s1b", T0 + DAY, T0 + DAY + 4 * HOUR));
        send(signal(expertOrder("o2", "new-buyer", "b1", "e1", T0 + DAY - HOUR)));
        send(signal(activity("new-buyer", T0 + DAY)));

        // Folded in, the buyer's factors point at b1: the served ranker (ALS score alone) gives a purchase probability
        // above
        // what a user without factors gets, sigmoid(intercept).
        double unknownUser =
                io.chuanliu.stream.model.ModelFixture.ALS_ONLY.probability(new double[RankerFeatures.NAMES.size()]);
        assertThat(proposals()).hasSize(2);
        assertThat(withoutModel)
                .as("touch strength times seller factor, without a model")
                .isPositive();
        assertThat(proposals().get(1).score).isGreaterThan(unknownUser * 1.1).isLessThan(1.0);
        assertThat(proposals().get(0).value)
                .as("without a model, pacing values a proposal by its score")
                .isEqualTo(withoutModel);
        assertThat(proposals().get(1).value)
                .as("with one, by the brand's share of the user's buying: all of it went to b1")
                .isGreaterThan(0.5)
                .isLessThan(1.0);
    }
}
