package io.chuanliu.stream.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.common.events.Engagement;
import io.chuanliu.common.events.Event;
import io.chuanliu.common.events.ExpertOrder;
import io.chuanliu.common.events.LiveSession;
import io.chuanliu.common.events.ModelRef;
import io.chuanliu.common.events.SessionStatus;
import io.chuanliu.common.events.UserActivity;
import io.chuanliu.common.model.ModelFiles;
import io.chuanliu.stream.functions.RoutingFunction;
import io.chuanliu.stream.records.BroadcastUpdate;
import io.chuanliu.stream.records.CandidateScore;
import io.chuanliu.stream.records.ModelUpdate;
import io.chuanliu.stream.records.Proposal;
import io.chuanliu.stream.records.SessionUpdate;
import io.chuanliu.stream.records.UserSignal;
import io.chuanliu.stream.rules.QuietHours;
import io.chuanliu.stream.rules.RoutingRules;
import io.chuanliu.stream.testing.MarketHistory;
import io.chuanliu.stream.testing.RoutingHarness;
import io.chuanliu.stream.testing.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the gate measured is what the stream serves. A generated market's history is written as
 * training reads it; the Spark training job (a child JVM) evaluates, gates and publishes the model,
 * with its scores of every brand at the model's cut-off for a sample of users
 * ({@code serving_sample.csv}). The same history is replayed, in event-time order, into the routing
 * function serving that model; at the cut-off every brand goes live and each sampled user opens the
 * app. For every brand a sampled user is eligible for, the stream's purchase probability equals the
 * batch job's within 1e-6 relative, and both order the user's brands the same way.
 */
class RankerParityIT {

    private static final int USERS = 2_000;
    private static final double RELATIVE_TOLERANCE = 1e-6;
    private static final int MAX_PARALLELISM = 1024;

    @TempDir
    Path work;

    @Test
    void shouldScoreEveryEligibleBrandExactlyAsTheGatedRankerScoredItInTraining() throws Exception {
        List<Event> history = MarketHistory.write(work.resolve("history"), USERS);
        TrainingRun.trainPublishingAny(
                work,
                work.resolve("models").toString(),
                "p1",
                "--publish.serving-sample-users",
                "1000",
                "--store.max-parallelism",
                String.valueOf(MAX_PARALLELISM));
        Path model = work.resolve("models/p1");
        Map<String, Map<String, Double>> batch = servingSample(model.resolve(ModelFiles.SERVING_SAMPLE));
        long cutoff = history.stream().mapToLong(Event::eventTime).max().orElseThrow();

        Map<String, Map<String, Double>> stream = new HashMap<>();
        try (KeyedBroadcastOperatorTestHarness<String, UserSignal, BroadcastUpdate, Proposal> harness = harness()) {
            harness.processBroadcastElement(
                    BroadcastUpdate.of(ModelUpdate.of(
                            new ModelRef("affinity", "p1", model.toUri().toString(), Map.of(), cutoff))),
                    cutoff);
            for (Event event : history) {
                harness.processElement(
                        event instanceof ExpertOrder o ? UserSignal.of(o) : UserSignal.of((Engagement) event),
                        event.eventTime());
            }
            harness.processWatermark(new Watermark(cutoff));
            for (String brand : brands(batch)) {
                LiveSession live = new LiveSession(
                        brand,
                        "s-" + brand,
                        SessionStatus.LIVE,
                        cutoff - 3_600_000L,
                        cutoff + 3_600_000L,
                        List.of(),
                        cutoff);
                harness.processBroadcastElement(BroadcastUpdate.of(SessionUpdate.of(live)), cutoff);
            }
            for (String user : batch.keySet()) {
                harness.processElement(UserSignal.of(new UserActivity(user, "feed", cutoff)), cutoff);
            }
            var scored = harness.getSideOutput(RoutingFunction.CANDIDATE_SCORES);
            for (var record : scored == null
                    ? List.<org.apache.flink.streaming.runtime.streamrecord.StreamRecord<CandidateScore>>of()
                    : scored) {
                CandidateScore s = record.getValue();
                stream.computeIfAbsent(s.user(), u -> new HashMap<>()).put(s.brand(), s.probability());
            }
        }

        int pairs = 0;
        double worst = 0;
        for (Map.Entry<String, Map<String, Double>> user : stream.entrySet()) {
            Map<String, Double> expected = batch.get(user.getKey());
            assertThat(expected)
                    .as("user %s scored by the stream is in the serving sample", user.getKey())
                    .isNotNull();
            for (Map.Entry<String, Double> brand : user.getValue().entrySet()) {
                double b = expected.get(brand.getKey());
                assertThat(brand.getValue())
                        .as("%s -> %s: stream vs batch", user.getKey(), brand.getKey())
                        .isCloseTo(b, org.assertj.core.data.Offset.offset(RELATIVE_TOLERANCE * Math.abs(b)));
                pairs++;
                worst = Math.max(worst, Math.abs(brand.getValue() - b) / Math.abs(b));
            }
            assertSameOrder(user.getKey(), user.getValue(), expected);
        }
        assertThat(stream.size()).as("sampled users with an eligible brand").isGreaterThanOrEqualTo(500);
        System.out.printf(
                "parity: %d users, %d (user, brand) pairs, largest relative difference %.1e (tolerance %.0e)%n",
                stream.size(), pairs, worst, RELATIVE_TOLERANCE);
    }

    private static KeyedBroadcastOperatorTestHarness<String, UserSignal, BroadcastUpdate, Proposal> harness()
            throws Exception {
        RoutingRules rules =
                RoutingRules.defaults().withQuietHours(QuietHours.NONE).withHoldoutFraction(0);
        // One subtask owning all of the 1,024 key groups training shards the user store for (its default).
        var harness = RoutingHarness.of(
                new RoutingFunction(rules, "", Duration.ofDays(14), Duration.ofDays(90)).explainingScores(),
                MAX_PARALLELISM);
        harness.open();
        return harness;
    }

    private static Map<String, Map<String, Double>> servingSample(Path csv) throws Exception {
        Map<String, Map<String, Double>> scores = new HashMap<>();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("user,brand,score");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            scores.computeIfAbsent(f[0], u -> new HashMap<>()).put(f[1], Double.parseDouble(f[2]));
        }
        return scores;
    }

    private static TreeSet<String> brands(Map<String, Map<String, Double>> sample) {
        TreeSet<String> brands = new TreeSet<>();
        sample.values().forEach(m -> brands.addAll(m.keySet()));
        return brands;
    }

    /** Any two brands the batch job tells apart (by more than the tolerance) the stream orders the same way. */
    private static void assertSameOrder(String user, Map<String, Double> stream, Map<String, Double> batch) {
        for (String a : stream.keySet()) {
            for (String b : stream.keySet()) {
                if (batch.get(a) > batch.get(b) * (1 + 2 * RELATIVE_TOLERANCE)) {
                    assertThat(stream.get(a))
                            .as("%s: %s ranks above %s in the batch job", user, a, b)
                            .isGreaterThan(stream.get(b));
                }
            }
        }
    }
}
