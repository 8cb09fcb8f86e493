package io.chuanliu.training.job;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wall time of each stage of a run, and the driver's peak heap, for the log and the benchmark. */
public final class StageTimer {

    private final Map<String, Long> millis = new LinkedHashMap<>();
    private final long started = System.nanoTime();
    private final java.io.PrintStream progress;
    private long stageStart = started;
    private long stepStart = started;

    public StageTimer() {
        this(null);
    }

    /** @param progress where each finished stage prints one line with its time, or null */
    public StageTimer(java.io.PrintStream progress) {
        this.progress = progress;
    }

    /** Ends the running stage under {@code name} and starts the next. */
    public void done(String name) {
        done(name, -1, null);
    }

    /** As {@link #done(String)}, printing how many {@code what} the stage produced (rows, users ...); none when negative. */
    public void done(String name, long count, String what) {
        long now = System.nanoTime();
        millis.merge(name, (now - stageStart) / 1_000_000, Long::sum);
        if (progress != null) {
            progress.printf(
                    "stage %-15s %7.1f s  (%.1f s in all)%s%n",
                    name,
                    (now - stageStart) / 1e9,
                    (now - started) / 1e9,
                    count < 0 ? "" : String.format("  %,d %s", count, what));
        }
        stageStart = now;
        stepStart = now;
    }

    /** Prints one line for a step within the running stage (time since the stage's previous step), without ending it. */
    public void step(String name) {
        long now = System.nanoTime();
        if (progress != null) {
            progress.printf("  step %-23s %7.1f s%n", name, (now - stepStart) / 1e9);
        }
        stepStart = now;
    }

    public Map<String, Long> millis() {
        return millis;
    }

    /** Sum of the peak usage of every heap pool since the JVM started, in bytes. */
    public static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
