package io.chuanliu.common.ranking;

import io.chuanliu.common.model.BrandFactors;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the ranker knows about brands as of one cut-off, small enough to broadcast to every
 * Spark task and every Flink subtask: the ALS brand factors, each brand's buyers (its popularity),
 * its nearest co-occurrence neighbours, and the most popular brands. Brands are indexed 0..n-1 in
 * name order. Published as {@code brand_factors.jsonl}, one {@link BrandFactors} per brand.
 *
 * <p>Its size grows with the catalogue, not with the users: 10^5 brands with 50 neighbours each and
 * rank-16 factors is about 70 MB.
 */
public final class BrandSide implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final Map<String, Integer> index;
    private final float[][] factors;
    private final long[] buyers;
    private final double[] logPopularity;
    private final int[] byPopularity;
    private final int[][] neighbours;
    private final double[][] similarity;
    /** Mean and covariance of the brands' ALS factors (over brands that have factors): a user's affinity spread. */
    private final double[] factorMean;

    private final double[][] factorCovariance;

    private BrandSide(
            String[] names,
            float[][] factors,
            long[] buyers,
            double[] logPopularity,
            int[] byPopularity,
            int[][] neighbours,
            double[][] similarity) {
        this.names = names;
        this.index = new HashMap<>(names.length * 2);
        for (int b = 0; b < names.length; b++) {
            index.put(names[b], b);
        }
        this.factors = factors;
        this.buyers = buyers;
        this.logPopularity = logPopularity;
        this.byPopularity = byPopularity;
        this.neighbours = neighbours;
        this.similarity = similarity;
        int rank = 0;
        int known = 0;
        for (float[] f : factors) {
            if (f != null) {
                rank = f.length;
                known++;
            }
        }
        factorMean = new double[rank];
        factorCovariance = new double[rank][rank];
        for (float[] f : factors) {
            if (f != null) {
                for (int i = 0; i < rank; i++) {
                    factorMean[i] += (double) f[i] / known;
                }
            }
        }
        for (float[] f : factors) {
            if (f != null) {
                for (int i = 0; i < rank; i++) {
                    for (int j = 0; j < rank; j++) {
                        factorCovariance[i][j] += (f[i] - factorMean[i]) * (f[j] - factorMean[j]) / known;
                    }
                }
            }
        }
    }

    /**
     * @param names brand names in ascending order (ties between candidates are broken by index)
     * @param factors ALS factors per brand (null where unknown)
     * @param buyers distinct buyers per brand
     * @param neighbours per brand, its co-occurrence neighbours (indices)
     * @param similarity per brand, the similarity of each neighbour
     */
    public static BrandSide of(
            String[] names, float[][] factors, long[] buyers, int[][] neighbours, double[][] similarity) {
        double[] logPopularity = new double[names.length];
        Integer[] order = new Integer[names.length];
        for (int b = 0; b < names.length; b++) {
            logPopularity[b] = Math.log1p(buyers[b]);
            order[b] = b;
        }
        // Most buyers first, then by name: the order of the popularity baseline.
        Arrays.sort(
                order, (x, y) -> buyers[x] != buyers[y] ? Long.compare(buyers[y], buyers[x]) : Integer.compare(x, y));
        int[] byPopularity = Arrays.stream(order)
                .filter(b -> buyers[b] > 0)
                .mapToInt(Integer::intValue)
                .toArray();
        return new BrandSide(names, factors, buyers, logPopularity, byPopularity, neighbours, similarity);
    }

    /** The brand side from the lines of {@code brand_factors.jsonl}, in any order; neighbours name brands of the same file. */
    public static BrandSide of(List<BrandFactors> lines) {
        BrandFactors[] sorted =
                lines.stream().sorted(Comparator.comparing(BrandFactors::brand)).toArray(BrandFactors[]::new);
        String[] names = new String[sorted.length];
        for (int b = 0; b < names.length; b++) {
            names[b] = sorted[b].brand();
            if (b > 0 && names[b].equals(names[b - 1])) {
                throw new IllegalArgumentException("brand " + names[b] + " appears twice");
            }
        }
        float[][] factors = new float[names.length][];
        long[] buyers = new long[names.length];
        int[][] neighbours = new int[names.length][];
        double[][] similarity = new double[names.length][];
        for (int b = 0; b < names.length; b++) {
            BrandFactors line = sorted[b];
            factors[b] = line.factors();
            buyers[b] = line.buyers();
            String[] next = line.neighbours() == null ? new String[0] : line.neighbours();
            double[] sim = line.similarity() == null ? new double[0] : line.similarity();
            if (sim.length != next.length) {
                throw new IllegalArgumentException("brand " + names[b] + " has " + next.length + " neighbours but "
                        + sim.length + " similarities");
            }
            neighbours[b] = new int[next.length];
            for (int i = 0; i < next.length; i++) {
                neighbours[b][i] = Arrays.binarySearch(names, next[i]);
                if (neighbours[b][i] < 0) {
                    throw new IllegalArgumentException(
                            "brand " + names[b] + " names neighbour " + next[i] + ", which has no line");
                }
            }
            similarity[b] = sim.clone();
        }
        return of(names, factors, buyers, neighbours, similarity);
    }

    /** One line of {@code brand_factors.jsonl} per brand, in name order. */
    public List<BrandFactors> lines() {
        List<BrandFactors> lines = new ArrayList<>(names.length);
        for (int b = 0; b < names.length; b++) {
            String[] next = new String[neighbours[b].length];
            for (int i = 0; i < next.length; i++) {
                next[i] = names[neighbours[b][i]];
            }
            lines.add(new BrandFactors(names[b], factors[b], buyers[b], next, similarity[b]));
        }
        return lines;
    }

    public int size() {
        return names.length;
    }

    public String name(int brand) {
        return names[brand];
    }

    /** The brand's index, or -1 for a brand not seen before the cut-off. */
    public int indexOf(String brand) {
        Integer b = index.get(brand);
        return b == null ? -1 : b;
    }

    /** The brand's ALS factors, or null when ALS did not see it. */
    public float[] factors(int brand) {
        return factors[brand];
    }

    /** Distinct buyers of the brand before the cut-off: its popularity. */
    public long buyers(int brand) {
        return buyers[brand];
    }

    public double logPopularity(int brand) {
        return logPopularity[brand];
    }

    /** Brands with buyers, most buyers first. */
    public int[] byPopularity() {
        return byPopularity;
    }

    public int[] neighbours(int brand) {
        return neighbours[brand];
    }

    public double[] similarity(int brand) {
        return similarity[brand];
    }

    /**
     * The mean and standard deviation of a user's {@link #affinity} over all brands with factors, as
     * {@code {mean, std}}, or {@code {0, 0}} for an unknown user: exact, from the factors' mean and
     * covariance, without scoring every brand.
     */
    public double[] affinitySpread(float[] user) {
        if (user == null || user.length != factorMean.length) {
            return new double[] {0, 0};
        }
        double mean = 0;
        double variance = 0;
        for (int i = 0; i < user.length; i++) {
            mean += user[i] * factorMean[i];
            double row = 0;
            for (int j = 0; j < user.length; j++) {
                row += factorCovariance[i][j] * user[j];
            }
            variance += user[i] * row;
        }
        return new double[] {mean, Math.sqrt(Math.max(variance, 0))};
    }

    /**
     * The dot product of user factors with the brand's, or 0 when either is unknown. Each product is
     * taken in float, as ALS's own scoring does, and summed in double: training and serving share
     * this one definition.
     */
    public double affinity(float[] user, int brand) {
        float[] f = factors[brand];
        if (user == null || f == null) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < f.length; i++) {
            s += user[i] * f[i];
        }
        return s;
    }
}
