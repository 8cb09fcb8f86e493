package io.chuanliu.stream.job;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.MINUTE;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static io.chuanliu.stream.testing.RoutingTestData.activity;
import static io.chuanliu.stream.testing.RoutingTestData.expertOrder;
import static io.chuanliu.stream.testing.RoutingTestData.liveSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.stream.functions.DecisionIds;
import io.chuanliu.stream.testing.EmbeddedKafka;
import io.chuanliu.stream.testing.JobMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The routing job on a Flink MiniCluster with the RocksDB state backend, against a real KRaft broker. */
class RoutingJobIT {

    private static final int PARALLELISM = 2;
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .setConfiguration(REPORTER.addToConfiguration(clusterConfig()))
            .build());

    private static Configuration clusterConfig() {
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        return config;
    }

    private final JobMetrics metrics = new JobMetrics(REPORTER);

    @Test
    void shouldRouteExpertBuyersOfLiveBrandsAndDeadLetterInvalidEvents() throws Exception {
        KAFKA.createTopics(PARALLELISM, List.of(Topics.EXPERT_ORDERS, Topics.ENGAGEMENTS, Topics.LIVE_SESSIONS,
                Topics.USER_ACTIVITY, Topics.MODEL_UPDATES, Topics.ROUTING_DECISIONS, Topics.DEAD_LETTERS));
        RoutingJobConfig config = RoutingJobConfig.fromArgs(
                "--kafka.bootstrap-servers", KAFKA.bootstrapServers(), "--checkpoint.interval", "1s");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(PARALLELISM);
        new RoutingJob(config).define(env);
        JobClient job = env.executeAsync(config.jobName());
        JobID jobId = job.getJobID();
        try {
            // The day so far: b1 is live, b2 is not; three buyers of different freshness.
            send(Topics.LIVE_SESSIONS, "b1", liveSession("b1", "s1", SessionStatus.LIVE, T0, T0 + 4 * HOUR, T0));
            send(Topics.EXPERT_ORDERS, "u1", expertOrder("o1", "u1", "b1", "e1", T0 - 2 * DAY));
            send(Topics.EXPERT_ORDERS, "u2", expertOrder("o2", "u2", "b2", "e2", T0 - DAY));
            send(Topics.EXPERT_ORDERS, "u3", expertOrder("o3", "u3", "b1", "e3", T0 - 10 * DAY));
            KAFKA.send(Topics.EXPERT_ORDERS, "u9", "not json", T0);
            await().atMost(Duration.ofMinutes(2)).until(() ->
                    metrics.counter(jobId, "numSessionUpdates") == PARALLELISM
                            && metrics.counter(jobId, "numExpertOrders") == 3);

            // Traffic slots open: only u1 is an eligible buyer of a live brand; u1's second slot is too soon.
            send(Topics.USER_ACTIVITY, "u1", activity("u1", T0 + 10 * MINUTE));
            send(Topics.USER_ACTIVITY, "u2", activity("u2", T0 + 10 * MINUTE));
            send(Topics.USER_ACTIVITY, "u3", activity("u3", T0 + 10 * MINUTE));
            send(Topics.USER_ACTIVITY, "u4", activity("u4", T0 + 10 * MINUTE));
            KAFKA.send(Topics.USER_ACTIVITY, "u5", "{\"surface\":\"feed\",\"event_time\":" + T0 + "}", T0);
            await().atMost(Duration.ofMinutes(2)).until(() -> metrics.counter(jobId, "numActivities") == 4);
            send(Topics.USER_ACTIVITY, "u1", activity("u1", T0 + 20 * MINUTE));
            await().atMost(Duration.ofMinutes(2)).until(() -> metrics.counter(jobId, "numActivities") == 5);

            await().atMost(Duration.ofMinutes(2)).until(() -> KAFKA.readAll(Topics.DEAD_LETTERS).size() == 2
                    && !KAFKA.readAll(Topics.ROUTING_DECISIONS).isEmpty());
            List<RoutingDecision> decisions = read(Topics.ROUTING_DECISIONS, RoutingDecision.class);
            assertThat(decisions).singleElement().satisfies(d -> {
                assertThat(d.decisionId()).isEqualTo(DecisionIds.of("u1", "b1", "s1", T0 + 10 * MINUTE));
                assertThat(d.user()).isEqualTo("u1");
                assertThat(d.brand()).isEqualTo("b1");
                assertThat(d.expert()).isEqualTo("e1");
            });
            assertThat(metrics.counter(jobId, "numSuppressed")).isEqualTo(1);

            List<DeadLetter> deadLetters = read(Topics.DEAD_LETTERS, DeadLetter.class);
            assertThat(deadLetters).extracting(DeadLetter::sourceTopic)
                    .containsExactlyInAnyOrder(Topics.EXPERT_ORDERS, Topics.USER_ACTIVITY);
            assertThat(deadLetters).filteredOn(d -> d.sourceTopic().equals(Topics.EXPERT_ORDERS)).singleElement()
                    .satisfies(d -> {
                        assertThat(d.reason()).startsWith("malformed JSON");
                        assertThat(new String(d.raw(), StandardCharsets.UTF_8)).isEqualTo("not json");
                    });
            assertThat(deadLetters).filteredOn(d -> d.sourceTopic().equals(Topics.USER_ACTIVITY)).singleElement()
                    .extracting(DeadLetter::reason).isEqualTo("missing field 'user'");
            assertThat(metrics.counter(jobId, "numDeadLetters")).isEqualTo(2);
        } finally {
            job.cancel().get();
        }
    }

    private static void send(String topic, String key, Event event) throws Exception {
        KAFKA.send(topic, key, EventJson.toBytes(event), event.eventTime());
    }

    private static <T> List<T> read(String topic, Class<T> type) {
        return KAFKA.readAll(topic).stream().map(ConsumerRecord::value).map(v -> {
            try {
                return EventJson.mapper().readValue(v, type);
            } catch (java.io.IOException e) {
                throw new AssertionError("unreadable " + type.getSimpleName() + ": " + new String(v, StandardCharsets.UTF_8), e);
            }
        }).toList();
    }
}
