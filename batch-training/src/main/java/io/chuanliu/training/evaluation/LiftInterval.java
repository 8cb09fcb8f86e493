package io.chuanliu.training.evaluation;

/**
 * The model's relative lift over a baseline on one metric, {@code mean(model) / mean(baseline) - 1}
 * over the test users, with a paired bootstrap interval.
 *
 * @param confidence the interval's coverage, e.g. 0.95
 */
public record LiftInterval(double lift, double low, double high, double confidence, int replicates) {

    public String text() {
        return String.format(
                "%+.1f%%, %.0f%% CI [%+.1f%%, %+.1f%%]", 100 * lift, 100 * confidence, 100 * low, 100 * high);
    }
}
