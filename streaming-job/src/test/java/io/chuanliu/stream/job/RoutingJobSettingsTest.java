package io.chuanliu.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chuanliu.common.config.InvalidSettingException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class RoutingJobSettingsTest {

    @Test
    void shouldApplyTheBufferTimeoutToEveryEdgeOfTheGraph() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        new RoutingJob(RoutingJobConfig.fromArgs("--kafka.bootstrap-servers", "localhost:1", "--job.buffer-timeout", "7ms")).define(env);

        assertThat(env.getBufferTimeout()).isEqualTo(7);
        assertThat(env.getStreamGraph().getStreamNodes()).allSatisfy(node -> assertThat(node.getBufferTimeout()).isEqualTo(7));
    }

    @Test
    void shouldKeepFlinksHundredMillisecondsUnlessTold() {
        assertThat(RoutingJobConfig.fromArgs("--kafka.bootstrap-servers", "localhost:1").bufferTimeout().toMillis()).isEqualTo(100);
        assertThatThrownBy(() -> RoutingJobConfig.fromArgs("--kafka.bootstrap-servers", "localhost:1", "--job.buffer-timeout", "soon"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("job.buffer-timeout");
    }
}
