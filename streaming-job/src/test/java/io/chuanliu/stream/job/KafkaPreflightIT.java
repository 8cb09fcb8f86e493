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
            assertThat(KafkaPreflight.brokerMaxTimeout(admin))
                    .isEqualTo(Duration.ofHours(2).toMillis());
        }
    }

    /** The job's topics on the broker, once for the tests that run the whole check. */
    private static synchronized void createTheJobsTopics() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            java.util.Set<String> existing = admin.listTopics().names().get();
            java.util.List<String> missing = io.chuanliu.common.Topics.ALL.stream()
                    .filter(t -> !existing.contains(t))
                    .toList();
            if (!missing.isEmpty()) {
                KAFKA.createTopics(1, missing);
            }
        }
    }

    @Test
    void shouldRefuseAJobWhoseTopicDoesNotExistNamingTheSettingAndWhatToDo() throws Exception {
        createTheJobsTopics();
        KafkaPreflight.check(RoutingJobConfig.fromArgs("--kafka.bootstrap-servers", KAFKA.bootstrapServers()));

        assertThatThrownBy(() -> KafkaPreflight.check(RoutingJobConfig.fromArgs(
                        "--kafka.bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--topic.routing-stats",
                        "routing-stats-v2")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("topic.routing-stats")
                .hasMessageContaining("topic 'routing-stats-v2' does not exist")
                .hasMessageContaining("deploy/kafka/topics.yaml");
    }

    @Test
    void shouldAcceptTheDefaultTimeoutOnABrokerThatAllowsItAndRefuseALongerOneWithWhatToSet() throws Exception {
        createTheJobsTopics();
        KafkaPreflight.check(RoutingJobConfig.fromArgs("--kafka.bootstrap-servers", KAFKA.bootstrapServers()));

        assertThatThrownBy(() -> KafkaPreflight.check(RoutingJobConfig.fromArgs(
                        "--kafka.bootstrap-servers", KAFKA.bootstrapServers(), "--kafka.transaction-timeout", "3h")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("kafka.transaction-timeout")
                .hasMessageContaining("raise transaction.max.timeout.ms on every broker to at least 10800000");
    }

    @Test
    void shouldRefuseATransactionTimeoutNoLongerThanTheCheckpointTimeout() {
        assertThatThrownBy(() -> RoutingJobConfig.fromArgs(
                        "--kafka.bootstrap-servers", KAFKA.bootstrapServers(), "--kafka.transaction-timeout", "5m"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("must be longer than the checkpoint timeout (10 min)");
    }

    @Test
    void shouldPassKafkaClientSettingsFromAFileAndFromArgumentsAndRefuseTheJobsOwn(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("client.properties");
        java.nio.file.Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");

        RoutingJobConfig config = RoutingJobConfig.fromArgs(
                "--kafka.bootstrap-servers",
                "b:9092",
                "--kafka.client-properties-file",
                file.toString(),
                "--kafka.client.sasl.mechanism",
                "SCRAM-SHA-256",
                "--kafka.client.ssl.truststore.location",
                "/etc/ts");

        assertThat(config.kafkaClient())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "security.protocol",
                        "SASL_SSL",
                        "sasl.mechanism",
                        "SCRAM-SHA-256",
                        "ssl.truststore.location",
                        "/etc/ts"));
        assertThatThrownBy(() -> RoutingJobConfig.fromArgs(
                        "--kafka.bootstrap-servers", "b:9092", "--kafka.client.isolation.level", "read_uncommitted"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("the job sets isolation.level itself");
        assertThatThrownBy(
                        () -> RoutingJobConfig.fromArgs("--kafka.bootstrap-servers", "b:9092", "--kafka.clinet.x", "y"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("unknown setting");
    }

    @Test
    void shouldHandTheClientSettingsToEverySourceAndSink() throws Exception {
        createTheJobsTopics();
        RoutingJobConfig config = RoutingJobConfig.fromArgs(
                "--kafka.bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--kafka.client.client.dns.lookup",
                "use_all_dns_ips",
                "--kafka.client.request.timeout.ms",
                "31000");
        KafkaEndpoints endpoints = new KafkaEndpoints(config);

        assertThat(endpoints.clientProperties())
                .containsEntry("request.timeout.ms", "31000")
                .containsEntry("client.dns.lookup", "use_all_dns_ips");
        KafkaPreflight.check(config); // the admin client accepts them
    }
}
