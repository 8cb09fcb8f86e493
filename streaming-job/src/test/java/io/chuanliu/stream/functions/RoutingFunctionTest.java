package io.chuanliu.stream.functions;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.MINUTE;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.activity;
import static io.chuanliu.stream.testing.RoutingTestData.engagement;
import static io.chuanliu.stream.testing.RoutingTestData.ends;
import static io.chuanliu.stream.testing.RoutingTestData.expertOrder;
import static io.chuanliu.stream.testing.RoutingTestData.goesLive;
import static io.chuanliu.stream.testing.RoutingTestData.refund;
import static io.chuanliu.stream.testing.RoutingTestData.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.EngagementKind;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.stream.records.BroadcastUpdate;
import io.chuanliu.stream.records.ModelUpdate;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
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
    private static final Duration MIN_GAP = Duration.ofMinutes(30);
    private static final Duration BRAND_GAP = Duration.ofHours(24);

    private KeyedBroadcastOperatorTestHarness<String, UserSignal, BroadcastUpdate, RoutingDecision> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new RoutingFunction(WINDOW, MIN_GAP, BRAND_GAP), s -> s.user, Types.STRING, RoutingFunction.LIVE_SESSIONS, RoutingFunction.MODEL);
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

    private List<RoutingDecision> decisions() {
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

        assertThat(decisions()).singleElement().extracting(RoutingDecision::sessionId).isEqualTo("afternoon");
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
        assertThat(decisions()).extracting(RoutingDecision::activityTime).containsExactly(T0 + MINUTE, T0 + 40 * MINUTE);
    }

    @Test
    void shouldRouteOneBrandToOneUserAtMostOncePerBrandGap() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));

        send(signal(activity("u1", T0 + MINUTE)));
        send(signal(activity("u1", T0 + 2 * HOUR)));
        broadcast(goesLive("b1", "s2", T0 + DAY, T0 + DAY + HOUR));
        send(signal(activity("u1", T0 + DAY + 2 * MINUTE)));

        assertThat(decisions()).extracting(RoutingDecision::sessionId).containsExactly("s1", "s2");
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

        assertThat(decisions()).singleElement().extracting(RoutingDecision::reason).isEqualTo("engagement:cart:e7");
    }

    @Test
    void shouldGiveTheSameDecisionIdWhenTheSameActivityIsReplayed() throws Exception {
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));
        send(signal(activity("u1", T0 + MINUTE)));
        String first = decisions().get(0).decisionId();

        harness.close();
        openHarness();
        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - DAY)));
        send(signal(activity("u1", T0 + MINUTE)));

        assertThat(decisions()).singleElement().extracting(RoutingDecision::decisionId).isEqualTo(first);
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
    void shouldDropExpertSignalsOnceTheirTimeToLiveHasPassed() throws Exception {
        harness.setStateTtlProcessingTime(0);
        send(signal(expertOrder("o1", "u1", "b1", "e1", T0 - HOUR)));
        harness.setStateTtlProcessingTime(WINDOW.toMillis() + 1);
        send(signal(expertOrder("o2", "u2", "b1", "e1", T0 - HOUR)));

        broadcast(goesLive("b1", "s1", T0, T0 + 4 * HOUR));
        send(signal(activity("u1", T0 + MINUTE)));
        send(signal(activity("u2", T0 + MINUTE)));

        assertThat(decisions()).extracting(RoutingDecision::user).containsExactly("u2");
    }

    @Test
    void shouldRankEligibleBrandsByTheServedModelAndKeepItWhenTheNextModelIsCorrupt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
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
        assertThat(harness.getBroadcastState(RoutingFunction.MODEL).get("current").version).isEqualTo("v1");
    }
}
