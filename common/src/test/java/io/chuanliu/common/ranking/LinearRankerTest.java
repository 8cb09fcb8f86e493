package io.chuanliu.common.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearRankerTest {

    private static LinearRanker ranker(List<String> features, String halfLife) {
        int n = features.size();
        double[] mean = new double[n];
        double[] std = new double[n];
        double[] weights = new double[n];
        java.util.Arrays.fill(std, 2.0);
        std[1] = 0; // a constant feature
        weights[0] = 1.0;
        weights[1] = 5.0;
        mean[0] = 1.0;
        return new LinearRanker(LinearRanker.TYPE, features, mean, std, weights, -1.0, halfLife);
    }

    @Test
    void shouldGiveTheLogisticOfTheStandardisedFeaturesIgnoringConstantOnes() {
        LinearRanker r = ranker(RankerFeatures.NAMES, "PT336H").requireComputable();
        double[] x = new double[RankerFeatures.NAMES.size()];
        x[0] = 5.0;
        x[1] = 100.0;

        assertThat(r.probability(x)).isCloseTo(1 / (1 + Math.exp(-(-1.0 + (5.0 - 1.0) / 2.0))), within(1e-15));
        assertThat(r.lambda()).isCloseTo(Math.log(2) / (14 * 86_400_000.0), within(1e-24));
    }

    @Test
    void shouldRefuseARankerThisVersionCannotComputeSayingWhy() {
        assertThatThrownBy(() ->
                        ranker(List.of("als_score", "new_feature"), "PT336H").requireComputable())
                .hasMessageContaining("new_feature")
                .hasMessageContaining("not the ones this version computes");
        assertThatThrownBy(() -> ranker(RankerFeatures.NAMES, "two weeks").requireComputable())
                .hasMessageContaining("'two weeks' is not an ISO-8601 duration");
        LinearRanker other = ranker(RankerFeatures.NAMES, "PT336H");
        assertThatThrownBy(() -> new LinearRanker(
                                "gbdt", other.features(), other.mean(), other.std(), other.weights(), 0, "PT1H")
                        .requireComputable())
                .hasMessageContaining("ranker type 'gbdt'");
    }
}
