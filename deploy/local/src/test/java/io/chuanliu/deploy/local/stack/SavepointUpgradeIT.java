package io.chuanliu.deploy.local.stack;

import static io.chuanliu.deploy.local.stack.StackTestSupport.HOME;
import static io.chuanliu.deploy.local.stack.StackTestSupport.advanceWatermarks;
import static io.chuanliu.deploy.local.stack.StackTestSupport.brandRoomOrder;
import static io.chuanliu.deploy.local.stack.StackTestSupport.flink;
import static io.chuanliu.deploy.local.stack.StackTestSupport.jobArgs;
import static io.chuanliu.deploy.local.stack.StackTestSupport.kafkaWithTopics;
import static io.chuanliu.deploy.local.stack.StackTestSupport.metricOnceSettled;
import static io.chuanliu.deploy.local.stack.StackTestSupport.producer;
import static io.chuanliu.deploy.local.stack.StackTestSupport.routedUser;
import static io.chuanliu.deploy.local.stack.StackTestSupport.send;
import static io.chuanliu.deploy.local.stack.StackTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.ControlKind;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.demo.OutputTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade as a user does it, on the local stack (a real broker and a standalone Flink cluster):
 * run the job, stop it with a savepoint over REST, start it again from the savepoint with a changed
 * setting, and see that eligibility, the minimum gap, the brand's spent budget and a pending
 * attribution all carried over.
 */
class SavepointUpgradeIT {

    private static final long T0 = Instant.parse("2026-10-29T12:00:00Z").toEpochMilli(); // 20:00 in Asia/Shanghai
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final int PARALLELISM = 2;

    @Test
    void shouldCarryEligibilityCapsBudgetsAndPendingAttributionsAcrossAStopWithSavepointAndRestart(@TempDir Path work)
            throws Exception {
        Layout layout = new Layout(HOME);
        String first = routedUser("first");
        String second = routedUser("second");
        String third = routedUser("third");
        try (LocalStack stack = new LocalStack()) {
            LocalKafka kafka = kafkaWithTopics(stack, layout, work, PARALLELISM);
            LocalFlink flink = stack.add(flink(layout, work, PARALLELISM).start());
            FlinkRestClient rest = new FlinkRestClient(flink.restUrl());
            OutputTopics outputs = new OutputTopics(kafka.bootstrapServers());
            String jar = rest.uploadJar(layout.streamingJobJar());
            List<String> args = jobArgs(kafka.bootstrapServers(), "--budget.burst", "1");

            try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
                // Version 1: b1 is live with a budget of two routes; three expert buyers, who buy after b1's go-live
                // (so its reminders, at the session's start in event time, find none); the first is routed.
                String v1 = rest.runJar(jar, args, PARALLELISM);
                rest.awaitRunning(v1, Duration.ofMinutes(2));
                send(
                        producer,
                        Topics.LIVE_SESSIONS,
                        "b1",
                        new LiveSession("b1", "s1", SessionStatus.LIVE, T0, T0 + 4 * HOUR, List.of(), T0));
                send(
                        producer,
                        Topics.CONTROL,
                        "b1",
                        new ControlEvent(ControlKind.BRAND_BUDGET, null, "b1", null, null, null, null, 2L, T0));
                waitFor(() -> rest.metricSum(v1, "numGoLives") == 1 && rest.metricSum(v1, "numBudgetUpdates") == 1);
                for (String user : List.of(first, second, third)) {
                    send(producer, Topics.EXPERT_ORDERS, user, expertOrder("o-" + user, user, T0 + MINUTE));
                }
                waitFor(() -> rest.metricSum(v1, "numExpertOrders") == 3);
                send(producer, Topics.USER_ACTIVITY, first, new UserActivity(first, "feed", T0 + 10 * MINUTE));
                waitFor(() -> rest.metricSum(v1, "numDecisions") == 1);

                String savepoint = rest.stopWithSavepoint(v1, work.resolve("savepoints"), Duration.ofMinutes(2));

                // Version 2, from the savepoint, with a longer minimum gap (45 min instead of 30).
                List<String> upgraded = new ArrayList<>(args);
                upgraded.addAll(List.of("--routing.min-gap", "45m"));
                String v2 = rest.runJarFromSavepoint(jar, upgraded, PARALLELISM, savepoint);
                rest.awaitRunning(v2, Duration.ofMinutes(2));
                // 40 minutes after the first route: allowed by the old gap, not by the new one.
                send(producer, Topics.USER_ACTIVITY, first, new UserActivity(first, "feed", T0 + 50 * MINUTE));
                send(producer, Topics.USER_ACTIVITY, second, new UserActivity(second, "feed", T0 + 50 * MINUTE));
                waitFor(() -> rest.metricSum(v2, "numDecisions") == 1);
                send(producer, Topics.USER_ACTIVITY, third, new UserActivity(third, "feed", T0 + 51 * MINUTE));
                // The first user buys in b1's room within the attribution window of the route made before the upgrade.
                send(producer, Topics.EXPERT_ORDERS, first, brandRoomOrder("L1", first, "b1", T0 + 55 * MINUTE));
                advanceWatermarks(producer, T0 + 3 * HOUR);
                waitFor(() -> !outputs.readAll(Topics.EXPERT_REWARDS, ExpertReward.class)
                        .isEmpty());

                assertThat(outputs.readAll(Topics.ROUTING_DECISIONS, RoutingDecision.class))
                        .extracting(RoutingDecision::user, RoutingDecision::activityTime)
                        .as("eligibility carried over; the spent budget and the old route's time too")
                        .containsExactlyInAnyOrder(tuple(first, T0 + 10 * MINUTE), tuple(second, T0 + 50 * MINUTE));
                assertThat(metricOnceSettled(() -> rest.metricSum(v2, "rule.min_gap.numSuppressed"), 1))
                        .as("the new gap, from the old route's time")
                        .isEqualTo(1);
                assertThat(metricOnceSettled(() -> rest.metricSum(v2, "rule.budget_exhausted.numSuppressed"), 1))
                        .as("one route spent before, one after")
                        .isEqualTo(1);
                assertThat(outputs.readAll(Topics.EXPERT_REWARDS, ExpertReward.class))
                        .extracting(ExpertReward::orderId, ExpertReward::expert, ExpertReward::credit)
                        .as("the decision made before the upgrade converts after it")
                        .containsExactly(tuple("L1", "e-" + first, 1.0));
                rest.cancel(v2);
            }
        }
    }

    private static ExpertOrder expertOrder(String id, String user, long time) {
        return StackTestSupport.expertOrder(id, user, "e-" + user, time);
    }
}
