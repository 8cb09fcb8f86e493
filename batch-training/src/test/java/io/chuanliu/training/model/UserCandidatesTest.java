package io.chuanliu.training.model;

import static io.chuanliu.training.model.FiveBrandCatalogue.AS_OF;
import static io.chuanliu.training.model.FiveBrandCatalogue.BRANDS;
import static io.chuanliu.training.model.FiveBrandCatalogue.FACTORS;
import static io.chuanliu.training.model.FiveBrandCatalogue.OWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chuanliu.common.ranking.BrandSide;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** One user's candidates on {@link FiveBrandCatalogue}, worked by hand. */
class UserCandidatesTest {

    @Test
    void shouldOfferOwnBrandsTheTopAffinityBrandTheTopCoOccurringBrandAndTheTopPopularBrand() {
        Map<String, Row> byBrand = byBrand(candidates(1, false, "u", OWN, FACTORS));

        // own: b, d; ALS top 1: e (0.9); co-occurrence top 1: c (2 x 0.5 + 0.5 x 0.4 = 1.2, against a's 0.5); popular
        // top 1: e.
        assertThat(byBrand.keySet()).containsExactlyInAnyOrder("b", "d", "e", "c");
    }

    @Test
    void shouldComputeEveryFeatureOfACandidate() {
        Map<String, Row> byBrand = byBrand(candidates(1, false, "u", OWN, FACTORS));

        Row b = byBrand.get("b");
        assertThat(feature(b, "als_score")).as("als_score").isCloseTo(0.3, within(1e-6));
        assertThat(feature(b, "own_confidence")).as("own_confidence").isCloseTo(Math.log1p(2.0), within(1e-12));
        assertThat(feature(b, "own_orders")).as("own_orders").isCloseTo(Math.log1p(2), within(1e-12));
        assertThat(feature(b, "order_share")).as("order_share").isEqualTo(1.0);
        assertThat(feature(b, "own_engagement")).as("own_engagement").isCloseTo(Math.log1p(0.2), within(1e-12));
        assertThat(feature(b, "engagement_share")).as("engagement_share").isCloseTo(0.25, within(1e-12));
        assertThat(feature(b, "days_since")).as("days_since").isEqualTo(1.0);
        assertThat(feature(b, "cooc_score")).as("cooc_score").isEqualTo(0.0);
        assertThat(feature(b, "log_popularity")).as("log_popularity").isCloseTo(Math.log1p(5), within(1e-12));

        Row c = byBrand.get("c");
        assertThat(feature(c, "own_confidence"))
                .as("own_confidence of a brand never touched")
                .isEqualTo(0.0);
        assertThat(feature(c, "days_since"))
                .as("days_since of a brand never touched")
                .isEqualTo(365.0);
        assertThat(feature(c, "cooc_score")).as("cooc_score").isCloseTo(1.2, within(1e-12));

        assertThat(feature(byBrand.get("d"), "als_score"))
                .as("als_score of a brand ALS does not know")
                .isEqualTo(0.0);
    }

    @Test
    void shouldRankOwnBrandsByConfidenceAndEveryOtherBrandJustAfterThem() {
        Map<String, Row> byBrand = byBrand(candidates(1, false, "u", OWN, FACTORS));

        // Own confidence first (b, d); a brand never touched ranks after all of them, whatever the pool.
        assertThat(ranks(byBrand, "own_rank"))
                .as("own_rank")
                .containsOnly(Map.entry("b", 1.0), Map.entry("d", 2.0), Map.entry("e", 3.0), Map.entry("c", 3.0));
    }

    @Test
    void shouldOfferAUserAlsDoesNotKnowTheirOwnBrandsCoOccurringAndPopularBrands() {
        Map<String, Row> byBrand = byBrand(candidates(1, false, "u", OWN, null));

        assertThat(byBrand.keySet()).containsExactlyInAnyOrder("b", "d", "c", "e");
        assertThat(byBrand.values())
                .allSatisfy(r -> assertThat(feature(r, "als_score")).isEqualTo(0.0));
    }

    @Test
    void shouldOfferANewUserThePopularBrands() {
        assertThat(byBrand(candidates(2, false, "new", List.of(), null)).keySet())
                .containsExactlyInAnyOrder("e", "a");
    }

    @Test
    void shouldFillEverySourceWithUnseenBrandsWhenSeenBrandsAreExcluded() {
        Map<String, Row> byBrand = byBrand(candidates(2, true, "u", OWN, FACTORS));

        // ALS: e, c (b is seen); co-occurrence: c, a; popular: e, a (b is seen).
        assertThat(byBrand.keySet()).containsExactlyInAnyOrder("e", "c", "a");
        assertThat(feature(byBrand.get("c"), "cooc_score"))
                .as("seen brands still lead to their neighbours")
                .isCloseTo(1.2, within(1e-12));
    }

    @Test
    void shouldKeepTheBrandsOfHighestAffinityTiesByName() {
        BrandSide tied = BrandSide.of(
                new String[] {"a", "b", "c", "d"},
                new float[][] {{1}, {2}, {2}, {3}},
                new long[] {1, 1, 1, 1},
                new int[4][0],
                new double[4][0]);

        int[] top = UserCandidates.topByAffinity(tied, new float[] {1}, 3, java.util.Set.of());

        assertThat(top).containsExactly(3, 1, 2);
    }

    @Test
    void shouldRankLikeAFullSortOfEveryBrandNotExcluded() {
        java.util.Random random = new java.util.Random(3);
        for (int round = 0; round < 200; round++) {
            int brands = 1 + random.nextInt(60);
            String[] names = new String[brands];
            float[][] factors = new float[brands][];
            for (int b = 0; b < brands; b++) {
                names[b] = String.format("b%03d", b);
                // Few distinct values, so that ties are common; some brands unknown to ALS.
                factors[b] = random.nextInt(8) == 0 ? null : new float[] {random.nextInt(5), random.nextInt(3)};
            }
            BrandSide side = BrandSide.of(names, factors, new long[brands], new int[brands][0], new double[brands][0]);
            float[] user = {random.nextInt(3) - 1, random.nextInt(3)};
            java.util.Set<Integer> excluded = new java.util.HashSet<>();
            random.ints(random.nextInt(brands), 0, brands).forEach(excluded::add);
            int n = random.nextInt(12);

            int[] expected = java.util.stream.IntStream.range(0, brands)
                    .filter(b -> factors[b] != null && !excluded.contains(b))
                    .boxed()
                    .sorted(java.util.Comparator.<Integer>comparingDouble(b -> -side.affinity(user, b))
                            .thenComparingInt(b -> b))
                    .limit(n)
                    .mapToInt(Integer::intValue)
                    .toArray();
            assertThat(UserCandidates.topByAffinity(side, user, n, excluded))
                    .as("round %d", round)
                    .containsExactly(expected);
        }
    }

    @Test
    void shouldLabelTheCandidatesTheUserBoughtInTheWindowAndKeepEveryFeature() {
        Map<String, Row> labelled = labelled(1, false, List.of(), List.of("c", "b", "zz"));

        assertThat(labelled.keySet()).containsExactly("b", "c", "d", "e");
        assertThat(label(labelled.get("b"))).isEqualTo(1.0);
        assertThat(label(labelled.get("c"))).isEqualTo(1.0);
        assertThat(labelled.get("d").isNullAt(UserCandidates.LABELLED_SCHEMA.fieldIndex("bought")))
                .as("a brand not bought has no label")
                .isTrue();
        for (Row candidate : candidates(1, false, "u", OWN, FACTORS)) {
            Row row = labelled.get(candidate.getString(1));
            for (int i = 0; i < candidate.size(); i++) {
                assertThat(row.get(i))
                        .as(candidate.getString(1) + " column " + i)
                        .isEqualTo(candidate.get(i));
            }
        }
    }

    @Test
    void shouldLeaveEverySeenBrandOutOfTheLabelledCandidates() {
        // a was touched without weight (not an own brand): seen, so out; b and d are own brands, out of every source.
        Map<String, Row> labelled = labelled(2, true, List.of("a", "b", "d"), List.of("c"));

        assertThat(labelled.keySet()).containsExactly("c", "e");
        assertThat(label(labelled.get("c"))).isEqualTo(1.0);
    }

    private static List<Row> candidates(
            int perSource, boolean excludeSeen, String user, List<Row> own, float[] factors) {
        return UserCandidates.pool(BRANDS, perSource, excludeSeen, AS_OF, user, own, factors)
                .rows(BRANDS, user);
    }

    /** The user's labelled candidates, by brand. */
    private static Map<String, Row> labelled(
            int perSource, boolean excludeSeen, List<String> seen, List<String> bought) {
        return byBrand(UserCandidates.labelled(
                        UserCandidates.pool(BRANDS, perSource, excludeSeen, AS_OF, "u", OWN, FACTORS),
                        BRANDS,
                        seen,
                        bought)
                .rows(BRANDS, "u"));
    }

    private static double label(Row row) {
        return row.getDouble(UserCandidates.LABELLED_SCHEMA.fieldIndex("bought"));
    }

    private static Map<String, Row> byBrand(List<Row> rows) {
        Map<String, Row> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put(r.getString(1), r));
        return out;
    }

    private static Map<String, Double> ranks(Map<String, Row> byBrand, String feature) {
        Map<String, Double> out = new LinkedHashMap<>();
        byBrand.forEach((brand, r) -> out.put(brand, feature(r, feature)));
        return out;
    }

    private static double feature(Row candidate, String name) {
        return candidate.getDouble(UserCandidates.SCHEMA.fieldIndex(name));
    }
}
