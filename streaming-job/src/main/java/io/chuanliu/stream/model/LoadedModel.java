package io.chuanliu.stream.model;

import io.chuanliu.common.model.UserStoreLayout;
import java.nio.file.Path;
import java.util.Map;

/**
 * A verified model: its brand side in memory (small, the same on every subtask) and where its user
 * side lies.
 *
 * @param brandFactors brand -> factors, all of length {@code rank}
 * @param regParam the ALS regularisation the model was trained with, for fold-in
 * @param alpha the ALS confidence scale the model was trained with, for fold-in
 * @param gram the brand factors' Gram matrix YᵀY, row-major rank x rank, for fold-in
 * @param checksums the manifest's SHA-256 of every file, by path relative to {@code directory}
 */
public record LoadedModel(String version, Path directory, int rank, Map<String, float[]> brandFactors,
        UserStoreLayout userStore, double regParam, double alpha, double[] gram, Map<String, String> checksums) {

    public static LoadedModel of(String version, Path directory, int rank, Map<String, float[]> brandFactors,
            UserStoreLayout userStore, double regParam, double alpha) {
        return of(version, directory, rank, brandFactors, userStore, regParam, alpha, Map.of());
    }

    public static LoadedModel of(String version, Path directory, int rank, Map<String, float[]> brandFactors,
            UserStoreLayout userStore, double regParam, double alpha, Map<String, String> checksums) {
        double[] gram = new double[rank * rank];
        for (float[] y : brandFactors.values()) {
            for (int i = 0; i < rank; i++) {
                for (int j = 0; j < rank; j++) {
                    gram[i * rank + j] += (double) y[i] * y[j];
                }
            }
        }
        return new LoadedModel(version, directory, rank, brandFactors, userStore, regParam, alpha, gram, checksums);
    }

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
