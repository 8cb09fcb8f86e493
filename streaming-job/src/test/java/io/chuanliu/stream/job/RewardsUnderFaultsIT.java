package io.chuanliu.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.stream.faults.Fault;
import io.chuanliu.stream.faults.FaultInjectingSink;
import io.chuanliu.stream.testing.EmbeddedKafka;
import io.chuanliu.stream.testing.JobMetrics;
import io.chuanliu.stream.testing.RewardsScript;
import io.chuanliu.stream.testing.TestClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kills the TaskManager at one exact phase of the rewards sink's two-phase commit (or fails one
 * checkpoint's snapshot after its pre-commit, or restarts the broker while transactions are open),
 * lets Flink recover, and compares the committed rewards with the oracle: none lost,
 * none twice. Each phase runs once by default; {@code -Dfaults.repeats=5} repeats each (see the
 * README's test table). Transaction protocol v2, Kafka 4's default.
 */
class RewardsUnderFaultsIT {

    private static final int PARALLELISM = 2;
    private static final int USERS = 300;
    private static final RewardsScript SCRIPT = new RewardsScript(USERS);

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @TempDir
    Path checkpoints;

    static Stream<Arguments> phases() {
        int repeats = Integer.getInteger("faults.repeats", 1);
        String only = System.getProperty("faults.phases", "");
        return Stream.of(Fault.Phase.values())
                .filter(phase ->
                        only.isEmpty() || List.of(only.toUpperCase().split(",")).contains(phase.name()))
                .flatMap(phase -> IntStream.rangeClosed(1, repeats).mapToObj(run -> Arguments.of(phase, run)));
    }

    @AfterEach
    void disarm() {
        Fault.disarm();
    }

    @ParameterizedTest(name = "{0}, run {1}")
    @MethodSource("phases")
    void shouldCommitEveryRewardExactlyOnceWhateverPhaseTheFailureHits(Fault.Phase phase, int run) throws Exception {
        String prefix = "faults-" + phase.name().toLowerCase() + "-" + run;
        List<String> topics =
                RewardsScript.TOPICS.stream().map(t -> prefix + "." + t).toList();
        KAFKA.createTopics(PARALLELISM, topics);
        InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
        Configuration cluster = reporter.addToConfiguration(TestClusters.recovering(checkpoints));
        try (MiniCluster flink = TestClusters.miniCluster(PARALLELISM, cluster)) {
            flink.start();
            RoutingJobConfig config = RoutingJobConfig.fromArgs(args(prefix));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
            env.setParallelism(PARALLELISM);
            new RoutingJob(config).define(env, new KafkaInputs(config), new FaultyRewards(config));
            JobID job = flink.submitJob(env.getStreamGraph()).get().getJobID();
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> flink.getJobStatus(job).get() == JobStatus.RUNNING);
            JobMetrics metrics = new JobMetrics(reporter);

            send(prefix, SCRIPT.sessions());
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> metrics.counter(job, "numGoLives") == RewardsScript.BRANDS
                            && metrics.counter(job, "numSessionUpdates") == RewardsScript.BRANDS * PARALLELISM);
            send(prefix, SCRIPT.buyers());
            await().atMost(Duration.ofMinutes(1)).until(() -> metrics.counter(job, "numExpertOrders") == USERS);

            // A first part commits normally; the fault then hits the next transaction that has rewards in it.
            send(prefix, SCRIPT.evening(0, USERS / 3));
            await().atMost(Duration.ofMinutes(2)).until(() -> !committed(prefix).isEmpty());
            int committedAtTheFault;
            if (phase == Fault.Phase.BROKER_RESTART) {
                long firstPart = metrics.counter(job, "numRewards");
                send(prefix, SCRIPT.evening(USERS / 3, 2 * USERS / 3));
                // As soon as the second part's rewards are being written: some in open transactions.
                await().atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> metrics.counter(job, "numRewards") > firstPart);
                committedAtTheFault = committed(prefix).size();
                KAFKA.restartBroker(Duration.ofSeconds(5));
            } else {
                Fault fault = Fault.arm(phase, 1);
                send(prefix, SCRIPT.evening(USERS / 3, 2 * USERS / 3));
                fault.fired().get(2, java.util.concurrent.TimeUnit.MINUTES);
                committedAtTheFault = committed(prefix).size();
                if (phase != Fault.Phase.FAILED_CHECKPOINT) {
                    flink.terminateTaskManager(0).get();
                    flink.startTaskManager();
                }
            }
            send(prefix, SCRIPT.evening(2 * USERS / 3, USERS));
            send(prefix, SCRIPT.ticks());

            List<String> expected = SCRIPT.oracle();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (committed(prefix).size() < expected.size() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            metrics.awaitCheckpoints(job, 3, Duration.ofMinutes(1)); // anything written twice would show now
            List<ExpertReward> rewards = committed(prefix);
            String diagnosis = phase + " run " + run + ": job "
                    + flink.getJobStatus(job).get() + ", committed " + rewards.size()
                    + " (" + committedAtTheFault + " at the fault), numRewards " + metrics.counter(job, "numRewards")
                    + ", checkpoints completed " + metrics.gauge(job, "numberOfCompletedCheckpoints") + " failed "
                    + metrics.gauge(job, "numberOfFailedCheckpoints") + " in progress "
                    + metrics.gauge(job, "numberOfInProgressCheckpoints")
                    + ", restarts " + metrics.gauge(job, "numRestarts") + counters(metrics, job) + ", missing "
                    + expected.stream()
                            .filter(r ->
                                    !RewardsScript.asOracle(committed(prefix)).contains(r))
                            .toList() + "; "
                    + KAFKA.transactionReport(prefix + "." + io.chuanliu.common.Topics.EXPERT_REWARDS);

            assertThat(committedAtTheFault).as(diagnosis).isPositive().isLessThan(expected.size());
            assertThat(RewardsScript.asOracle(rewards)).as(diagnosis).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(rewards.stream().map(ExpertReward::rewardId).distinct()).hasSize(rewards.size());
            if (phase != Fault.Phase.BROKER_RESTART) {
                assertThat(metrics.gauge(job, "numRestarts"))
                        .as("the failure restarted the job")
                        .isPositive();
            }
            flink.cancelJob(job).get();
        }
    }

    private static String counters(JobMetrics metrics, JobID job) {
        StringBuilder out = new StringBuilder();
        for (String c : List.of(
                "numActivities",
                "numEligibleActivities",
                "numDecisions",
                "numHeldOutDecisions",
                "numLateEvents",
                "numLateOrders",
                "numLateDecisionConversions",
                "numExpiredUnattributedOrders",
                "numDuplicateOrders",
                "numRewards")) {
            out.append(", ").append(c).append('=').append(metrics.counter(job, c));
        }
        return out.toString();
    }

    /** The job's settings with every topic and id under {@code prefix}, so each run has a broker namespace of its own. */
    private static String[] args(String prefix) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--kafka.bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--checkpoint.interval",
                "500ms",
                "--watermark.idleness",
                "5s",
                "--routing.quiet-hours",
                "none",
                "--kafka.transactional-id-prefix",
                prefix,
                "--kafka.group-id",
                prefix));
        for (var topic : RoutingJobConfig.ALL) {
            if (topic.key().startsWith("topic.")) {
                args.addAll(List.of("--" + topic.key(), prefix + "." + topic.defaultValue()));
            }
        }
        return args.toArray(String[]::new);
    }

    /** The job's own outputs, with the rewards sink wrapped for fault injection. */
    private static final class FaultyRewards extends KafkaOutputs {
        FaultyRewards(RoutingJobConfig config) {
            super(config);
        }

        @Override
        public org.apache.flink.api.connector.sink2.Sink<ExpertReward> rewards() {
            return new FaultInjectingSink<>(kafkaRewards());
        }
    }

    private static void send(
            String prefix, List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        KAFKA.sendAll(records.stream()
                .map(r -> new org.apache.kafka.clients.producer.ProducerRecord<>(
                        prefix + "." + r.topic(), r.partition(), r.timestamp(), r.key(), r.value()))
                .toList());
    }

    private static List<ExpertReward> committed(String prefix) {
        return RewardsScript.committedRewards(KAFKA, prefix + "." + io.chuanliu.common.Topics.EXPERT_REWARDS);
    }
}
