package io.chuanliu.common.ranking;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The gated ranker, as training publishes it in the manifest and both runtimes compute it: logistic
 * regression on standardised {@link RankerFeatures}. {@link #probability} is the chance that the
 * user buys the brand within the evaluation horizon, calibrated by the fit (non-purchases sampled
 * with inverse-probability weights).
 *
 * @param type always {@value #TYPE}; a model naming another type is refused
 * @param features the feature names, which must equal {@link RankerFeatures#NAMES}
 * @param mean each feature's mean over the fitting rows
 * @param std each feature's standard deviation (0: the feature is constant and ignored)
 * @param weights the coefficient of each standardised feature
 * @param halfLife the decay half-life of the own-history features, ISO-8601 (e.g. {@code PT336H})
 */
public record LinearRanker(
        String type,
        List<String> features,
        double[] mean,
        double[] std,
        double[] weights,
        double intercept,
        @JsonProperty("half_life") String halfLife)
        implements java.io.Serializable {

    public static final String TYPE = "logistic-regression";

    /** The purchase probability of a feature vector in the order of {@link #features}. */
    public double probability(double[] x) {
        double z = intercept;
        for (int i = 0; i < weights.length; i++) {
            double scale = std[i] != 0 ? 1.0 / std[i] : 0.0;
            z += weights[i] * ((x[i] - mean[i]) * scale);
        }
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** The weight of each standardised feature by name, then {@code intercept}: what was learned, for reports. */
    public java.util.Map<String, Double> weightsByFeature() {
        java.util.Map<String, Double> byFeature = new java.util.LinkedHashMap<>();
        for (int i = 0; i < weights.length; i++) {
            byFeature.put(features.get(i), weights[i]);
        }
        byFeature.put("intercept", intercept);
        return byFeature;
    }

    /** The decay rate of the own-history features. */
    public double lambda() {
        return Decay.lambda(java.time.Duration.parse(halfLife));
    }

    /**
     * Checks that this runtime computes exactly this ranker; the message says what does not match.
     *
     * @throws IllegalArgumentException when the type or features are not the ones this version computes
     */
    public LinearRanker requireComputable() {
        if (!TYPE.equals(type)) {
            throw new IllegalArgumentException(
                    "ranker type '" + type + "' is not one this version computes (" + TYPE + ")");
        }
        if (!RankerFeatures.NAMES.equals(features)) {
            throw new IllegalArgumentException(
                    "ranker features " + features + " are not the ones this version computes " + RankerFeatures.NAMES);
        }
        int n = features.size();
        if (mean == null
                || std == null
                || weights == null
                || mean.length != n
                || std.length != n
                || weights.length != n) {
            throw new IllegalArgumentException(
                    "ranker has " + n + " features but mean, std and weights of other lengths");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(mean[i]) || !Double.isFinite(std[i]) || std[i] < 0 || !Double.isFinite(weights[i])) {
                throw new IllegalArgumentException(
                        "ranker feature " + features.get(i) + " has a non-finite or negative parameter");
            }
        }
        if (!Double.isFinite(intercept)) {
            throw new IllegalArgumentException("ranker intercept is not finite");
        }
        java.time.Duration d;
        try {
            d = java.time.Duration.parse(halfLife);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "ranker half_life '" + halfLife + "' is not an ISO-8601 duration such as PT336H");
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("ranker half_life must be positive, got " + halfLife);
        }
        return this;
    }
}
