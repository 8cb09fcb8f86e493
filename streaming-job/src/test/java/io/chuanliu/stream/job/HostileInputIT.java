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
import io.chuanliu.common.events.ControlEvent;
import io.chuanliu.common.events.ControlKind;
import io.chuanliu.common.events.DeadLetter;
import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.EngagementKind;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.events.OrderChannel;
import io.chuanliu.common.events.RouteRefusal;
import io.chuanliu.common.events.RoutingDecision;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.json.EventJson;
import io.chuanliu.generator.hostile.HostileRecords;
import io.chuanliu.stream.testing.EmbeddedKafka;
import io.chuanliu.stream.testing.JobMetrics;
import io.chuanliu.stream.testing.TestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sends 12,000 hostile records across every input topic to the running job, on a real broker and a
 * MiniCluster that would restart the job on any failure, and checks that the job never restarted,
 * that every record was counted as a valid event or a dead letter, that every dead letter reached its
 * topic small enough to fit, and that the job still routes afterwards.
 */
class HostileInputIT {

    private static final int PARALLELISM = 2;
    private static final int PER_TOPIC = 2_000;
    /** Past Kafka's 1 MB request limit once base64-encoded, if a dead letter kept them whole. */
    private static final int HUGE_RECORDS = 12;

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final EmbeddedKafka KAFKA = new EmbeddedKafka();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.extension(
            PARALLELISM,
            // A failure restarts the job (and shows in numRestarts) instead of ending the test at once.
            REPORTER.addToConfiguration(
                    TestClusters.restarting(TestClusters.rocksDb(), 1_000, Duration.ofMillis(200))));

    private final JobMetrics metrics = new JobMetrics(REPORTER);

    /** One valid event per input topic, the seed of that topic's hostile records. */
    private static Map<String, Event> seeds() {
        return Map.of(
                Topics.EXPERT_ORDERS, expertOrder("o1", "u1", "b1", "e1", T0 - DAY),
                Topics.ENGAGEMENTS, new Engagement("u1", "b1", "i1", "e1", EngagementKind.LIKE, T0 - HOUR),
                Topics.USER_ACTIVITY, activity("u1", T0),
                Topics.LIVE_SESSIONS, liveSession("b1", "s1", SessionStatus.LIVE, T0 - HOUR, T0 + 3 * HOUR, T0 - HOUR),
                Topics.CONTROL,
                        new ControlEvent(ControlKind.BRAND_BUDGET, "u1", "b1", "e1", 70.0, 80.0, 90.0, 1_000L, T0),
                Topics.MODEL_UPDATES,
                        new ModelRef("affinity", "v1", "file:///nowhere/models/v1", Map.of("manifest.json", "00"), T0),
                Topics.ROUTING_REFUSALS, new RouteRefusal("d1", "u1", "b1", "s1", "budget_pacing", T0, null));
    }

    @Test
    void shouldTurnEveryHostileRecordIntoAnEventOrADeadLetterWithoutEverRestarting() throws Exception {
        KAFKA.createTopics(PARALLELISM, Topics.ALL);
        RoutingJobConfig config = BrokerJob.settings(KAFKA.bootstrapServers(), "--routing.quiet-hours", "none");
        JobClient job = BrokerJob.start(config, PARALLELISM);
        JobID jobId = job.getJobID();
        try {
            HostileRecords hostile = new HostileRecords(20261202L, 50_000);
            Map<HostileRecords.Mutation, Integer> sentByMutation = new EnumMap<>(HostileRecords.Mutation.class);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (Map.Entry<String, Event> seed : seeds().entrySet()) {
                byte[] json = EventJson.toBytes(seed.getValue());
                for (int i = 0; i < PER_TOPIC; i++) {
                    HostileRecords.Hostile record = hostile.next(json);
                    sentByMutation.merge(record.mutation(), 1, Integer::sum);
                    records.add(new ProducerRecord<>(
                            seed.getKey(), null, T0, ("k" + i).getBytes(StandardCharsets.UTF_8), record.value()));
                }
            }
            byte[] huge = new byte[900_000];
            Arrays.fill(huge, (byte) 'z');
            for (int i = 0; i < HUGE_RECORDS; i++) {
                String topic = List.copyOf(seeds().keySet()).get(i % seeds().size());
                records.add(new ProducerRecord<>(topic, null, T0, null, huge));
            }
            KAFKA.sendAll(records);
            long sent = records.size();

            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> metrics.counter(jobId, "numValidEvents") + metrics.counter(jobId, "numDeadLetters")
                            >= sent);
            long deadLetters = metrics.counter(jobId, "numDeadLetters");
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> KAFKA.readAll(Topics.DEAD_LETTERS).size() >= deadLetters);

            // The job still routes: a buyer of a live brand is sent to its room.
            String buyer = ScriptedEvening.user("after", false);
            KAFKA.sendAll(List.of(
                    record(
                            Topics.LIVE_SESSIONS,
                            "b7",
                            liveSession("b7", "s7", SessionStatus.LIVE, T0, T0 + 4 * HOUR, T0)),
                    record(
                            Topics.EXPERT_ORDERS,
                            buyer,
                            new ExpertOrder(
                                    "after-o1",
                                    buyer,
                                    "b7",
                                    "i7",
                                    "e7",
                                    OrderChannel.EXPERT_LIVE,
                                    100,
                                    1,
                                    T0 - DAY,
                                    false))));
            await().atMost(Duration.ofMinutes(1)).until(() -> metrics.counter(jobId, "numGoLives") >= 1);
            KAFKA.sendAll(List.of(record(Topics.USER_ACTIVITY, buyer, activity(buyer, T0 + 10 * MINUTE))));
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> routedBrands(buyer).contains("b7"));

            assertThat(metrics.gauge(jobId, "numRestarts")).as("restarts").isZero();
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            long valid = metrics.counter(jobId, "numValidEvents");
            assertThat(valid + metrics.counter(jobId, "numDeadLetters"))
                    .as("every record counted once")
                    .isEqualTo(sent + 3);
            List<ConsumerRecord<byte[], byte[]>> letters = KAFKA.readAll(Topics.DEAD_LETTERS);
            assertThat(letters).as("every dead letter written once").hasSize((int) deadLetters);
            assertThat(letters).allSatisfy(r -> assertThat(r.value().length).isLessThan(200_000));
            List<DeadLetter> parsed = letters.stream().map(r -> read(r.value())).toList();
            assertThat(parsed).allSatisfy(d -> {
                assertThat(d.reason()).isNotBlank().hasSizeLessThanOrEqualTo(DeadLetter.MAX_REASON_CHARS);
                assertThat(d.rawSha256()).hasSize(64);
            });
            assertThat(parsed)
                    .filteredOn(DeadLetter::isTruncated)
                    .hasSize(HUGE_RECORDS)
                    .allSatisfy(d -> assertThat(d.rawLength()).isEqualTo(900_000));
            assertThat(sentByMutation)
                    .as("every kind of hostile record was sent")
                    .hasSize(HostileRecords.Mutation.values().length);
        } finally {
            job.cancel().get();
        }
    }

    private List<String> routedBrands(String user) {
        return KAFKA.readAll(Topics.ROUTING_DECISIONS).stream()
                .map(r -> EventJson.mapper().convertValue(readTree(r.value()), RoutingDecision.class))
                .filter(d -> d.user().equals(user))
                .map(RoutingDecision::brand)
                .toList();
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(byte[] value) {
        try {
            return EventJson.mapper().readTree(value);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static DeadLetter read(byte[] value) {
        try {
            return EventJson.mapper().readValue(value, DeadLetter.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, Event event) {
        return new ProducerRecord<>(
                topic, null, event.eventTime(), key.getBytes(StandardCharsets.UTF_8), EventJson.toBytes(event));
    }
}
