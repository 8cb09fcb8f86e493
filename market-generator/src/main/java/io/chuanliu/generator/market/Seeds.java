package io.chuanliu.generator.market;

import java.util.SplittableRandom;

/** Independent, reproducible random streams keyed by what they generate (a user on a day, a brand). */
final class Seeds {

    private Seeds() {}

    static SplittableRandom stream(long seed, long... parts) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long part : parts) {
            h = mix(h ^ (part + 0x632BE59BD9B4E019L));
        }
        return new SplittableRandom(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Poisson draw by inversion; rates here are small (a handful of events per user-hour). */
    static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        double l = Math.exp(-mean);
        double p = random.nextDouble();
        int k = 0;
        double cumulative = l;
        double term = l;
        while (p > cumulative && k < 1000) {
            k++;
            term *= mean / k;
            cumulative += term;
        }
        return k;
    }

    /** Index drawn with probability proportional to {@code weights[i]}. */
    static int pick(SplittableRandom random, double[] weights, double total) {
        double r = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
