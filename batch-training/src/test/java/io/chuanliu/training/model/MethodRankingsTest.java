package io.chuanliu.training.model;

import static io.chuanliu.training.model.FiveBrandCatalogue.AS_OF;
import static io.chuanliu.training.model.FiveBrandCatalogue.BRANDS;
import static io.chuanliu.training.model.FiveBrandCatalogue.FACTORS;
import static io.chuanliu.training.model.FiveBrandCatalogue.OWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chuanliu.common.ranking.LinearRanker;
import io.chuanliu.common.ranking.RankerFeatures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every method's ranking of one user on {@link FiveBrandCatalogue}, worked by hand. */
class MethodRankingsTest {

    @Test
    void shouldRankAlsByAffinityOwnHistoryOwnBrandsFirstAndPopularityByBuyers() {
        MethodRankings.Ranked ranked = rank(onlyFeature("als_score"), 2, false, null);

        assertThat(top(ranked, MethodRankings.ALS)).containsExactly("e", "b");
        assertThat(top(ranked, MethodRankings.OWN_HISTORY)).containsExactly("b", "d");
        assertThat(top(ranked, MethodRankings.POPULARITY)).containsExactly("e", "a");
    }

    @Test
    void shouldRankTheModelByTheRankersProbabilityOverThePool() {
        MethodRankings.Ranked ranked = rank(onlyFeature("als_score"), 3, false, null);

        assertThat(top(ranked, MethodRankings.MODEL)).containsExactly("e", "b", "c");
        double[] expected = Arrays.stream(new String[] {"e", "b", "c"})
                .mapToDouble(brand -> onlyFeature("als_score")
                        .probability(
                                RankerFeatures.of(UserCandidates.ownBrands(BRANDS, "u", OWN), AS_OF, BRANDS, FACTORS)
                                        .of(brand)))
                .toArray();
        assertThat(ranked.modelScores()).containsExactly(expected);
    }

    @Test
    void shouldBreakTheModelsTiesByOwnConfidenceButCoOccurrencesByPopularity() {
        // b, d and e have no co-occurrence score: the model (which weighs nothing else) puts the user's b first,
        // co-occurrence alone the popular e.
        MethodRankings.Ranked ranked = rank(onlyFeature("cooc_score"), 3, false, null);

        assertThat(top(ranked, MethodRankings.MODEL)).containsExactly("c", "a", "b");
        assertThat(top(ranked, MethodRankings.COOC)).containsExactly("c", "a", "e");
    }

    @Test
    void shouldLeaveOutEverySeenBrandButKeepTouchesWithoutWeightInAls() {
        // a was touched (say, bought and refunded: no weight, so not an own brand): seen, but only the user's own
        // brands leave ALS's ranking.
        MethodRankings.Ranked ranked = rank(onlyFeature("als_score"), 3, true, List.of("a", "b", "d", "unknown"));

        assertThat(top(ranked, MethodRankings.ALS)).containsExactly("e", "c", "a");
        assertThat(top(ranked, MethodRankings.MODEL)).containsExactly("e", "c");
        assertThat(top(ranked, MethodRankings.COOC)).containsExactly("c", "e");
        assertThat(top(ranked, MethodRankings.OWN_HISTORY)).containsExactly("e", "c");
        assertThat(top(ranked, MethodRankings.POPULARITY)).containsExactly("e", "c");
    }

    @Test
    void shouldGiveAUserAlsDoesNotKnowNoAlsRanking() {
        MethodRankings.Ranked ranked = MethodRankings.rank(
                BRANDS,
                new MethodRankings.Settings(onlyFeature("als_score"), 2, false, 2),
                AS_OF,
                "u",
                OWN,
                null,
                null);

        assertThat(top(ranked, MethodRankings.ALS)).isEmpty();
        assertThat(top(ranked, MethodRankings.OWN_HISTORY)).containsExactly("b", "d");
    }

    @Test
    void shouldRefuseFewerCandidatesPerSourceThanK() {
        assertThatThrownBy(() -> new MethodRankings.Settings(onlyFeature("als_score"), 2, false, 3))
                .hasMessageContaining("perSource 2 is below k 3");
    }

    private static MethodRankings.Ranked rank(LinearRanker ranker, int k, boolean excludeSeen, List<String> seen) {
        return MethodRankings.rank(
                BRANDS, new MethodRankings.Settings(ranker, k, excludeSeen, k), AS_OF, "u", OWN, FACTORS, seen);
    }

    private static List<String> top(MethodRankings.Ranked ranked, String method) {
        return Arrays.stream(ranked.top()[MethodRankings.METHODS.indexOf(method)])
                .mapToObj(BRANDS::name)
                .toList();
    }

    /** A ranker whose probability rises with one feature and ignores the others. */
    private static LinearRanker onlyFeature(String feature) {
        int n = RankerFeatures.NAMES.size();
        double[] weights = new double[n];
        double[] std = new double[n];
        Arrays.fill(std, 1);
        weights[RankerFeatures.NAMES.indexOf(feature)] = 1;
        return new LinearRanker(LinearRanker.TYPE, RankerFeatures.NAMES, new double[n], std, weights, 0, "PT336H");
    }
}
