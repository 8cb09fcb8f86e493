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

    @Test
    void shouldSampleFewerServingUsersWhenTheCatalogueIsLarge() {
        TrainingConfig defaults = TrainingConfig.fromArgs("--history", "/tmp/h", "--models", "/tmp/models");
        assertThat(TrainingJob.servingSampleUsers(defaults, 100)).isEqualTo(1000);
        assertThat(TrainingJob.servingSampleUsers(defaults, 3_600)).isEqualTo(250_000 / 3_600);
        assertThat(TrainingJob.servingSampleUsers(defaults, 10_000_000)).isEqualTo(1);

        TrainingConfig none = TrainingConfig.fromArgs(
                "--history", "/tmp/h", "--models", "/tmp/models", "--publish.serving-sample-users", "0");
        assertThat(TrainingJob.servingSampleUsers(none, 100)).isZero();
        TrainingConfig rows = TrainingConfig.fromArgs(
                "--history", "/tmp/h", "--models", "/tmp/models", "--publish.serving-sample-max-rows", "5000");
        assertThat(TrainingJob.servingSampleUsers(rows, 100)).isEqualTo(50);
    }
}
