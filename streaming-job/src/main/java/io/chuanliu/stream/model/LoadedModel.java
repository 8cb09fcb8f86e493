package io.chuanliu.stream.model;

import io.chuanliu.common.model.UserStoreLayout;
import java.nio.file.Path;
import java.util.Map;

/**
 * A verified model: its brand side in memory (small, the same on every subtask) and where its user
 * side lies.
 *
 * @param brandFactors brand -> factors, all of length {@code rank}
 */
public record LoadedModel(String version, Path directory, int rank, Map<String, float[]> brandFactors, UserStoreLayout userStore) {

    /** Affinity of a user with these factors for a brand, or NaN when the brand is not in the model. */
    public double affinity(float[] userFactors, String brand) {
        float[] b = brandFactors.get(brand);
        if (b == null || userFactors.length != b.length) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < b.length; i++) {
            s += userFactors[i] * b[i];
        }
        return s;
    }
}
