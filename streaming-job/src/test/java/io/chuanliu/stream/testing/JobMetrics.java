package io.chuanliu.stream.testing;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.awaitility.Awaitility;

/** Reads a running job's counters, summed over operators and subtasks, from an in-memory reporter. */
public final class JobMetrics {

    private final InMemoryReporter reporter;

    public JobMetrics(InMemoryReporter reporter) {
        this.reporter = reporter;
    }

    /**
     * Every operator's and subtask's instance of the counter registered so far: what a loop that reads a count many
     * times a second holds on to, instead of searching the reporter's metrics each time (the search builds every
     * metric's name and matches it, a visible share of two cores when polled every 100 ms).
     */
    public List<Counter> counters(JobID job, String name) {
        return reporter.findMetrics(job, name).entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + name))
                .map(e -> e.getValue())
                .filter(Counter.class::isInstance)
                .map(Counter.class::cast)
                .toList();
    }

    /**
     * The counter summed over operators and subtasks; -1 when it cannot be told, because a task
     * restarted on the same TaskManager and the reporter holds both attempts' counters under one name.
     */
    public long counter(JobID job, String name) {
        try {
            return counters(job, name).stream().mapToLong(Counter::getCount).sum();
        } catch (IllegalStateException twoAttemptsUnderOneName) {
            return -1;
        }
    }

    /** A numeric gauge (e.g. the job's {@code numRestarts}), summed over every scope that reports it. */
    public long gauge(JobID job, String name) {
        List<Number> values = reporter.findMetrics(job, name).entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + name))
                .map(e -> e.getValue())
                .filter(Gauge.class::isInstance)
                .map(m -> ((Gauge<?>) m).getValue())
                .filter(Number.class::isInstance)
                .map(Number.class::cast)
                .toList();
        if (values.isEmpty()) {
            throw new IllegalStateException("no numeric gauge " + name + " reported for job " + job);
        }
        return values.stream().mapToLong(Number::longValue).sum();
    }

    /**
     * Waits until the job has completed {@code more} checkpoints after this call: what a transactional
     * sink commits becomes visible with a checkpoint, so anything written twice shows after them.
     */
    public void awaitCheckpoints(JobID job, int more, Duration atMost) {
        long start = gauge(job, "numberOfCompletedCheckpoints");
        Awaitility.await()
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> gauge(job, "numberOfCompletedCheckpoints") >= start + more);
    }
}
