package io.chuanliu.training.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chuanliu.common.config.InvalidSettingException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    @Test
    void shouldLeaveAnnouncingToThePublisherUnlessGivenBrokers() {
        assertThat(TrainingConfig.fromArgs("--history", "/tmp/h", "--models", "/tmp/models")
                        .announcement())
                .isNull();

        TrainingConfig.Announcement announcement = TrainingConfig.fromArgs(
                        "--history",
                        "/tmp/h",
                        "--models",
                        "s3a://chuanliu/models",
                        "--kafka.bootstrap-servers",
                        "broker:9092",
                        "--kafka.client.security.protocol",
                        "SASL_SSL",
                        "--topic.model-updates",
                        "models-prod")
                .announcement();

        assertThat(announcement.bootstrapServers()).isEqualTo("broker:9092");
        assertThat(announcement.topic()).isEqualTo("models-prod");
        assertThat(announcement.client()).isEqualTo(Map.of("security.protocol", "SASL_SSL"));
    }

    @Test
    void shouldRefuseClientSettingsWithoutBrokersAndSettingsTheAnnouncerOwns() {
        assertThatThrownBy(() -> TrainingConfig.fromArgs(
                        "--history",
                        "/tmp/h",
                        "--models",
                        "/tmp/models",
                        "--kafka.client.security.protocol",
                        "SASL_SSL"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("no brokers to announce on");
        assertThatThrownBy(() -> TrainingConfig.fromArgs(
                        "--history",
                        "/tmp/h",
                        "--models",
                        "/tmp/models",
                        "--kafka.bootstrap-servers",
                        "b:9092",
                        "--kafka.client.acks",
                        "1"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("training sets acks itself");
    }
}
