package io.chuanliu.common.ranking;

import java.time.Duration;

/** Exponential decay with a half-life: a weight {@code w} at time {@code t} counts {@code w * 2^-((asOf - t) / halfLife)} at {@code asOf}. */
public final class Decay {

    private Decay() {}

    /** The rate {@code ln 2 / halfLife} per millisecond. */
    public static double lambda(Duration halfLife) {
        return Math.log(2) / halfLife.toMillis();
    }

    /** The factor by which a weight from {@code time} counts at {@code asOf}. */
    public static double factor(double lambda, long asOf, long time) {
        return Math.exp(-lambda * (asOf - time));
    }
}
