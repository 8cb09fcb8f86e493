package io.chuanliu.generator.output;

import java.io.PrintStream;

/** A one-line progress bar on stderr for long runs; silent when the total is small. */
public final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean enabled;
    private final long startNanos = System.nanoTime();
    private int lastPercent = -1;

    public Progress(PrintStream out, String label, long total, boolean enabled) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.enabled = enabled;
    }

    public static Progress silent() {
        return new Progress(System.err, "", 1, false);
    }

    public void update(long done) {
        if (!enabled) {
            return;
        }
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        int filled = percent * WIDTH / 100;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.printf(
                "\r%-22s [%s%s] %3d%% %6.1f s",
                label, "#".repeat(filled), " ".repeat(WIDTH - filled), percent, seconds);
        if (percent == 100) {
            out.println();
        }
        out.flush();
    }
}
