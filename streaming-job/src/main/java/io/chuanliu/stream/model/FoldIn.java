package io.chuanliu.stream.model;

/**
 * Factors for a user the model has never seen, from the brands the user just bought or engaged with
 * through experts: one implicit-ALS user step against the model's fixed brand factors,
 * x = (YᵀY + Yᵀ(C − I)Y + λ·n·I)⁻¹ YᵀC p with p = 1 on the touched brands and confidence
 * c = 1 + α·strength, the same normal equations (and the same λ scaling by the number of
 * interactions) that Spark's implicit ALS solves for every user in training. So a new buyer ranks
 * brands as the next training would place them, before that training runs.
 */
public final class FoldIn {

    private FoldIn() {}

    /**
     * @param brands touched brands; those unknown to the model are skipped
     * @param strengths signal strength of each, 1 for a fresh expert order
     * @return the user's factors, or null if no touched brand is in the model
     */
    public static float[] userFactors(LoadedModel model, String[] brands, double[] strengths) {
        int k = model.rank();
        double[] a = model.gram().clone();
        double[] b = new double[k];
        int known = 0;
        for (int n = 0; n < brands.length; n++) {
            float[] y = model.brandFactors().get(brands[n]);
            if (y == null) {
                continue;
            }
            known++;
            double c = 1 + model.alpha() * strengths[n];
            for (int i = 0; i < k; i++) {
                b[i] += c * y[i];
                for (int j = 0; j < k; j++) {
                    a[i * k + j] += (c - 1) * y[i] * y[j];
                }
            }
        }
        if (known == 0) {
            return null;
        }
        double lambda = Math.max(model.regParam() * known, 1e-6);
        for (int i = 0; i < k; i++) {
            a[i * k + i] += lambda;
        }
        double[] x = solveSymmetricPositive(a, b, k);
        float[] factors = new float[k];
        for (int i = 0; i < k; i++) {
            factors[i] = (float) x[i];
        }
        return factors;
    }

    /** Solves A x = b for a symmetric positive definite A (row-major) by Cholesky decomposition. */
    static double[] solveSymmetricPositive(double[] a, double[] b, int k) {
        double[] l = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i * k + j];
                for (int p = 0; p < j; p++) {
                    sum -= l[i * k + p] * l[j * k + p];
                }
                if (i == j) {
                    l[i * k + i] = Math.sqrt(Math.max(sum, 1e-12));
                } else {
                    l[i * k + j] = sum / l[j * k + j];
                }
            }
        }
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            double sum = b[i];
            for (int p = 0; p < i; p++) {
                sum -= l[i * k + p] * y[p];
            }
            y[i] = sum / l[i * k + i];
        }
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double sum = y[i];
            for (int p = i + 1; p < k; p++) {
                sum -= l[p * k + i] * x[p];
            }
            x[i] = sum / l[i * k + i];
        }
        return x;
    }
}
