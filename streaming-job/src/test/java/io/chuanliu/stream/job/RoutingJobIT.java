package io.chuanliu.stream.job;

import io.chuanliu.common.Topics;
import io.chuanliu.stream.testing.EmbeddedKafka;
import io.chuanliu.stream.testing.JobMetrics;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scripted evening ({@link ScriptedEvening}) on a Flink MiniCluster with the RocksDB state
 * backend, against a real KRaft broker: Kafka sources, transactional sinks and all.
 */
class RoutingJobIT {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension FLINK = ScriptedEvening.cluster(REPORTER);

    @Test
    void shouldRouteSuppressConvertAndRewardExactlyAsAScriptedEveningImplies() throws Exception {
        KAFKA.createTopics(ScriptedEvening.PARALLELISM, Topics.ALL);
        RoutingJobConfig config = ScriptedEvening.settings(KAFKA.bootstrapServers());
        JobClient job = BrokerJob.start(config, ScriptedEvening.PARALLELISM);
        try {
            new ScriptedEvening(KAFKA, new JobMetrics(REPORTER), job.getJobID()).play();
        } finally {
            job.cancel().get();
        }
    }
}
