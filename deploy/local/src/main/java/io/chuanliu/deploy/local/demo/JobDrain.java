package io.chuanliu.deploy.local.demo;

import io.chuanliu.common.Topics;
import io.chuanliu.common.events.RoutingStats;
import io.chuanliu.deploy.local.stack.FlinkRestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Waiting for the running job to catch up with what the demo sent it: its counters over REST, its
 * output topics read back.
 *
 * @param timeout how long the job may take to consume what was sent
 * @param flinkLog where a timeout's message sends the reader
 */
record JobDrain(FlinkRestClient rest, String jobId, OutputTopics outputs, Duration timeout, Path flinkLog) {

    /** Counters that move while the job still works through what it has read. */
    private static final List<String> PROGRESS_COUNTERS = List.of(
            "numExpertOrders",
            "numEngagements",
            "numActivities",
            "numReminders",
            "numProposals",
            "numDecisions",
            "numSessionUpdates",
            "numConversions",
            "numRewards",
            "numBudgetUpdates");

    /**
     * Waits until the job has parsed {@code expected} records and its routing and attribution counters
     * have stopped moving (the records are in the job's state, not just read).
     */
    void awaitConsumed(long expected) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = 0;
        long previousProgress = -1;
        int quietPolls = 0;
        while (System.nanoTime() < deadline) {
            seen = rest.metricSum(jobId, "numValidEvents") + rest.metricSum(jobId, "numDeadLetters");
            long progress = 0;
            for (String counter : PROGRESS_COUNTERS) {
                progress += rest.metricSum(jobId, counter);
            }
            quietPolls = progress == previousProgress ? quietPolls + 1 : 0;
            // Three quiet polls (4.5 s) outlast the idleness timeout, so attribution has judged what it waits for.
            if (seen >= expected && quietPolls >= 3) {
                return;
            }
            previousProgress = progress;
            Thread.sleep(1500);
        }
        throw new IllegalStateException("the job consumed " + seen + " of " + expected + " records within " + timeout
                + "; see the Flink UI and " + flinkLog);
    }

    /** Reads a topic until it holds {@code expected} distinct records (by id), for at most a minute. */
    <T> List<T> awaitAtLeast(String topic, Class<T> type, long expected, Function<T, String> id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<T> records = outputs.readAll(topic, type);
        while (records.stream().map(id).distinct().count() < expected && System.nanoTime() < deadline) {
            Thread.sleep(500);
            records = outputs.readAll(topic, type);
        }
        return records;
    }

    /**
     * The routing-stats snapshots once the latest of each brand and day add up to the decisions and
     * conversions the job wrote (they are written at most once a second), or after 60 s what there is.
     */
    List<RoutingStats> awaitStats(long routes, long holdouts, long conversions) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<RoutingStats> stats = outputs.readAll(Topics.ROUTING_STATS, RoutingStats.class);
            Map<String, RoutingStats> latest = Incrementality.latest(stats);
            long seenRoutes =
                    latest.values().stream().mapToLong(RoutingStats::routes).sum();
            long seenHoldouts =
                    latest.values().stream().mapToLong(RoutingStats::holdouts).sum();
            long seenConversions = latest.values().stream()
                    .mapToLong(s -> s.routedConversions() + s.holdoutConversions())
                    .sum();
            if ((seenRoutes == routes && seenHoldouts == holdouts && seenConversions == conversions)
                    || System.nanoTime() > deadline) {
                return stats;
            }
            Thread.sleep(500);
        }
    }
}
