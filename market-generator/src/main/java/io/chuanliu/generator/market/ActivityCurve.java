package io.chuanliu.generator.market;

/**
 * Share of a day's app activity in each local hour: quiet before dawn, a lunch bump and the evening
 * peak (20:00 to 22:00) when most live rooms are on.
 */
public final class ActivityCurve {

    private static final double[] RAW = {
        1.2, 0.7, 0.4, 0.3, 0.3, 0.4, 1.0, 2.2, 3.2, 3.4, 3.5, 3.8,
        4.6, 4.2, 3.6, 3.5, 3.6, 4.0, 4.8, 6.2, 8.4, 9.2, 7.6, 3.6
    };
    private static final double[] SHARE = normalise(RAW);

    private ActivityCurve() {}

    /** The fraction of a day's events that fall in local hour {@code hour}; the 24 shares sum to 1. */
    public static double share(int hour) {
        return SHARE[hour];
    }

    private static double[] normalise(double[] raw) {
        double total = 0;
        for (double v : raw) {
            total += v;
        }
        double[] out = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = raw[i] / total;
        }
        return out;
    }
}
