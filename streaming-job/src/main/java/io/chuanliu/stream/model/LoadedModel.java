package io.chuanliu.stream.model;

import io.chuanliu.common.model.UserStoreLayout;
import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.common.ranking.LinearRanker;
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
 * @param brandSide the ranker's brand side: factors, popularity, co-occurrence neighbours
 * @param ranker the gated ranker the stream computes, as the manifest publishes it
 */
public record LoadedModel(
        String version,
        Path directory,
        int rank,
        Map<String, float[]> brandFactors,
        UserStoreLayout userStore,
        double regParam,
        double alpha,
        double[] gram,
        Map<String, String> checksums,
        BrandSide brandSide,
        LinearRanker ranker) {

    public static LoadedModel of(
            String version,
            Path directory,
            int rank,
            BrandSide side,
            UserStoreLayout userStore,
            double regParam,
            double alpha,
            Map<String, String> checksums,
            LinearRanker ranker) {
        Map<String, float[]> brandFactors = new java.util.HashMap<>();
        for (int b = 0; b < side.size(); b++) {
            if (side.factors(b) != null) {
                brandFactors.put(side.name(b), side.factors(b));
            }
        }
        double[] gram = new double[rank * rank];
        for (float[] y : brandFactors.values()) {
            for (int i = 0; i < rank; i++) {
                for (int j = 0; j < rank; j++) {
                    gram[i * rank + j] += (double) y[i] * y[j];
                }
            }
        }
        return new LoadedModel(
                version,
                directory,
                rank,
                Map.copyOf(brandFactors),
                userStore,
                regParam,
                alpha,
                gram,
                checksums,
                side,
                ranker);
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
