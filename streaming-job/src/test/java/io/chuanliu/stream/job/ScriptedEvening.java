package io.chuanliu.stream.job;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.MINUTE;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.activity;
import static io.chuanliu.stream.testing.RoutingTestData.brandLiveOrder;
import static io.chuanliu.stream.testing.RoutingTestData.engagement;
import static io.chuanliu.stream.testing.RoutingTestData.expertOrder;
import static io.chuanliu.stream.testing.RoutingTestData.liveSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.ControlKind;
import io.chuanliu.common.events.Conversion;
import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.EngagementKind;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.common.events.OrderChannel;
import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.events.RoutingStats;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.stream.functions.DecisionIds;
import io.chuanliu.stream.rules.Holdout;
import io.chuanliu.stream.testing.JobMetrics;
import io.chuanliu.stream.testing.TestClusters;
import io.chuanliu.stream.testing.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * A scripted evening and what it implies: every decision, suppression, conversion and reward. Played
 * against the routing job on a real broker ({@link RoutingJobIT}) and on in-memory topics
 * ({@link RoutingGraphTest}), so the two cannot drift apart.
 */
final class ScriptedEvening {

    /** The arguments the script's timings assume (fast checkpoints, idleness and stats flushes; a burst of 1). */
    /** A MiniCluster with RocksDB and a slot per subtask, reporting to {@code reporter}. */
    static MiniClusterExtension cluster(InMemoryReporter reporter) {
        return TestClusters.extension(PARALLELISM, reporter.addToConfiguration(TestClusters.rocksDb()));
    }

    /** The job's broker-test settings ({@link BrokerJob#settings}) plus the evening's: no budget burst, stats flushed often. */
    static RoutingJobConfig settings(String bootstrapServers) {
        return BrokerJob.settings(bootstrapServers, "--budget.burst", "1", "--stats.flush-interval", "200ms");
    }

    /** The parallelism the job runs at: seller scores are broadcast to each routing subtask. */
    static final int PARALLELISM = 2;

    private static final Duration WAIT = Duration.ofMinutes(2);

    private final TestTopics topics;
    private final JobMetrics metrics;
    private final JobID job;

    ScriptedEvening(TestTopics topics, JobMetrics metrics, JobID job) {
        this.topics = topics;
        this.metrics = metrics;
        this.job = job;
    }

    /** The first id {@code prefix<n>} whose hold-out membership (at the default 10%) is {@code held}. */
    static String user(String prefix, boolean held) {
        return IntStream.range(0, 1000)
                .mapToObj(n -> prefix + n)
                .filter(u -> Holdout.contains(u, 0.1) == held)
                .findFirst()
                .orElseThrow();
    }

    /** Plays the evening into the running job and asserts everything it should have produced. */
    void play() throws Exception {
        String fresh = user("fresh", false);
        String twoExperts = user("two-experts", false);
        String overBudget = user("over-budget", false);
        String lowScore = user("low-score", false);
        String optedOut = user("opted-out", false);
        String warm = user("warm", false);
        String heldOut = user("held", true);
        // 20:00 local. b1 (budget 2) and b2 (seller score 50) are live; b3 goes live at 21:00.
        send(Topics.LIVE_SESSIONS, "b1", liveSession("b1", "s1", SessionStatus.LIVE, T0, T0 + 4 * HOUR, T0));
        send(Topics.LIVE_SESSIONS, "b2", liveSession("b2", "s2", SessionStatus.LIVE, T0, T0 + 4 * HOUR, T0));
        send(
                Topics.CONTROL,
                "b1",
                new ControlEvent(ControlKind.BRAND_BUDGET, null, "b1", null, null, null, null, 2L, T0));
        send(
                Topics.CONTROL,
                "b2",
                new ControlEvent(ControlKind.SELLER_SCORES, null, "b2", null, 50.0, 90.0, null, null, T0));
        send(
                Topics.CONTROL,
                optedOut,
                new ControlEvent(ControlKind.OPT_OUT, optedOut, null, null, null, null, null, null, T0));
        waitFor(() -> metrics.counter(job, "numGoLives") == 2
                && metrics.counter(job, "numBudgetUpdates") == 1
                && metrics.counter(job, "numSellerScoreUpdates") == PARALLELISM
                && metrics.counter(job, "numOptOuts") == 1);

        // Expert distribution: b3's buyers over the past days; b1's and b2's in the first minutes of the
        // evening, after their go-live, so b1's and b2's reminders (at 20:00 in event time) find no buyer.
        send(Topics.EXPERT_ORDERS, fresh, expertOrder("o1", fresh, "b1", "e1", T0 + MINUTE));
        send(Topics.EXPERT_ORDERS, twoExperts, expertOrder("o2", twoExperts, "b1", "e2", T0 + 2 * MINUTE));
        send(Topics.ENGAGEMENTS, twoExperts, engagement(twoExperts, "b1", "e3", EngagementKind.LIKE, T0 - HOUR));
        send(Topics.EXPERT_ORDERS, overBudget, expertOrder("o3", overBudget, "b1", "e1", T0 + 3 * MINUTE));
        send(Topics.EXPERT_ORDERS, lowScore, expertOrder("o4", lowScore, "b2", "e4", T0 + 4 * MINUTE));
        send(Topics.EXPERT_ORDERS, optedOut, expertOrder("o5", optedOut, "b1", "e1", T0 + 5 * MINUTE));
        send(Topics.EXPERT_ORDERS, warm, expertOrder("o7", warm, "b3", "e7", T0 - 3 * DAY));
        send(Topics.EXPERT_ORDERS, heldOut, expertOrder("o6", heldOut, "b3", "e6", T0 - DAY));
        topics.send(Topics.EXPERT_ORDERS, "x", "not json".getBytes(StandardCharsets.UTF_8), T0);
        waitFor(() -> metrics.counter(job, "numExpertOrders") == 7 && metrics.counter(job, "numEngagements") == 1);

        // 20:10: traffic slots. fresh and twoExperts take b1's budget; lowScore's brand is under the threshold.
        send(Topics.USER_ACTIVITY, fresh, activity(fresh, T0 + 10 * MINUTE));
        send(Topics.USER_ACTIVITY, twoExperts, activity(twoExperts, T0 + 10 * MINUTE));
        send(Topics.USER_ACTIVITY, lowScore, activity(lowScore, T0 + 10 * MINUTE));
        send(Topics.USER_ACTIVITY, optedOut, activity(optedOut, T0 + 10 * MINUTE));
        send(Topics.USER_ACTIVITY, "nobody", activity("nobody", T0 + 10 * MINUTE));
        topics.send(
                Topics.USER_ACTIVITY,
                "x",
                ("{\"surface\":\"feed\",\"event_time\":" + T0 + "}").getBytes(StandardCharsets.UTF_8),
                T0);
        waitFor(() -> metrics.counter(job, "numDecisions") == 2);
        // 20:20: b1's budget is spent; fresh is within the minimum gap.
        send(Topics.USER_ACTIVITY, overBudget, activity(overBudget, T0 + 20 * MINUTE));
        send(Topics.USER_ACTIVITY, fresh, activity(fresh, T0 + 20 * MINUTE));
        waitFor(() -> metrics.counter(job, "numActivities") == 7);

        // 20:30-20:40: both routed users buy in b1's room; a user nobody routed buys too.
        send(Topics.EXPERT_ORDERS, fresh, brandLiveOrder("L1", fresh, "b1", T0 + 30 * MINUTE));
        send(Topics.EXPERT_ORDERS, twoExperts, brandLiveOrder("L2", twoExperts, "b1", T0 + 40 * MINUTE));
        send(Topics.EXPERT_ORDERS, "nobody", brandLiveOrder("L9", "nobody", "b1", T0 + 40 * MINUTE));

        // 21:00: b3 goes live. Its reminders to its warm buyers go out when the watermark passes 21:00; the
        // held-out one is chosen but not shown, and buys anyway.
        send(
                Topics.LIVE_SESSIONS,
                "b3",
                liveSession("b3", "s3", SessionStatus.LIVE, T0 + HOUR, T0 + 3 * HOUR, T0 + HOUR));
        waitFor(() -> metrics.counter(job, "numGoLives") == 3);
        assertThat(metrics.counter(job, "numRemindersSent"))
                .as("b3's start is ahead of the watermark")
                .isZero();
        send(Topics.EXPERT_ORDERS, heldOut, brandLiveOrder("L6", heldOut, "b3", T0 + HOUR + 20 * MINUTE));

        // Later events move the watermark past b3's start and every order, so the reminders go out and
        // attribution can judge the orders.
        send(Topics.USER_ACTIVITY, "tick", activity("tick", T0 + 3 * HOUR));
        send(
                Topics.EXPERT_ORDERS,
                "tick",
                new ExpertOrder("tick", "tick", "b9", "b9-i1", null, OrderChannel.SHELF, 100, 1, T0 + 3 * HOUR, false));
        waitFor(() -> metrics.counter(job, "numRemindersSent") == 2);
        waitFor(() -> read(Topics.CONVERSIONS, Conversion.class).size() == 3);

        List<RoutingDecision> decisions = read(Topics.ROUTING_DECISIONS, RoutingDecision.class);
        assertThat(decisions)
                .extracting(RoutingDecision::decisionId, RoutingDecision::brand, RoutingDecision::reason)
                .containsExactlyInAnyOrder(
                        tuple(DecisionIds.of(fresh, "b1", "s1", T0 + 10 * MINUTE), "b1", "expert_order:e1"),
                        tuple(DecisionIds.of(twoExperts, "b1", "s1", T0 + 10 * MINUTE), "b1", "expert_order:e2"),
                        tuple(DecisionIds.of(warm, "b3", "s3", T0 + HOUR), "b3", "reminder:expert_order:e7"));
        assertThat(metrics.counter(job, "numHeldOutDecisions")).isEqualTo(1);

        assertThat(read(Topics.CONVERSIONS, Conversion.class))
                .extracting(Conversion::orderId, Conversion::user, Conversion::group)
                .containsExactlyInAnyOrder(
                        tuple("L1", fresh, Conversion.ROUTED),
                        tuple("L2", twoExperts, Conversion.ROUTED),
                        tuple("L6", heldOut, Conversion.HOLDOUT));
        List<ExpertReward> rewards = read(Topics.EXPERT_REWARDS, ExpertReward.class);
        assertThat(rewards)
                .extracting(ExpertReward::orderId, ExpertReward::expert)
                .containsExactlyInAnyOrder(tuple("L1", "e1"), tuple("L2", "e2"), tuple("L2", "e3"));
        assertThat(rewards)
                .filteredOn(r -> r.orderId().equals("L1"))
                .singleElement()
                .extracting(ExpertReward::credit)
                .isEqualTo(1.0);
        double e2 = rewards.stream()
                .filter(r -> r.expert().equals("e2"))
                .findFirst()
                .orElseThrow()
                .credit();
        double e3 = rewards.stream()
                .filter(r -> r.expert().equals("e3"))
                .findFirst()
                .orElseThrow()
                .credit();
        assertThat(e2 + e3).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(e2).as("an order outweighs an earlier like").isGreaterThan(e3);

        assertThat(suppressed("budget_exhausted")).isEqualTo(1);
        // The refused route came back through routing-refusals and no longer counts against the user's caps.
        waitFor(() -> metrics.counter(job, "numRoutesTakenBack") == 1);
        assertThat(read(Topics.ROUTING_REFUSALS, RouteRefusal.class))
                .extracting(RouteRefusal::user, RouteRefusal::brand, RouteRefusal::rule, RouteRefusal::activityTime)
                .containsExactly(tuple(overBudget, "b1", "budget_exhausted", T0 + 20 * MINUTE));
        assertThat(suppressed("seller_score")).isEqualTo(1);
        assertThat(suppressed("opt_out")).isEqualTo(1);
        assertThat(suppressed("min_gap")).isEqualTo(1);

        // Per brand and day, the stats count what the other outputs show: b1's two routes (the third
        // refused), the held-out user's decision and conversion, b3's reminder route.
        waitFor(() -> latestStats().getOrDefault("b1", List.of()).size() == 1
                && latestStats().get("b1").get(0).routedConversions() == 2);
        java.util.Map<String, List<RoutingStats>> stats = latestStats();
        assertThat(stats.get("b1")).singleElement().satisfies(b1 -> {
            assertThat(b1.day()).isEqualTo("2026-10-29");
            assertThat(b1.routes()).isEqualTo(2);
            assertThat(b1.refusals()).containsEntry("budget_exhausted", 1L);
            assertThat(b1.dailyBudget()).isEqualTo(2L);
            assertThat(b1.routedGmvCents())
                    .isEqualTo(read(Topics.CONVERSIONS, Conversion.class).stream()
                            .filter(c -> c.brand().equals("b1") && c.group().equals(Conversion.ROUTED))
                            .mapToLong(Conversion::amountCents)
                            .sum());
        });
        assertThat(stats.values().stream()
                        .flatMap(List::stream)
                        .mapToLong(RoutingStats::routes)
                        .sum())
                .isEqualTo(decisions.size());
        assertThat(stats.values().stream()
                        .flatMap(List::stream)
                        .mapToLong(RoutingStats::holdouts)
                        .sum())
                .isEqualTo(1);
        assertThat(stats.values().stream()
                        .flatMap(List::stream)
                        .mapToLong(RoutingStats::holdoutConversions)
                        .sum())
                .isEqualTo(1);

        List<DeadLetter> deadLetters = read(Topics.DEAD_LETTERS, DeadLetter.class);
        assertThat(deadLetters)
                .extracting(DeadLetter::sourceTopic)
                .containsExactlyInAnyOrder(Topics.EXPERT_ORDERS, Topics.USER_ACTIVITY);
        assertThat(deadLetters)
                .filteredOn(d -> d.sourceTopic().equals(Topics.EXPERT_ORDERS))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.reason()).startsWith("malformed JSON");
                    assertThat(new String(d.raw(), StandardCharsets.UTF_8)).isEqualTo("not json");
                });
        assertThat(deadLetters)
                .filteredOn(d -> d.sourceTopic().equals(Topics.USER_ACTIVITY))
                .singleElement()
                .extracting(DeadLetter::reason)
                .isEqualTo("missing field 'user'");
    }

    private long suppressed(String rule) {
        return metrics.counter(job, "rule." + rule + ".numSuppressed");
    }

    private static void waitFor(Callable<Boolean> condition) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(condition);
    }

    private void send(String topic, String key, Event event) throws Exception {
        topics.send(topic, key, EventJson.toBytes(event), event.eventTime());
    }

    /** The latest routing-stats snapshot of each brand and day, by brand. */
    private java.util.Map<String, List<RoutingStats>> latestStats() {
        java.util.Map<String, RoutingStats> latest = new java.util.TreeMap<>();
        read(Topics.ROUTING_STATS, RoutingStats.class).forEach(s -> latest.put(s.key(), s));
        return latest.values().stream().collect(java.util.stream.Collectors.groupingBy(RoutingStats::brand));
    }

    private <T> List<T> read(String topic, Class<T> type) {
        return topics.values(topic).stream()
                .map(v -> {
                    try {
                        return EventJson.mapper().readValue(v, type);
                    } catch (java.io.IOException e) {
                        throw new AssertionError(
                                "unreadable " + type.getSimpleName() + ": " + new String(v, StandardCharsets.UTF_8), e);
                    }
                })
                .toList();
    }
}
