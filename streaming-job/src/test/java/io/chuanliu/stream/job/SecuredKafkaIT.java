package io.chuanliu.stream.job;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.MINUTE;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.activity;
import static io.chuanliu.stream.testing.RoutingTestData.expertOrder;
import static io.chuanliu.stream.testing.RoutingTestData.liveSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.stream.model.ModelFixture;
import io.chuanliu.stream.testing.EmbeddedKafka;
import io.chuanliu.stream.testing.JobMetrics;
import io.chuanliu.stream.testing.TestClusters;
import io.chuanliu.training.publish.ModelAnnouncer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job and the model publisher on a broker that requires SASL (SCRAM-SHA-256) and authorises by
 * ACL: with a properties file of client settings both work end to end (a route, a model hot-swapped),
 * and clients without credentials, or with wrong ones, cannot write to the job's topics.
 */
class SecuredKafkaIT {

    private static final int PARALLELISM = 2;
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final EmbeddedKafka KAFKA = EmbeddedKafka.withSasl();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            TestClusters.extension(PARALLELISM, REPORTER.addToConfiguration(TestClusters.rocksDb()));

    private final JobMetrics metrics = new JobMetrics(REPORTER);

    @Test
    void shouldRouteAndHotSwapAModelOverSaslAndRefuseClientsWithoutCredentials(@TempDir Path dir) throws Exception {
        KAFKA.createTopics(PARALLELISM, Topics.ALL);
        Map<String, String> login = KAFKA.addScramUser("chuanliu", "chuanliu-secret");
        Path clientFile = dir.resolve("client.properties");
        Properties properties = new Properties();
        properties.putAll(login);
        try (var out = Files.newBufferedWriter(clientFile)) {
            properties.store(out, "the job's Kafka login");
        }
        RoutingJobConfig config =
                BrokerJob.settings(KAFKA.bootstrapServers(), "--kafka.client-properties-file", clientFile.toString());
        KafkaPreflight.check(config);
        JobClient job = BrokerJob.start(config, PARALLELISM);
        JobID jobId = job.getJobID();
        String buyer = ScriptedEvening.user("u", false);
        try {
            send(Topics.LIVE_SESSIONS, "b1", liveSession("b1", "s1", SessionStatus.LIVE, T0, T0 + 4 * HOUR, T0));
            send(Topics.EXPERT_ORDERS, buyer, expertOrder("o1", buyer, "b1", "e1", T0 - DAY));
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> metrics.counter(jobId, "numSessionUpdates") == PARALLELISM
                            && metrics.counter(jobId, "numExpertOrders") == 1);
            send(Topics.USER_ACTIVITY, buyer, activity(buyer, T0 + 10 * MINUTE));
            await().atMost(Duration.ofMinutes(2)).until(() -> metrics.counter(jobId, "numDecisions") == 1);
            assertThat(KAFKA.readAll(Topics.ROUTING_DECISIONS))
                    .singleElement()
                    .satisfies(r -> assertThat(EventJson.mapper()
                                    .readValue(r.value(), RoutingDecision.class)
                                    .brand())
                            .isEqualTo("b1"));

            // The publisher, with the same login, announces a model; every routing subtask loads it.
            ModelRef model = ModelFixture.write(dir.resolve("models/v1"), "v1", 20, 1024, 4);
            ModelAnnouncer.announce(model, KAFKA.bootstrapServers(), Topics.MODEL_UPDATES, login);
            await().atMost(Duration.ofMinutes(2)).until(() -> metrics.counter(jobId, "numModelsLoaded") == PARALLELISM);

            // Nobody without the login writes to the job's topics: no opt-out, budget or model can be injected.
            assertThatThrownBy(() -> sendAs(Map.of(), Topics.CONTROL))
                    .as("anonymous")
                    .isInstanceOf(Exception.class);
            Map<String, String> wrong = new HashMap<>(login);
            wrong.put("sasl.jaas.config", login.get("sasl.jaas.config").replace("chuanliu-secret", "guess"));
            assertThatThrownBy(() -> sendAs(wrong, Topics.CONTROL))
                    .as("a wrong password")
                    .hasStackTraceContaining("Authentication failed");
            assertThat(metrics.counter(jobId, "numValidEvents") + metrics.counter(jobId, "numDeadLetters"))
                    .as("the job read only the three events the login sent, and the model")
                    .isEqualTo(4);
        } finally {
            job.cancel().get();
        }
    }

    private static void send(String topic, String key, Event event) throws Exception {
        KAFKA.send(topic, key, EventJson.toBytes(event), event.eventTime());
    }

    private static void sendAs(Map<String, String> client, String topic) throws Exception {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(
                            topic,
                            "u1".getBytes(StandardCharsets.UTF_8),
                            "{\"kind\":\"opt_out\",\"user\":\"u1\",\"event_time\":1}".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }
}
