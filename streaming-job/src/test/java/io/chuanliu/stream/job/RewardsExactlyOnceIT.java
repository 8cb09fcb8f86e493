package io.chuanliu.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.stream.testing.EmbeddedKafka;
import io.chuanliu.stream.testing.JobMetrics;
import io.chuanliu.stream.testing.RewardsScript;
import io.chuanliu.stream.testing.TestClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.server.common.TransactionVersion;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    private static final RewardsScript SCRIPT = new RewardsScript(USERS);

    /**
     * Under both transaction protocols. With v2 (Kafka 4's default) the connector logs "Unable to
     * commit transaction ... producer is already fenced" on recovery for transactions that had been
     * committed before the failure; the committed rewards show that nothing was lost.
     */
    @ParameterizedTest(name = "transaction protocol {0}")
    @ValueSource(strings = {"TV_2", "TV_1"})
    void shouldCommitEveryRewardExactlyOnceAcrossATaskManagerFailure(String protocol) throws Exception {
        kafka = protocol.equals("TV_2") ? KAFKA_TV2 : KAFKA_TV1;
        kafka.createTopics(PARALLELISM, RewardsScript.TOPICS);
        InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
        Configuration cluster = reporter.addToConfiguration(TestClusters.recovering(checkpoints));
        try (MiniCluster flink = TestClusters.miniCluster(PARALLELISM, cluster)) {
            flink.start();
            RoutingJobConfig config = RoutingJobConfig.fromArgs(
                    "--kafka.bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--checkpoint.interval",
                    "500ms",
                    "--watermark.idleness",
                    "5s",
                    "--routing.quiet-hours",
                    "none");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
            env.setParallelism(PARALLELISM);
            new RoutingJob(config).define(env);
            JobID job = flink.submitJob(env.getStreamGraph()).get().getJobID();
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> flink.getJobStatus(job).get() == JobStatus.RUNNING);

            // Sessions first, then the buyers (so no go-live reminder races the script), then the evening.
            JobMetrics metrics = new JobMetrics(reporter);
            kafka.sendAll(SCRIPT.sessions());
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> metrics.counter(job, "numGoLives") == RewardsScript.BRANDS
                            && metrics.counter(job, "numSessionUpdates") == RewardsScript.BRANDS * PARALLELISM);
            kafka.sendAll(SCRIPT.buyers());
            await().atMost(Duration.ofMinutes(1)).until(() -> metrics.counter(job, "numExpertOrders") == USERS);

            kafka.sendAll(SCRIPT.evening(0, USERS / 2));
            await().atMost(Duration.ofMinutes(2)).until(() -> !rewards().isEmpty());
            kafka.sendAll(SCRIPT.evening(USERS / 2, USERS));
            int committedBeforeFailure = rewards().size();

            flink.terminateTaskManager(0).get();
            flink.startTaskManager();

            kafka.sendAll(SCRIPT.ticks());

            List<String> expected = SCRIPT.oracle();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (rewards().size() < expected.size() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            metrics.awaitCheckpoints(job, 3, Duration.ofMinutes(1)); // anything written twice would show now
            List<ExpertReward> rewards = rewards();
            String diagnosis = "job " + flink.getJobStatus(job).get() + ", committed " + rewards.size()
                    + ", written (incl. uncommitted) "
                    + kafka.readAll(Topics.EXPERT_REWARDS, "read_uncommitted").size() + ", conversions "
                    + kafka.readAll(Topics.CONVERSIONS, "read_uncommitted").size() + ", decisions "
                    + kafka.readAll(Topics.ROUTING_DECISIONS).size() + "; "
                    + kafka.transactionReport(Topics.EXPERT_REWARDS);
            for (String c : List.of(
                    "numActivities",
                    "numEligibleActivities",
                    "numDecisions",
                    "numHeldOutDecisions",
                    "numConversions",
                    "numRewards",
                    "numLateOrders")) {
                diagnosis += ", " + c + "=" + metrics.counter(job, c);
            }

            assertThat(committedBeforeFailure)
                    .as("rewards committed before the failure; " + diagnosis)
                    .isPositive()
                    .isLessThan(expected.size());
            assertThat(RewardsScript.asOracle(rewards)).as(diagnosis).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(rewards.stream().map(ExpertReward::rewardId).distinct()).hasSize(rewards.size());
            flink.cancelJob(job).get();
        }
    }

    private List<ExpertReward> rewards() {
        return RewardsScript.committedRewards(kafka);
    }
}
