package io.chuanliu.stream.job;

import io.chuanliu.stream.testing.InMemoryTopics;
import io.chuanliu.stream.testing.JobMetrics;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The routing job's whole graph, as {@link RoutingJob#define} builds it, on a MiniCluster with
 * RocksDB but without a broker: the scripted evening ({@link ScriptedEvening}) through in-memory
 * topics, in seconds. {@link RoutingJobIT} plays the same script against a real broker.
 */
class RoutingGraphTest {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = ScriptedEvening.cluster(REPORTER);

    @Test
    void shouldPlayTheScriptedEveningWithoutABroker() throws Exception {
        // No client connects to this address: the graph reads and writes the in-memory topics.
        RoutingJobConfig config = ScriptedEvening.settings("no-broker:9092");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(ScriptedEvening.PARALLELISM);
        try (InMemoryTopics topics = InMemoryTopics.open()) {
            new RoutingJob(config).define(env, topics, topics.outputs(config.topics()));
            JobClient job = env.executeAsync(config.jobName());
            try {
                new ScriptedEvening(topics, new JobMetrics(REPORTER), job.getJobID()).play();
            } finally {
                job.cancel().get();
            }
        }
    }
}
