package io.chuanliu.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chuanliu.common.config.InvalidSettingException;
import io.chuanliu.stream.testing.EmbeddedKafka;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transaction-timeout check against a real broker's configuration. */
class KafkaPreflightIT {

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @Test
    void shouldReadTheBrokersMaximumTransactionTimeout() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            assertThat(KafkaPreflight.brokerMaxTimeout(admin)).isEqualTo(Duration.ofHours(2).toMillis());
        }
    }

    @Test
    void shouldAcceptTheDefaultTimeoutOnABrokerThatAllowsItAndRefuseALongerOneWithWhatToSet() {
        KafkaPreflight.check(RoutingJobConfig.fromArgs("--kafka.bootstrap-servers", KAFKA.bootstrapServers()));

        assertThatThrownBy(() -> KafkaPreflight.check(RoutingJobConfig.fromArgs("--kafka.bootstrap-servers", KAFKA.bootstrapServers(),
                "--kafka.transaction-timeout", "3h")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("kafka.transaction-timeout")
                .hasMessageContaining("raise transaction.max.timeout.ms on every broker to at least 10800000");
    }

    @Test
    void shouldRefuseATransactionTimeoutNoLongerThanTheCheckpointTimeout() {
        assertThatThrownBy(() -> RoutingJobConfig.fromArgs("--kafka.bootstrap-servers", KAFKA.bootstrapServers(),
                "--kafka.transaction-timeout", "5m"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("must be longer than the checkpoint timeout (10 min)");
    }
}
