package io.chuanliu.training.model;

import io.chuanliu.training.features.InteractionFeatures;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Everything the candidate builder knows about brands as of one cut-off, small enough to broadcast
 * to every task: the ALS brand factors, each brand's buyers (its popularity), its nearest
 * co-occurrence neighbours, and the most popular brands. Brands are indexed 0..n-1 in name order.
 *
 * <p>Its size grows with the catalogue, not with the users: 10^5 brands with 50 neighbours each and
 * rank-16 factors is about 70 MB.
 */
public final class BrandSide implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final Map<String, Integer> index;
    private final float[][] factors;
    private final double[] logPopularity;
    private final int[] byPopularity;
    private final int[][] neighbours;
    private final double[][] similarity;

    private BrandSide(String[] names, float[][] factors, double[] logPopularity, int[] byPopularity, int[][] neighbours,
            double[][] similarity) {
        this.names = names;
        this.index = new HashMap<>(names.length * 2);
        for (int b = 0; b < names.length; b++) {
            index.put(names[b], b);
        }
        this.factors = factors;
        this.logPopularity = logPopularity;
        this.byPopularity = byPopularity;
        this.neighbours = neighbours;
        this.similarity = similarity;
    }

    /**
     * Collects the brand side of a split.
     *
     * @param brandBuyers {@link InteractionFeatures#brandBuyers} of the interactions up to the cut-off
     * @param userBrand {@link InteractionFeatures#userBrand} of the same interactions
     * @param model ALS fitted on {@code userBrand}
     * @param neighboursPerBrand co-occurrence neighbours kept per brand
     */
    public static BrandSide collect(Dataset<Row> brandBuyers, Dataset<Row> userBrand, AffinityModel model, int neighboursPerBrand) {
        Map<String, Long> buyers = new HashMap<>();
        for (Row r : brandBuyers.collectAsList()) {
            buyers.put(r.getString(0), r.getLong(1));
        }
        Map<String, float[]> factorsByName = new HashMap<>();
        for (Row r : model.brandFactors().collectAsList()) {
            factorsByName.put(r.getString(0), AffinityModel.factors(r.getList(1)));
        }
        List<Row> pairs = CoOccurrence.nearestNeighbours(userBrand, neighboursPerBrand).collectAsList();

        TreeSet<String> all = new TreeSet<>(buyers.keySet());
        all.addAll(factorsByName.keySet());
        for (Row p : pairs) {
            all.add(p.getString(0));
            all.add(p.getString(1));
        }
        String[] names = all.toArray(String[]::new);
        float[][] factors = new float[names.length][];
        long[] buyerCounts = new long[names.length];
        for (int b = 0; b < names.length; b++) {
            factors[b] = factorsByName.get(names[b]);
            buyerCounts[b] = buyers.getOrDefault(names[b], 0L);
        }
        List<List<double[]>> lists = new ArrayList<>();
        for (int b = 0; b < names.length; b++) {
            lists.add(new ArrayList<>());
        }
        for (Row p : pairs) {
            int b = Arrays.binarySearch(names, p.getString(1));
            lists.get(Arrays.binarySearch(names, p.getString(0))).add(new double[] {b, p.getDouble(2)});
        }
        int[][] neighbours = new int[names.length][];
        double[][] similarity = new double[names.length][];
        for (int b = 0; b < names.length; b++) {
            List<double[]> l = lists.get(b);
            neighbours[b] = new int[l.size()];
            similarity[b] = new double[l.size()];
            for (int i = 0; i < l.size(); i++) {
                neighbours[b][i] = (int) l.get(i)[0];
                similarity[b][i] = l.get(i)[1];
            }
        }
        return of(names, factors, buyerCounts, neighbours, similarity);
    }

    /**
     * @param names brand names in ascending order (ties between candidates are broken by index)
     * @param factors ALS factors per brand (null where unknown)
     * @param buyers distinct buyers per brand
     * @param neighbours per brand, its co-occurrence neighbours (indices)
     * @param similarity per brand, the similarity of each neighbour
     */
    static BrandSide of(String[] names, float[][] factors, long[] buyers, int[][] neighbours, double[][] similarity) {
        double[] logPopularity = new double[names.length];
        Integer[] order = new Integer[names.length];
        for (int b = 0; b < names.length; b++) {
            logPopularity[b] = Math.log1p(buyers[b]);
            order[b] = b;
        }
        // Most buyers first, then by name: the order of the popularity baseline.
        Arrays.sort(order, (x, y) -> buyers[x] != buyers[y] ? Long.compare(buyers[y], buyers[x]) : Integer.compare(x, y));
        int[] byPopularity = Arrays.stream(order).filter(b -> buyers[b] > 0).mapToInt(Integer::intValue).toArray();
        return new BrandSide(names, factors, logPopularity, byPopularity, neighbours, similarity);
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

    /** The dot product of user factors with the brand's, or 0 when either is unknown. */
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
