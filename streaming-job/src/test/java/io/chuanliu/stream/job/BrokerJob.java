package io.chuanliu.stream.job;

import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The routing job as the broker integration tests run it: Kafka in and out, on the test class's MiniCluster. */
final class BrokerJob {

    private BrokerJob() {}

    /** The job's settings for {@code bootstrapServers} with one-second checkpoints and watermark idleness, then {@code more}. */
    static RoutingJobConfig settings(String bootstrapServers, String... more) {
        return RoutingJobConfig.fromArgs(Stream.concat(
                        Stream.of(
                                "--kafka.bootstrap-servers",
                                bootstrapServers,
                                "--checkpoint.interval",
                                "1s",
                                "--watermark.idleness",
                                "1s"),
                        Arrays.stream(more))
                .toArray(String[]::new));
    }

    /** Defines the job with its Kafka sources and sinks at {@code parallelism} and starts it. */
    static JobClient start(RoutingJobConfig config, int parallelism) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        new RoutingJob(config).define(env);
        return env.executeAsync(config.jobName());
    }
}
