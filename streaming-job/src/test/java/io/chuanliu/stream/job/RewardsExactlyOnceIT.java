package io.chuanliu.stream.job;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.MINUTE;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.activity;
import static io.chuanliu.stream.testing.RoutingTestData.brandLiveOrder;
import static io.chuanliu.stream.testing.RoutingTestData.expertOrder;
import static io.chuanliu.stream.testing.RoutingTestData.liveSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.common.events.OrderChannel;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.stream.rules.Holdout;
import io.chuanliu.stream.testing.EmbeddedKafka;
import io.chuanliu.stream.testing.JobMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.server.common.TransactionVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the only TaskManager while the job is attributing conversions, lets Flink restore from the
 * last checkpoint on a fresh TaskManager, and checks that the committed expert rewards are exactly
 * the oracle's: none lost, none written twice.
 */
class RewardsExactlyOnceIT {

    private static final int PARALLELISM = 2;
    private static final int USERS = 400;
    private static final int BRANDS = 5;
    private static final int EXPERTS = 7;

    @RegisterExtension
    static final EmbeddedKafka KAFKA_TV2 = new EmbeddedKafka(TransactionVersion.TV_2);

    @RegisterExtension
    static final EmbeddedKafka KAFKA_TV1 = new EmbeddedKafka(TransactionVersion.TV_1);

    private EmbeddedKafka kafka;

    @TempDir
    Path checkpoints;

    /** User u bought brand u%5 through expert u%7 yesterday, opens the app at T0 + 10u s, and if u%3 == 0 buys in the room 10 min later. */
    private static long activityTime(int u) {
        return T0 + u * 10_000L;
    }

    private static boolean buysInTheRoom(int u) {
        return u % 3 == 0;
    }

    /** The rewards the script implies: every routed (not held-out) buyer's order earns its one expert full credit. */
    private static List<String> oracle() {
        List<String> rewards = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            if (buysInTheRoom(u) && !Holdout.contains("u" + u, 0.1)) {
                rewards.add("L" + u + " e" + (u % EXPERTS) + " 1.0");
            }
        }
        return rewards;
    }

    /**
     * Under both transaction protocols. With v2 (Kafka 4's default) the connector logs "Unable to
     * commit transaction ... producer is already fenced" on recovery for transactions that had been
     * committed before the failure; the committed rewards show that nothing was lost.
     */
    @ParameterizedTest(name = "transaction protocol {0}")
    @ValueSource(strings = {"TV_2", "TV_1"})
    void shouldCommitEveryRewardExactlyOnceAcrossATaskManagerFailure(String protocol) throws Exception {
        kafka = protocol.equals("TV_2") ? KAFKA_TV2 : KAFKA_TV1;
        kafka.createTopics(PARALLELISM, List.of(Topics.EXPERT_ORDERS, Topics.ENGAGEMENTS, Topics.LIVE_SESSIONS, Topics.USER_ACTIVITY,
                Topics.CONTROL, Topics.MODEL_UPDATES, Topics.ROUTING_DECISIONS, Topics.EXPERT_REWARDS, Topics.CONVERSIONS,
                Topics.DEAD_LETTERS));
        InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
        Configuration cluster = reporter.addToConfiguration(new Configuration());
        cluster.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        cluster.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        cluster.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        cluster.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        cluster.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        cluster.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        try (MiniCluster flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(cluster).setNumTaskManagers(1).setNumSlotsPerTaskManager(PARALLELISM).build())) {
            flink.start();
            RoutingJobConfig config = RoutingJobConfig.fromArgs("--kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "--checkpoint.interval", "500ms", "--watermark.idleness", "5s", "--routing.quiet-hours", "none");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
            env.setParallelism(PARALLELISM);
            new RoutingJob(config).define(env);
            JobID job = flink.submitJob(env.getStreamGraph()).get().getJobID();
            await().atMost(Duration.ofMinutes(1)).until(() -> flink.getJobStatus(job).get() == JobStatus.RUNNING);

            // Sessions first, then the buyers (so no go-live reminder races the script), then the evening.
            JobMetrics metrics = new JobMetrics(reporter);
            List<ProducerRecord<byte[], byte[]>> sessions = new ArrayList<>();
            for (int b = 0; b < BRANDS; b++) {
                sessions.add(record(Topics.LIVE_SESSIONS, "b" + b, liveSession("b" + b, "s" + b, SessionStatus.LIVE, T0, T0 + 3 * HOUR, T0)));
            }
            kafka.sendAll(sessions);
            await().atMost(Duration.ofMinutes(1)).until(() -> metrics.counter(job, "numGoLives") == BRANDS
                    && metrics.counter(job, "numSessionUpdates") == BRANDS * PARALLELISM);
            List<ProducerRecord<byte[], byte[]>> buyers = new ArrayList<>();
            for (int u = 0; u < USERS; u++) {
                buyers.add(record(Topics.EXPERT_ORDERS, "u" + u, expertOrder("o" + u, "u" + u, "b" + (u % BRANDS), "e" + (u % EXPERTS),
                        T0 - DAY)));
            }
            kafka.sendAll(buyers);
            await().atMost(Duration.ofMinutes(1)).until(() -> metrics.counter(job, "numExpertOrders") == USERS);

            kafka.sendAll(evening(0, USERS / 2));
            await().atMost(Duration.ofMinutes(2)).until(() -> !rewards().isEmpty());
            kafka.sendAll(evening(USERS / 2, USERS));
            int committedBeforeFailure = rewards().size();

            flink.terminateTaskManager(0).get();
            flink.startTaskManager();

            // Later events on every partition move the watermark past the last orders.
            List<ProducerRecord<byte[], byte[]>> ticks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ticks.add(record(Topics.USER_ACTIVITY, "tick" + i, activity("tick" + i, T0 + 3 * HOUR)));
                ticks.add(record(Topics.EXPERT_ORDERS, "tick" + i, new ExpertOrder("t" + i, "tick" + i, "b9", "b9-i1", null,
                        OrderChannel.SHELF, 100, 1, T0 + 3 * HOUR, false)));
            }
            kafka.sendAll(ticks);

            List<String> expected = oracle();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (rewards().size() < expected.size() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            Thread.sleep(3_000); // a few more checkpoints: anything duplicated would show up now
            List<ExpertReward> rewards = rewards();
            String diagnosis = "job " + flink.getJobStatus(job).get() + ", committed " + rewards.size() + ", written (incl. uncommitted) "
                    + kafka.readAll(Topics.EXPERT_REWARDS, "read_uncommitted").size() + ", conversions "
                    + kafka.readAll(Topics.CONVERSIONS, "read_uncommitted").size() + ", decisions "
                    + kafka.readAll(Topics.ROUTING_DECISIONS).size() + "; " + kafka.transactionReport(Topics.EXPERT_REWARDS);
            for (String c : List.of("numActivities", "numEligibleActivities", "numDecisions", "numHeldOutDecisions", "numConversions",
                    "numRewards", "numLateOrders")) {
                diagnosis += ", " + c + "=" + metrics.counter(job, c);
            }

            assertThat(committedBeforeFailure).as("rewards committed before the failure; " + diagnosis).isPositive().isLessThan(expected.size());
            assertThat(rewards.stream().map(r -> r.orderId() + " " + r.expert() + " " + r.credit()).toList()).as(diagnosis)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(rewards.stream().map(ExpertReward::rewardId).distinct()).hasSize(rewards.size());
            flink.cancelJob(job).get();
        }
    }

    /** Activities of users [from, to) and the room orders that follow them, in event-time order. */
    private static List<ProducerRecord<byte[], byte[]>> evening(int from, int to) {
        List<Object[]> events = new ArrayList<>();
        for (int u = from; u < to; u++) {
            events.add(new Object[] {Topics.USER_ACTIVITY, "u" + u, activity("u" + u, activityTime(u))});
            if (buysInTheRoom(u)) {
                events.add(new Object[] {Topics.EXPERT_ORDERS, "u" + u,
                        brandLiveOrder("L" + u, "u" + u, "b" + (u % BRANDS), activityTime(u) + 10 * MINUTE)});
            }
        }
        events.sort(Comparator.comparingLong(e -> ((Event) e[2]).eventTime()));
        return events.stream().map(e -> record((String) e[0], (String) e[1], (Event) e[2])).toList();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, Event event) {
        return new ProducerRecord<>(topic, null, event.eventTime(), key.getBytes(StandardCharsets.UTF_8), EventJson.toBytes(event));
    }

    private List<ExpertReward> rewards() {
        return kafka.readAll(Topics.EXPERT_REWARDS).stream().map(ConsumerRecord::value).map(v -> {
            try {
                return EventJson.mapper().readValue(v, ExpertReward.class);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }
}
