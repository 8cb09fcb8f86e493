package io.chuanliu.deploy.local.stack;

import static io.chuanliu.deploy.local.stack.StackTestSupport.HOME;
import static io.chuanliu.deploy.local.stack.StackTestSupport.advanceWatermarks;
import static io.chuanliu.deploy.local.stack.StackTestSupport.brandRoomOrder;
import static io.chuanliu.deploy.local.stack.StackTestSupport.flink;
import static io.chuanliu.deploy.local.stack.StackTestSupport.jobArgs;
import static io.chuanliu.deploy.local.stack.StackTestSupport.kafkaWithTopics;
import static io.chuanliu.deploy.local.stack.StackTestSupport.metricOnceSettled;
import static io.chuanliu.deploy.local.stack.StackTestSupport.producer;
import static io.chuanliu.deploy.local.stack.StackTestSupport.send;
import static io.chuanliu.deploy.local.stack.StackTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.ControlKind;
import io.chuanliu.common.events.Conversion;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.demo.OutputTopics;
import io.chuanliu.stream.model.ModelFixture;
import io.chuanliu.training.publish.ModelAnnouncer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing job rescaled on a standalone cluster of two TaskManagers: stopped with a savepoint at
 * parallelism 2, resumed at 4, stopped again and resumed at 1. Users reach the brand's room only
 * through the served model's look-alike audience, so a route after a rescale shows that the subtask
 * now owning the user opened the user-store shard of its new key-group range from the model the
 * broadcast state carried over. Route history (the minimum gap), the brand's spent budget and a
 * pending attribution carry over too; decisions, suppressions and conversions equal the oracle.
 */
class RescaleIT {

    private static final long T0 = Instant.parse("2026-10-29T12:00:00Z").toEpochMilli(); // 20:00 in Asia/Shanghai
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    private static final int MAX_PARALLELISM = 1024;
    private static final int GROUP = 20;
    /** Two groups routed in full, then five of the third. */
    private static final long BUDGET = 2 * GROUP + 5;

    @Test
    void shouldCarryTheModelRoutesBudgetsAndAttributionsFromParallelismTwoToFourToOne(@TempDir Path work)
            throws Exception {
        Layout layout = new Layout(HOME);
        // The model's fixture puts every even user in b2's look-alike audience; none has an expert touch.
        List<String> users =
                IntStream.range(0, 3 * GROUP).mapToObj(n -> "u" + 2 * n).toList();
        List<String> first = users.subList(0, GROUP);
        List<String> second = users.subList(GROUP, 2 * GROUP);
        List<String> third = users.subList(2 * GROUP, 3 * GROUP);
        ModelRef model = ModelFixture.write(work.resolve("models/r1"), "r1", 6 * GROUP, MAX_PARALLELISM, 8);
        try (LocalStack stack = new LocalStack()) {
            LocalKafka kafka = kafkaWithTopics(stack, layout, work, 2);
            LocalFlink flink = stack.add(flink(layout, work, 2).taskManagers(2).start());
            FlinkRestClient rest = new FlinkRestClient(flink.restUrl());
            OutputTopics outputs = new OutputTopics(kafka.bootstrapServers());
            String jar = rest.uploadJar(layout.streamingJobJar());
            List<String> args = jobArgs(
                    kafka.bootstrapServers(),
                    "--budget.burst",
                    "1",
                    "--holdout.fraction",
                    "0",
                    "--job.max-parallelism",
                    String.valueOf(MAX_PARALLELISM));

            try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
                // Parallelism 2: b2 is live with its budget, the model is served, the first group is routed.
                String p2 = rest.runJar(jar, args, 2);
                rest.awaitRunning(p2, Duration.ofMinutes(2));
                send(
                        producer,
                        Topics.LIVE_SESSIONS,
                        "b2",
                        new LiveSession("b2", "s1", SessionStatus.LIVE, T0, T0 + 4 * HOUR, List.of(), T0));
                send(
                        producer,
                        Topics.CONTROL,
                        "b2",
                        new ControlEvent(ControlKind.BRAND_BUDGET, null, "b2", null, null, null, null, BUDGET, T0));
                ModelAnnouncer.announce(model, kafka.bootstrapServers(), Topics.MODEL_UPDATES, Map.of());
                waitFor(() -> rest.metricSum(p2, "numGoLives") == 1
                        && rest.metricSum(p2, "numBudgetUpdates") == 1
                        && rest.metricSum(p2, "numModelsLoaded") == 2);
                visit(producer, first, T0 + 10 * MINUTE);
                waitFor(() -> rest.metricSum(p2, "numDecisions") == GROUP);
                String savepoint = rest.stopWithSavepoint(p2, work.resolve("savepoints"), Duration.ofMinutes(2));

                // Parallelism 4: the first group comes back inside the minimum gap; the second group is routed by the
                // model.
                String p4 = rest.runJarFromSavepoint(jar, args, 4, savepoint);
                rest.awaitRunning(p4, Duration.ofMinutes(2));
                visit(producer, first, T0 + 20 * MINUTE);
                visit(producer, second, T0 + 20 * MINUTE);
                waitFor(() -> rest.metricSum(p4, "numDecisions") == GROUP);
                assertThat(metricOnceSettled(() -> rest.metricSum(p4, "rule.min_gap.numSuppressed"), GROUP))
                        .as("the routes made at parallelism 2 hold their users back at 4")
                        .isEqualTo(GROUP);
                // One of the first group buys in b2's room: the route made before the rescale converts after it.
                String buyer = first.get(7);
                send(producer, Topics.EXPERT_ORDERS, buyer, brandRoomOrder("L1", buyer, "b2", T0 + 25 * MINUTE));
                advanceWatermarks(producer, T0 + 3 * HOUR);
                waitFor(() ->
                        !outputs.readAll(Topics.CONVERSIONS, Conversion.class).isEmpty());
                savepoint = rest.stopWithSavepoint(p4, work.resolve("savepoints"), Duration.ofMinutes(2));

                // Parallelism 1: the budget left for the day is five routes.
                String p1 = rest.runJarFromSavepoint(jar, args, 1, savepoint);
                rest.awaitRunning(p1, Duration.ofMinutes(2));
                visit(producer, third, T0 + 3 * HOUR + 10 * MINUTE);
                waitFor(() -> rest.metricSum(p1, "numDecisions") == 5);
                assertThat(metricOnceSettled(
                                () -> rest.metricSum(p1, "rule.budget_exhausted.numSuppressed"), GROUP - 5))
                        .as("the budget spent at parallelism 2 and 4 counts at 1")
                        .isEqualTo(GROUP - 5);

                List<RoutingDecision> decisions = outputs.readAll(Topics.ROUTING_DECISIONS, RoutingDecision.class);
                Set<String> routed =
                        decisions.stream().map(RoutingDecision::user).collect(Collectors.toSet());
                assertThat(decisions)
                        .as("one route per user, every one to b2 through the audience")
                        .hasSize((int) BUDGET)
                        .allSatisfy(d -> {
                            assertThat(d.brand()).isEqualTo("b2");
                            assertThat(d.reason()).startsWith("audience:r1");
                        });
                assertThat(routed).containsAll(first).containsAll(second);
                Set<String> thirdRouted = new HashSet<>(routed);
                thirdRouted.retainAll(third);
                assertThat(thirdRouted).hasSize(5);
                assertThat(outputs.readAll(Topics.CONVERSIONS, Conversion.class))
                        .extracting(Conversion::orderId, Conversion::user, Conversion::brand)
                        .containsExactly(org.assertj.core.api.Assertions.tuple("L1", buyer, "b2"));
                rest.cancel(p1);
            }
        }
    }

    private static void visit(KafkaProducer<byte[], byte[]> producer, List<String> users, long time) throws Exception {
        for (String user : users) {
            send(producer, Topics.USER_ACTIVITY, user, new UserActivity(user, "feed", time));
        }
    }
}
