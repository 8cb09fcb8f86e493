package io.chuanliu.training.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chuanliu.common.ranking.BrandSide;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * One user's candidates on a five-brand catalogue, worked by hand. Brands: a..e with ALS factors
 * (d unknown to ALS), buyers 10, 5, 1, 0, 20; co-occurrence b -> c 0.5, b -> a 0.25, d -> c 0.4.
 * The user (factors (1, 0)) bought b twice a day ago (and engaged with it, weight 0.2) and engaged
 * with d three days ago (weight 0.6).
 */
class UserCandidatesTest {

    private static final long AS_OF = 100 * 86_400_000L;
    private static final long DAY = 86_400_000L;

    private static final BrandSide BRANDS = BrandSide.of(
            new String[] {"a", "b", "c", "d", "e"},
            new float[][] {{0.1f, 0}, {0.3f, 0}, {0.2f, 1}, null, {0.9f, 0}},
            new long[] {10, 5, 1, 0, 20},
            new int[][] {{}, {2, 0}, {}, {2}, {}},
            new double[][] {{}, {0.5, 0.25}, {}, {0.4}, {}});

    private static final List<Row> OWN = List.of(
            RowFactory.create("b", 2.0, 2L, AS_OF - DAY, 0.2), RowFactory.create("d", 0.5, 0L, AS_OF - 3 * DAY, 0.6));

    @Test
    void shouldOfferOwnBrandsTheTopAffinityBrandTheTopCoOccurringBrandAndTheTopPopularBrand() {
        Map<String, Row> byBrand =
                byBrand(UserCandidates.candidates(BRANDS, 1, false, AS_OF, "u", OWN, new float[] {1, 0}));

        // own: b, d; ALS top 1: e (0.9); co-occurrence top 1: c (2 x 0.5 + 0.5 x 0.4 = 1.2, against a's 0.5); popular
        // top 1: e.
        assertThat(byBrand.keySet()).containsExactlyInAnyOrder("b", "d", "e", "c");
    }

    @Test
    void shouldComputeEveryFeatureOfACandidate() {
        Map<String, Row> byBrand =
                byBrand(UserCandidates.candidates(BRANDS, 1, false, AS_OF, "u", OWN, new float[] {1, 0}));

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
        Map<String, Row> byBrand =
                byBrand(UserCandidates.candidates(BRANDS, 1, false, AS_OF, "u", OWN, new float[] {1, 0}));

        // Own confidence first (b, d); a brand never touched ranks after all of them, whatever the pool.
        assertThat(ranks(byBrand, "own_rank"))
                .as("own_rank")
                .containsOnly(Map.entry("b", 1.0), Map.entry("d", 2.0), Map.entry("e", 3.0), Map.entry("c", 3.0));
    }

    @Test
    void shouldOfferAUserAlsDoesNotKnowTheirOwnBrandsCoOccurringAndPopularBrands() {
        Map<String, Row> byBrand = byBrand(UserCandidates.candidates(BRANDS, 1, false, AS_OF, "u", OWN, null));

        assertThat(byBrand.keySet()).containsExactlyInAnyOrder("b", "d", "c", "e");
        assertThat(byBrand.values())
                .allSatisfy(r -> assertThat(feature(r, "als_score")).isEqualTo(0.0));
    }

    @Test
    void shouldOfferANewUserThePopularBrands() {
        assertThat(byBrand(UserCandidates.candidates(BRANDS, 2, false, AS_OF, "new", List.of(), null))
                        .keySet())
                .containsExactlyInAnyOrder("e", "a");
    }

    @Test
    void shouldFillEverySourceWithUnseenBrandsWhenSeenBrandsAreExcluded() {
        Map<String, Row> byBrand =
                byBrand(UserCandidates.candidates(BRANDS, 2, true, AS_OF, "u", OWN, new float[] {1, 0}));

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
