package io.chuanliu.stream.stats;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.MINUTE;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.Conversion;
import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.common.events.RoutingStats;
import io.chuanliu.common.incrementality.GroupOutcome;
import io.chuanliu.common.incrementality.IncrementalGmv;
import io.chuanliu.stream.records.BrandSignal;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.rules.RoutingRules;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class PerBrandStatsTest {

    private static final Duration FLUSH = Duration.ofSeconds(10);
    /** T0 is 20:00 on 2026-10-29 in Asia/Shanghai; the local day ends at 16:00 UTC. */
    private static final long DAY_END = Instant.parse("2026-10-29T16:00:00Z").toEpochMilli();

    private static final long CLOSE = DAY_END + 2 * HOUR + DAY;
    /** Processing time a day must have been open before it closes: attribution window plus lateness. */
    private static final long HELD = 2 * HOUR + DAY;

    private KeyedOneInputStreamOperatorTestHarness<String, BrandOutcome, RoutingStats> open() throws Exception {
        var harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new PerBrandStats(RoutingRules.defaults(), FLUSH, Duration.ofHours(2), Duration.ofDays(1)),
                o -> o.brand,
                Types.STRING);
        harness.open();
        return harness;
    }

    @Test
    void shouldCountTheDaysDecisionsRefusalsAndOrdersIntoOneSnapshotPerFlush() throws Exception {
        try (var h = open()) {
            h.setProcessingTime(0);
            for (int i = 0; i < 3; i++) {
                h.processElement(
                        BrandOutcome.admitted(proposal("d" + i, "b1", T0 + i * MINUTE, false)), T0 + i * MINUTE);
            }
            h.processElement(BrandOutcome.admitted(proposal("h1", "b1", T0, true)), T0);
            h.processElement(BrandOutcome.admitted(proposal("h2", "b1", T0, true)), T0);
            h.processElement(
                    BrandOutcome.refused(new RouteRefusal("r1", "u9", "b1", "s1", "budget_pacing", T0, 0.2)), T0);
            h.processElement(
                    BrandOutcome.converted(conversion("d0", "b1", Conversion.ROUTED, 3000, T0, T0 + 10 * MINUTE)), T0);
            h.processElement(
                    BrandOutcome.converted(conversion("d1", "b1", Conversion.ROUTED, 5000, T0, T0 + 20 * MINUTE)), T0);
            h.processElement(
                    BrandOutcome.converted(conversion("h1", "b1", Conversion.HOLDOUT, 4000, T0, T0 + 30 * MINUTE)), T0);
            assertThat(h.extractOutputValues()).as("nothing before the flush").isEmpty();

            h.setProcessingTime(FLUSH.toMillis());
            assertThat(h.extractOutputValues()).singleElement().satisfies(stats -> {
                assertThat(stats.brand()).isEqualTo("b1");
                assertThat(stats.day()).isEqualTo("2026-10-29");
                assertThat(stats.last()).isFalse();
                assertThat(stats.asOf()).isEqualTo(T0 + 30 * MINUTE);
                assertThat(stats.routes()).isEqualTo(3);
                assertThat(stats.holdouts()).isEqualTo(2);
                assertThat(stats.refusals()).isEqualTo(Map.of("budget_pacing", 1L, "budget_exhausted", 0L));
                assertThat(stats.routed()).isEqualTo(new GroupOutcome(3, 2, 8000, 3000.0 * 3000 + 5000.0 * 5000));
                assertThat(stats.holdout()).isEqualTo(new GroupOutcome(2, 1, 4000, 4000.0 * 4000));
                IncrementalGmv lift =
                        IncrementalGmv.of(stats.routed(), stats.holdout()).orElseThrow();
                assertThat(stats.incrementalGmvCents()).isEqualTo(lift.cents());
                assertThat(stats.incrementalGmvLowCents()).isEqualTo(lift.lowCents());
                assertThat(stats.incrementalGmvHighCents()).isEqualTo(lift.highCents());
            });

            h.setProcessingTime(3 * FLUSH.toMillis());
            assertThat(h.extractOutputValues())
                    .as("no snapshot when nothing changed")
                    .hasSize(1);
        }
    }

    @Test
    void shouldCountAnOrderAfterMidnightOnItsDecisionsDay() throws Exception {
        try (var h = open()) {
            long lateEvening = DAY_END - 10 * MINUTE;
            h.processElement(BrandOutcome.admitted(proposal("d1", "b1", lateEvening, false)), lateEvening);
            h.processElement(
                    BrandOutcome.converted(
                            conversion("d1", "b1", Conversion.ROUTED, 700, lateEvening, DAY_END + 20 * MINUTE)),
                    DAY_END + 20 * MINUTE);
            h.setProcessingTime(FLUSH.toMillis());

            assertThat(h.extractOutputValues()).singleElement().satisfies(stats -> {
                assertThat(stats.day()).isEqualTo("2026-10-29");
                assertThat(stats.routedConversions()).isEqualTo(1);
            });
        }
    }

    @Test
    void shouldKeepEachBrandApartAndCarryItsBudget() throws Exception {
        try (var h = open()) {
            BrandSignal budget = new BrandSignal();
            budget.brand = "b2";
            budget.dailyBudget = 500L;
            budget.eventTime = T0 - HOUR;
            h.processElement(BrandOutcome.budget(budget), T0 - HOUR);
            h.processElement(BrandOutcome.admitted(proposal("d1", "b1", T0, false)), T0);
            h.processElement(BrandOutcome.admitted(proposal("d2", "b2", T0, false)), T0);
            h.setProcessingTime(FLUSH.toMillis());

            assertThat(h.extractOutputValues())
                    .extracting(RoutingStats::brand, RoutingStats::routes, RoutingStats::dailyBudget)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("b1", 1L, null),
                            org.assertj.core.groups.Tuple.tuple("b2", 1L, 500L));
        }
    }

    @Test
    void shouldWriteTheLastSnapshotAndDropTheDayOnceBothClocksHavePassedAttributionAndLateness() throws Exception {
        try (var h = open()) {
            h.setProcessingTime(0);
            h.processElement(BrandOutcome.admitted(proposal("d1", "b1", T0, false)), T0);
            h.processElement(BrandOutcome.admitted(proposal("h1", "b1", T0, true)), T0);
            h.setProcessingTime(FLUSH.toMillis());
            h.processWatermark(CLOSE - 1);
            h.setProcessingTime(HELD);
            assertThat(h.extractOutputValues()).hasSize(1);

            h.processWatermark(CLOSE);

            assertThat(h.extractOutputValues()).hasSize(2).last().satisfies(stats -> {
                assertThat(stats.last()).isTrue();
                assertThat(stats.routes()).isEqualTo(1);
                assertThat(stats.holdouts()).isEqualTo(1);
            });
            assertThat(h.numKeyedStateEntries())
                    .as("only the latest closed day is left")
                    .isOne();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    /** Replayed old events, or idle inputs, can move the watermark days ahead in seconds. */
    @Test
    void shouldKeepCountingADayWhoseWatermarkJumpedAheadUntilProcessingTimeAgrees() throws Exception {
        try (var h = open()) {
            h.setProcessingTime(0);
            h.processElement(BrandOutcome.admitted(proposal("d1", "b1", T0, false)), T0);
            h.processWatermark(CLOSE + 30 * DAY);
            h.processElement(
                    BrandOutcome.converted(conversion("d1", "b1", Conversion.ROUTED, 700, T0, T0 + HOUR)), T0 + HOUR);
            h.setProcessingTime(FLUSH.toMillis());

            assertThat(h.extractOutputValues()).singleElement().satisfies(stats -> {
                assertThat(stats.last()).isFalse();
                assertThat(stats.routedConversions()).isEqualTo(1);
            });

            h.setProcessingTime(HELD);

            assertThat(h.extractOutputValues())
                    .hasSize(2)
                    .last()
                    .satisfies(stats -> assertThat(stats.last()).isTrue());
            assertThat(h.numProcessingTimeTimers())
                    .as("the pending flush went with the last day")
                    .isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void shouldLeaveOutAnOrderForADayThatHasClosed() throws Exception {
        try (var h = open()) {
            h.setProcessingTime(0);
            h.processElement(BrandOutcome.admitted(proposal("d1", "b1", T0, false)), T0);
            h.processWatermark(CLOSE);
            h.setProcessingTime(HELD);
            int written = h.extractOutputValues().size();
            assertThat(h.extractOutputValues())
                    .last()
                    .satisfies(stats -> assertThat(stats.last()).isTrue());

            h.processElement(
                    BrandOutcome.converted(conversion("d1", "b1", Conversion.ROUTED, 700, T0, CLOSE + HOUR)),
                    CLOSE + HOUR);
            h.setProcessingTime(HELD + FLUSH.toMillis());

            assertThat(h.extractOutputValues())
                    .as("the last snapshot stays the last")
                    .hasSize(written);
            assertThat(h.numKeyedStateEntries()).isOne();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    private static Proposal proposal(String decisionId, String brand, long time, boolean holdout) {
        Proposal p = new Proposal();
        p.decisionId = decisionId;
        p.user = "u-" + decisionId;
        p.brand = brand;
        p.sessionId = "s1";
        p.activityTime = time;
        p.holdout = holdout;
        return p;
    }

    private static Conversion conversion(
            String decisionId, String brand, String group, long amount, long decisionTime, long orderTime) {
        return new Conversion(
                decisionId, "u-" + decisionId, brand, group, "o-" + decisionId, amount, decisionTime, orderTime);
    }
}
