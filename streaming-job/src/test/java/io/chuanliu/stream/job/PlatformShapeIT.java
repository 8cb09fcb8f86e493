package io.chuanliu.stream.job;

import static io.chuanliu.stream.testing.RoutingTestData.DAY;
import static io.chuanliu.stream.testing.RoutingTestData.HOUR;
import static io.chuanliu.stream.testing.RoutingTestData.MINUTE;
import static io.chuanliu.stream.testing.RoutingTestData.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.stream.testing.EmbeddedKafka;
import io.chuanliu.stream.testing.JobMetrics;
import io.chuanliu.stream.testing.TestClusters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A platform points the job at its own topics as they are: its orders, sessions and traffic slots
 * name their fields, values and times its own way, and the job's input settings map them. On a
 * MiniCluster and a real broker, the routing is the one the same events in the job's own shape give.
 */
class PlatformShapeIT {

    private static final int PARALLELISM = 2;
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            TestClusters.extension(PARALLELISM, REPORTER.addToConfiguration(TestClusters.rocksDb()));

    private final JobMetrics metrics = new JobMetrics(REPORTER);

    @Test
    void shouldRouteFromAPlatformsOwnEventShapes() throws Exception {
        KAFKA.createTopics(PARALLELISM, Topics.ALL);
        RoutingJobConfig config = BrokerJob.settings(
                KAFKA.bootstrapServers(),
                // Orders: nested buyer, the platform's channel words, ISO times.
                "--input.expert-orders.field.order_id",
                "oid",
                "--input.expert-orders.field.user",
                "buyer.id",
                "--input.expert-orders.field.brand",
                "shop",
                "--input.expert-orders.field.expert",
                "kol",
                "--input.expert-orders.field.channel",
                "scene",
                "--input.expert-orders.field.amount_cents",
                "fen",
                "--input.expert-orders.field.event_time",
                "paid_at",
                "--input.expert-orders.value.channel.KOL_LIVE",
                "expert_live",
                "--input.expert-orders.time-format",
                "iso",
                // Sessions: the platform's status words and local wall-clock times.
                "--input.live-sessions.field.brand",
                "shop",
                "--input.live-sessions.field.session_id",
                "live_id",
                "--input.live-sessions.field.status",
                "state",
                "--input.live-sessions.value.status.on_air",
                "live",
                "--input.live-sessions.time-format",
                "yyyy-MM-dd HH:mm:ss",
                "--input.live-sessions.time-zone",
                "Asia/Shanghai",
                // Traffic slots: epoch seconds.
                "--input.user-activity.field.user",
                "uid",
                "--input.user-activity.field.surface",
                "page",
                "--input.user-activity.field.event_time",
                "ts",
                "--input.user-activity.time-format",
                "epoch_s");
        JobClient job = BrokerJob.start(config, PARALLELISM);
        JobID jobId = job.getJobID();
        String buyer = ScriptedEvening.user("buyer", false);
        try {
            KAFKA.send(
                    Topics.LIVE_SESSIONS,
                    "b1",
                    "{\"shop\":\"b1\",\"live_id\":\"s1\",\"state\":\"ON_AIR\","
                            + "\"start_time\":\"" + shanghai(T0) + "\",\"end_time\":\"" + shanghai(T0 + 4 * HOUR)
                            + "\","
                            + "\"event_time\":\"" + shanghai(T0) + "\"}",
                    T0);
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> metrics.counter(jobId, "numGoLives") == 1
                            && metrics.counter(jobId, "numSessionUpdates") == PARALLELISM);
            KAFKA.send(
                    Topics.EXPERT_ORDERS,
                    buyer,
                    "{\"oid\":\"o1\",\"buyer\":{\"id\":\"" + buyer + "\"},\"shop\":\"b1\","
                            + "\"item\":\"b1-i1\",\"kol\":\"e1\",\"scene\":\"kol_live\",\"fen\":1999,\"quantity\":1,"
                            + "\"paid_at\":\"" + Instant.ofEpochMilli(T0 - DAY) + "\",\"refund\":false}",
                    T0 - DAY);
            KAFKA.send(
                    Topics.EXPERT_ORDERS,
                    buyer,
                    "{\"oid\":\"o2\",\"buyer\":{\"id\":\"" + buyer + "\"},\"shop\":\"b1\","
                            + "\"item\":\"b1-i1\",\"kol\":\"e1\",\"scene\":\"kol_live\",\"fen\":1999,\"quantity\":1,"
                            + "\"paid_at\":\"last tuesday\",\"refund\":false}",
                    T0 - DAY);
            await().atMost(Duration.ofMinutes(2)).until(() -> metrics.counter(jobId, "numExpertOrders") == 1);
            long slot = T0 + 10 * MINUTE;
            KAFKA.send(
                    Topics.USER_ACTIVITY,
                    buyer,
                    "{\"uid\":\"" + buyer + "\",\"page\":\"feed\",\"ts\":" + slot / 1000 + "}",
                    slot);
            await().atMost(Duration.ofMinutes(2)).until(() -> metrics.counter(jobId, "numDecisions") == 1);

            assertThat(read(Topics.ROUTING_DECISIONS, RoutingDecision.class))
                    .extracting(
                            RoutingDecision::user,
                            RoutingDecision::brand,
                            RoutingDecision::sessionId,
                            RoutingDecision::reason,
                            RoutingDecision::activityTime)
                    .containsExactly(tuple(buyer, "b1", "s1", "expert_order:e1", slot));
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> !read(Topics.DEAD_LETTERS, DeadLetter.class).isEmpty());
            assertThat(read(Topics.DEAD_LETTERS, DeadLetter.class))
                    .singleElement()
                    .satisfies(d -> {
                        assertThat(d.sourceTopic()).isEqualTo(Topics.EXPERT_ORDERS);
                        assertThat(d.reason())
                                .isEqualTo("field 'event_time': \"last tuesday\" is not a time in format iso "
                                        + "(input field 'paid_at')");
                    });
        } finally {
            job.cancel().get();
        }
    }

    /** The platform's wall-clock text for an instant, in its own zone. */
    private static String shanghai(long millis) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(Instant.ofEpochMilli(millis).atZone(java.time.ZoneId.of("Asia/Shanghai")));
    }

    private static <T> List<T> read(String topic, Class<T> type) {
        return KAFKA.readAll(topic).stream()
                .map(ConsumerRecord::value)
                .map(v -> {
                    try {
                        return EventJson.mapper().readValue(v, type);
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
    }
}
