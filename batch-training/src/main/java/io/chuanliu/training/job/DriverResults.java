package io.chuanliu.training.job;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What the executors send back to the driver as task results (collects, counts, aggregates), in
 * bytes, over the run and for the largest single stage. Everything the driver holds comes through
 * here, so if these stay flat while users grow, nothing on the driver grows with users.
 */
public final class DriverResults extends SparkListener {

    private final AtomicLong total = new AtomicLong();
    private final ConcurrentHashMap<Integer, AtomicLong> byStage = new ConcurrentHashMap<>();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.taskMetrics() == null || !"ResultTask".equals(taskEnd.taskType())) {
            return;
        }
        long bytes = taskEnd.taskMetrics().resultSize();
        total.addAndGet(bytes);
        byStage.computeIfAbsent(taskEnd.stageId(), s -> new AtomicLong()).addAndGet(bytes);
    }

    public long totalBytes() {
        return total.get();
    }

    /** The most any one stage sent to the driver. */
    public long largestStageBytes() {
        return byStage.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
    }
}
