package io.chuanliu.deploy.local.stack;

import static io.chuanliu.deploy.local.stack.StackTestSupport.HOME;
import static io.chuanliu.deploy.local.stack.StackTestSupport.flink;
import static io.chuanliu.deploy.local.stack.StackTestSupport.freePort;
import static io.chuanliu.deploy.local.stack.StackTestSupport.kafkaWithTopics;
import static io.chuanliu.deploy.local.stack.StackTestSupport.producer;
import static io.chuanliu.deploy.local.stack.StackTestSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.ExpertReward;
import io.chuanliu.deploy.local.Layout;
import io.chuanliu.deploy.local.demo.OutputTopics;
import io.chuanliu.stream.testing.RewardsScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JobManager failover on the standalone cluster, as a platform runs it: ZooKeeper high availability
 * (a real ZooKeeper server), the JobManager process killed with SIGKILL while rewards are in flight,
 * a new JobManager started; it recovers the job from ZooKeeper and the last checkpoint, and the
 * committed rewards equal the script's oracle: none lost, none twice. Repeats:
 * {@code -Dfailover.repeats=N} (one in {@code .ci/run}).
 */
class JobManagerFailoverIT {

    private static final int PARALLELISM = 2;
    private static final int USERS = 240;
    private static final RewardsScript SCRIPT = new RewardsScript(USERS);

    static Stream<Integer> runs() {
        return IntStream.rangeClosed(1, Integer.getInteger("failover.repeats", 1))
                .boxed();
    }

    @ParameterizedTest(name = "run {0}")
    @MethodSource("runs")
    void shouldCommitEveryRewardExactlyOnceAcrossAJobManagerKilledAndReplaced(int run, @TempDir Path work)
            throws Exception {
        Layout layout = new Layout(HOME);
        try (TestingServer zookeeper =
                        new TestingServer(freePort(), work.resolve("zookeeper").toFile(), true);
                LocalStack stack = new LocalStack()) {
            LocalKafka kafka = kafkaWithTopics(stack, layout, work, PARALLELISM);
            LocalFlink flink = stack.add(flink(layout, work, PARALLELISM)
                    .highAvailability(zookeeper.getConnectString(), work.resolve("ha"))
                    .start());
            FlinkRestClient rest = new FlinkRestClient(flink.restUrl());
            OutputTopics outputs = new OutputTopics(kafka.bootstrapServers());
            String jar = rest.uploadJar(layout.streamingJobJar());
            String job = rest.runJar(
                    jar,
                    List.of(
                            "--kafka.bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--checkpoint.interval",
                            "1s",
                            "--watermark.idleness",
                            "5s",
                            "--routing.quiet-hours",
                            "none"),
                    PARALLELISM);
            rest.awaitRunning(job, Duration.ofMinutes(2));

            try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
                send(producer, SCRIPT.sessions());
                waitFor(() -> rest.metricSum(job, "numGoLives") == RewardsScript.BRANDS);
                send(producer, SCRIPT.buyers());
                waitFor(() -> rest.metricSum(job, "numExpertOrders") == USERS);
                send(producer, SCRIPT.evening(0, USERS / 2));
                waitFor(() -> !outputs.readAll(Topics.EXPERT_REWARDS, ExpertReward.class)
                        .isEmpty());
                send(producer, SCRIPT.evening(USERS / 2, USERS));
                int committedBeforeFailure = outputs.readAll(Topics.EXPERT_REWARDS, ExpertReward.class)
                        .size();

                flink.killJobManager();
                flink.startNewJobManager();
                rest.awaitRunning(job, Duration.ofMinutes(3));
                send(producer, SCRIPT.ticks());

                List<String> expected = SCRIPT.oracle();
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (outputs.readAll(Topics.EXPERT_REWARDS, ExpertReward.class)
                                        .size()
                                < expected.size()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                Thread.sleep(3_000); // a few more checkpoints: anything duplicated would show up now
                List<ExpertReward> rewards = outputs.readAll(Topics.EXPERT_REWARDS, ExpertReward.class);

                assertThat(committedBeforeFailure)
                        .as("rewards committed before the failure")
                        .isPositive()
                        .isLessThan(expected.size());
                assertThat(RewardsScript.asOracle(rewards))
                        .as("committed rewards after the failover; JobManager logs in " + flink.logDirectory())
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(rewards.stream().map(ExpertReward::rewardId).distinct())
                        .hasSize(rewards.size());
            }
            rest.cancel(job);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        for (ProducerRecord<byte[], byte[]> record : records) {
            producer.send(record);
        }
        producer.flush();
    }
}
