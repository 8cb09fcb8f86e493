package io.chuanliu.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chuanliu.common.config.InvalidSettingException;
import io.chuanliu.common.config.Setting;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class RoutingJobSettingsTest {

    @Test
    void shouldApplyTheBufferTimeoutToEveryEdgeOfTheGraph() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        new RoutingJob(RoutingJobConfig.fromArgs(
                        "--kafka.bootstrap-servers", "localhost:1", "--job.buffer-timeout", "7ms"))
                .define(env);

        assertThat(env.getBufferTimeout()).isEqualTo(7);
        assertThat(env.getStreamGraph().getStreamNodes())
                .allSatisfy(node -> assertThat(node.getBufferTimeout()).isEqualTo(7));
    }

    @Test
    void shouldKeepFlinksHundredMillisecondsUnlessTold() {
        assertThat(RoutingJobConfig.fromArgs("--kafka.bootstrap-servers", "localhost:1")
                        .bufferTimeout()
                        .toMillis())
                .isEqualTo(100);
        assertThatThrownBy(() -> RoutingJobConfig.fromArgs(
                        "--kafka.bootstrap-servers", "localhost:1", "--job.buffer-timeout", "soon"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("job.buffer-timeout");
    }

    @Test
    void shouldMapAPlatformsInputsAndSayWhatToFixInAWrongMapping() {
        RoutingJobConfig mapped = RoutingJobConfig.fromArgs(
                "--kafka.bootstrap-servers",
                "localhost:1",
                "--input.user-activity.field.user",
                "uid",
                "--input.engagements.value.kind.fav",
                "like");

        assertThat(mapped.inputShape("user-activity").isIdentity()).isFalse();
        assertThat(mapped.inputShape("engagements").isIdentity()).isFalse();
        assertThat(mapped.inputShape("expert-orders").isIdentity())
                .as("an input nobody mapped")
                .isTrue();
        assertThatThrownBy(() -> RoutingJobConfig.fromArgs(
                        "--kafka.bootstrap-servers", "localhost:1", "--input.user-activity.field.uid", "user_id"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("setting 'input.user-activity.field.uid': the event has no field 'uid'; its fields are "
                        + "[user, surface, event_time]");
        assertThatThrownBy(() -> RoutingJobConfig.fromArgs(
                        "--kafka.bootstrap-servers", "localhost:1", "--input.clicks.field.user", "uid"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("input.clicks.field.user")
                .hasMessageContaining("[control, engagements, expert-orders");
        assertThatThrownBy(() -> RoutingJobConfig.fromArgs(
                        "--kafka.bootstrap-servers",
                        "localhost:1",
                        "--input.live-sessions.time-format",
                        "dd/MM/yyyy HH:mm:ss pp"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("setting 'input.live-sessions.time-format': 'dd/MM/yyyy HH:mm:ss pp'");
    }

    @Test
    void shouldReadTheRulesAndTopicsFromTheirOwnSettings() {
        RoutingJobConfig config = RoutingJobConfig.fromArgs(
                "--kafka.bootstrap-servers",
                "localhost:1",
                "--routing.min-gap",
                "300s",
                "--routing.min-expert-score",
                "40",
                "--topic.control",
                "platform.control");

        assertThat(config.rules().minGap()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.rules().minExpertScore()).isEqualTo(40.0);
        assertThat(config.topics().control()).isEqualTo("platform.control");
        assertThat(config.topics().bySetting())
                .containsOnlyKeys(JobTopics.ALL.stream().map(Setting::key).toList());
    }

    @Test
    void shouldRefuseAScoreOutsideZeroToAHundredNamingTheSetting() {
        assertThatThrownBy(() -> RoutingJobConfig.fromArgs(
                        "--kafka.bootstrap-servers", "localhost:1", "--routing.min-seller-score", "101"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("routing.min-seller-score")
                .hasMessageContaining("0..100");
    }

    @Test
    void shouldKnowEverySettingByOneKey() {
        List<String> keys = RoutingJobConfig.ALL.stream().map(Setting::key).toList();

        assertThat(keys)
                .doesNotHaveDuplicates()
                .containsAll(RuleSettings.ALL.stream().map(Setting::key).toList());
    }
}
