package io.chuanliu.common.model;

/**
 * One line of {@code brand_factors.jsonl}: one brand of the model's brand side, small enough to
 * broadcast (see {@link io.chuanliu.common.ranking.BrandSide}).
 *
 * @param factors the brand's ALS factors, or null when ALS did not see it
 * @param buyers distinct buyers before the model's cut-off (its popularity)
 * @param neighbours the brands most often bought by the same users, nearest first
 * @param similarity the co-occurrence similarity of each neighbour
 */
public record BrandFactors(String brand, float[] factors, long buyers, String[] neighbours, double[] similarity) {

    /** A brand known only by its factors (no popularity, no neighbours). */
    public BrandFactors(String brand, float[] factors) {
        this(brand, factors, 0, new String[0], new double[0]);
    }
}
