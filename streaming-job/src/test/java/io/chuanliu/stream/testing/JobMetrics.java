package io.chuanliu.stream.testing;

import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;

/** Reads a running job's counters, summed over operators and subtasks, from an in-memory reporter. */
public final class JobMetrics {

    private final InMemoryReporter reporter;

    public JobMetrics(InMemoryReporter reporter) {
        this.reporter = reporter;
    }

    public long counter(JobID job, String name) {
        return reporter.findMetrics(job, name).entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + name))
                .map(e -> e.getValue())
                .filter(Counter.class::isInstance)
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }
}
