package io.chuanliu.training.model;

import io.chuanliu.common.ranking.BrandSide;
import io.chuanliu.training.features.InteractionFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Collects a split's {@link BrandSide} from Spark: small (it grows with brands, not users), so it fits the driver. */
public final class BrandSides {

    private BrandSides() {}

    /**
     * Collects the brand side of a split.
     *
     * @param brandBuyers {@link InteractionFeatures#brandBuyers} of the interactions up to the cut-off
     * @param userBrand {@link InteractionFeatures#userBrand} of the same interactions
     * @param model ALS fitted on {@code userBrand}
     * @param neighboursPerBrand co-occurrence neighbours kept per brand
     */
    public static BrandSide collect(
            Dataset<Row> brandBuyers, Dataset<Row> userBrand, AffinityModel model, int neighboursPerBrand) {
        Map<String, Long> buyers = new HashMap<>();
        for (Row r : brandBuyers.collectAsList()) {
            buyers.put(r.getString(0), r.getLong(1));
        }
        Map<String, float[]> factorsByName = factorsByName(model);
        TreeSet<String> all = new TreeSet<>(buyers.keySet());
        all.addAll(factorsByName.keySet());
        String[] names = all.toArray(String[]::new);
        List<CoOccurrence.Neighbour> pairs = CoOccurrence.nearestNeighbours(userBrand, names, neighboursPerBrand);
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
        for (CoOccurrence.Neighbour p : pairs) {
            int b = Arrays.binarySearch(names, p.b());
            lists.get(Arrays.binarySearch(names, p.a())).add(new double[] {b, p.sim()});
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
        return BrandSide.of(names, factors, buyerCounts, neighbours, similarity);
    }

    /** The brand factors of {@code model} alone (no buyers, no neighbours): enough to rank by affinity. */
    public static BrandSide factorsOnly(AffinityModel model) {
        Map<String, float[]> byName = factorsByName(model);
        String[] names = new TreeSet<>(byName.keySet()).toArray(String[]::new);
        float[][] factors = new float[names.length][];
        for (int b = 0; b < names.length; b++) {
            factors[b] = byName.get(names[b]);
        }
        return BrandSide.of(
                names, factors, new long[names.length], new int[names.length][0], new double[names.length][0]);
    }

    private static Map<String, float[]> factorsByName(AffinityModel model) {
        Map<String, float[]> byName = new HashMap<>();
        for (Row r : model.brandFactors().collectAsList()) {
            byName.put(r.getString(0), AffinityModel.factors(r.getList(1)));
        }
        return byName;
    }
}
